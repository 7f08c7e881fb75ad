package io.github.ipwhitelist.sample.security;

import java.time.Clock;

import io.github.ipwhitelist.web.IpWhitelistAuthorizationManager;

import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;

/**
 * The two security filter chains of the sample. The IP whitelist needs no line here: the
 * starter puts its check first in both chains, ahead of the API key, the signature and the
 * admin login.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SampleSecurityProperties.class)
public class SampleSecurityConfiguration {

	/**
	 * Actuator: health is open (for load balancer checks), everything else needs the admin login.
	 */
	@Bean
	@Order(1)
	SecurityFilterChain actuatorChain(HttpSecurity http, IpWhitelistAuthorizationManager ipWhitelist) {
		// The starter already checks the address first in this chain. Here the same manager is
		// also part of the authorization rule itself (forRequestContext), next to the admin role:
		// a rule a reader can see, and one that holds even for a chain the starter did not touch.
		return http.securityMatcher(EndpointRequest.toAnyEndpoint())
			.authorizeHttpRequests((requests) -> requests.requestMatchers(EndpointRequest.to(HealthEndpoint.class))
				.permitAll()
				.anyRequest()
				.access(AuthorizationManagers.allOf(ipWhitelist.forRequestContext(),
						AuthorityAuthorizationManager.hasRole("ADMIN"))))
			.httpBasic(Customizer.withDefaults())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	/**
	 * The whitelist management API: support staff log in (HTTP basic) and need the authority
	 * the starter checks too ({@code ip-whitelist.admin.authority}); the address gates run first
	 * here as everywhere.
	 */
	@Bean
	@Order(0)
	SecurityFilterChain whitelistAdminChain(HttpSecurity http) {
		return http.securityMatcher("/admin/ip-whitelist/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().hasRole("IP_WHITELIST_ADMIN"))
			.httpBasic(Customizer.withDefaults())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	/**
	 * The API: an API key (layer 2), then a signature (layer 3).
	 */
	@Bean
	@Order(2)
	SecurityFilterChain apiChain(HttpSecurity http, SampleSecurityProperties properties, Clock clock) {
		ApiErrors errors = new ApiErrors(clock);
		ApiKeyAuthenticationFilter apiKeys = new ApiKeyAuthenticationFilter(new ApiClientRegistry(properties), errors);
		HmacSignatureFilter signatures = new HmacSignatureFilter(clock, properties.getSignatureWindow(),
				properties.getNonceCacheSize(), errors);
		return http.securityMatcher("/api/**")
			.addFilterBefore(apiKeys, UsernamePasswordAuthenticationFilter.class)
			.addFilterAfter(signatures, ApiKeyAuthenticationFilter.class)
			.authorizeHttpRequests((requests) -> requests.anyRequest().hasAuthority("SIGNED"))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(errors))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * Keeps audit events (IP denials among them) in memory for {@code /actuator/auditevents};
	 * a real deployment would store them in its own database.
	 */
	@Bean
	AuditEventRepository auditEventRepository() {
		return new InMemoryAuditEventRepository();
	}

}
