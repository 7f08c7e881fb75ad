package io.github.ipwhitelist.it;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * An application as a user writes one: its own security filter chain for {@code /api/**}
 * with its own API-key filter (counting every request it sees), and a path outside every
 * security filter chain.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ApiKeyTestApplication {

	public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	public static final String KEY = "test-key-123";

	@Bean
	MutableClock clock() {
		return new MutableClock(START);
	}

	@Bean
	ApiKeyCounter apiKeyCounter() {
		return new ApiKeyCounter();
	}

	@Bean
	SecurityFilterChain api(HttpSecurity http, ApiKeyCounter counter) {
		return http.securityMatcher("/api/**")
			.addFilterBefore(new ApiKeyFilter(counter), UsernamePasswordAuthenticationFilter.class)
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint((request, response, ex) -> {
				response.setStatus(401);
				response.setContentType("application/json");
				response.getWriter().write("{\"error\":\"invalid or missing API key\",\"code\":2001}");
			}))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.build();
	}

	@RestController
	static class TestController {

		@GetMapping("/api/hello")
		Map<String, String> hello() {
			return Map.of("hello", "world");
		}

		@GetMapping("/open/ping")
		String ping() {
			return "pong";
		}

		@GetMapping("/status/ping")
		String status() {
			return "up";
		}

		/** Starts on an open path, then dispatches asynchronously to a guarded one. */
		@GetMapping("/open/async-to-api")
		void asyncToApi(HttpServletRequest request) {
			request.startAsync().dispatch("/api/hello");
		}

	}

	public static final class ApiKeyCounter {

		private final AtomicInteger calls = new AtomicInteger();

		public int calls() {
			return this.calls.get();
		}

	}

	static final class ApiKeyFilter extends OncePerRequestFilter {

		private final ApiKeyCounter counter;

		ApiKeyFilter(ApiKeyCounter counter) {
			this.counter = counter;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			this.counter.calls.incrementAndGet();
			if (("Bearer " + KEY).equals(request.getHeader("Authorization"))) {
				SecurityContextHolder.getContext()
					.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("client", null,
							AuthorityUtils.createAuthorityList("ROLE_CLIENT")));
			}
			chain.doFilter(request, response);
		}

	}

}
