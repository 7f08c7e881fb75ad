package io.github.ipwhitelist.store;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An application with the tenant store and the management API: support staff authenticate
 * with HTTP basic ({@code admin} holds the API's authority, {@code viewer} does not); its
 * chain lets every request through to the API, which checks the authority itself. Tenants are
 * named by the {@code X-Tenant-Id} header on {@code /api/**}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class StoreTestApplication {

	public static final String ADMIN = "Authorization: Basic " + java.util.Base64.getEncoder()
		.encodeToString("admin:admin-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));

	public static final String VIEWER = "Authorization: Basic " + java.util.Base64.getEncoder()
		.encodeToString("viewer:viewer-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));

	/**
	 * Runs the application on its own, for the HTTP benchmark of the management API (see
	 * BENCHMARKS.md): its logins are checked in plain text ({noop}), so that what is measured is
	 * the API and the store, not a password hash.
	 * @param args the application's arguments ({@code --spring.datasource.url=...} and the
	 * {@code ip-whitelist.*} settings)
	 */
	public static void main(String[] args) {
		org.springframework.boot.SpringApplication.run(StoreTestApplication.class, args);
	}

	@Bean
	AuditEventRepository auditEventRepository() {
		return new InMemoryAuditEventRepository();
	}

	/**
	 * The logins, checked in plain text: only a lookup (not the manager itself, which Spring
	 * Security would upgrade to BCrypt at the first login, a hash per request).
	 */
	@Bean
	UserDetailsService users() {
		InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(
				User.withUsername("admin").password("{noop}admin-secret").roles("IP_WHITELIST_ADMIN").build(),
				User.withUsername("viewer").password("{noop}viewer-secret").roles("USER").build());
		return users::loadUserByUsername;
	}

	@Bean
	SecurityFilterChain admin(HttpSecurity http) {
		return http.securityMatcher("/admin/**")
			.httpBasic(Customizer.withDefaults())
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	@Bean
	SecurityFilterChain api(HttpSecurity http) {
		return http.securityMatcher("/api/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	@RestController
	static class Endpoints {

		@GetMapping("/api/hello")
		String hello() {
			return "hello";
		}

	}

}
