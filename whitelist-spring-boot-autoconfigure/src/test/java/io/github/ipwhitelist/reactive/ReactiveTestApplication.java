package io.github.ipwhitelist.reactive;

import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A WebFlux application on Reactor Netty with Spring Security: an API chain that lets every
 * request through (the whitelist is what is tested), and the actuator. Its tests run it with
 * {@code spring.main.web-application-type=reactive}, since Spring MVC is on the test class path
 * too.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ReactiveTestApplication {

	/** Partners log in as their tenant: the principal name is the tenant the credentials prove. */
	@Bean
	MapReactiveUserDetailsService users() {
		return new MapReactiveUserDetailsService(
				User.withUsername("acme").password("{noop}acme-secret").roles("PARTNER").build());
	}

	@Bean
	@Order(1)
	SecurityWebFilterChain secure(ServerHttpSecurity http) {
		return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/secure/**"))
			.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated())
			.httpBasic(Customizer.withDefaults())
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.build();
	}

	@Bean
	@Order(2)
	SecurityWebFilterChain api(ServerHttpSecurity http) {
		return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/api/**"))
			.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll())
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.build();
	}

	@Bean
	@Order(3)
	SecurityWebFilterChain others(ServerHttpSecurity http) {
		return http.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll())
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.build();
	}

	@RestController
	static class HelloController {

		@GetMapping("/api/hello")
		Mono<String> hello() {
			return Mono.just("hello");
		}

		@GetMapping("/secure/hello")
		Mono<String> secure() {
			return Mono.just("secure");
		}

		@GetMapping("/open/hello")
		Mono<String> open() {
			return Mono.just("open");
		}

	}

}
