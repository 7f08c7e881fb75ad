package io.github.ipwhitelist.reactive;

import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
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

	@Bean
	SecurityWebFilterChain api(ServerHttpSecurity http) {
		return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/api/**"))
			.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll())
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.build();
	}

	@Bean
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

		@GetMapping("/open/hello")
		Mono<String> open() {
			return Mono.just("open");
		}

	}

}
