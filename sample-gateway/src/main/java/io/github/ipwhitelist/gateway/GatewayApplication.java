package io.github.ipwhitelist.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Spring Cloud Gateway in front of the payments sample: the address check runs at the edge,
 * before routing, so a denied address never reaches the backend. Authentication (API key,
 * HMAC) stays the backend's: the gateway's own security chain lets every request through to
 * the route, and guards only the actuator by address.
 */
@SpringBootApplication
public class GatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(GatewayApplication.class, args);
	}

	/**
	 * An answer of the gateway's own, {@code GET /edge/ping}: what the walkthrough and the
	 * benchmark call to see the edge without the backend.
	 */
	@Bean
	RouterFunction<ServerResponse> ping() {
		return RouterFunctions.route().GET("/edge/ping", (request) -> ServerResponse.ok().bodyValue("pong")).build();
	}

	@Bean
	SecurityWebFilterChain edge(ServerHttpSecurity http) {
		return http.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll())
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.build();
	}

}
