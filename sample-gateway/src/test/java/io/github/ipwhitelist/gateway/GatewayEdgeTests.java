package io.github.ipwhitelist.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.github.ipwhitelist.it.RawHttp;
import io.github.ipwhitelist.it.RawHttp.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway in front of a backend that counts what reaches it, over real ports from real
 * loopback source addresses: an allowed address is routed (the backend sees it, with the
 * gateway's X-Forwarded-For), a denied one gets 403 at the edge and the backend's count does
 * not move.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "ip-whitelist.entries=127.0.0.1,127.0.0.2")
class GatewayEdgeTests {

	static final List<String> seen = new CopyOnWriteArrayList<>();

	static final HttpServer backend;

	static {
		try {
			backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		backend.createContext("/", (exchange) -> {
			seen.add(exchange.getRequestURI().getPath() + " from " + exchange.getRemoteAddress().getAddress()
				.getHostAddress() + " for " + exchange.getRequestHeaders().getFirst("X-Forwarded-For"));
			byte[] body = "backend".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		backend.start();
	}

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void backendUri(DynamicPropertyRegistry registry) {
		registry.add("backend.uri", () -> "http://127.0.0.1:" + backend.getAddress().getPort());
	}

	@AfterAll
	static void stopBackend() {
		backend.stop(0);
	}

	@BeforeEach
	void clear() {
		seen.clear();
	}

	@Test
	void anAllowedAddressIsRoutedToTheBackend() {
		Response response = RawHttp.get(this.port, "127.0.0.2", "/api/v1/banks");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("backend");
		assertThat(seen).singleElement().asString().startsWith("/api/v1/banks from 127.0.0.1 for 127.0.0.2");
	}

	@Test
	void theGatewaysOwnAnswerIsGuardedToo() {
		assertThat(RawHttp.get(this.port, "127.0.0.1", "/edge/ping").body()).isEqualTo("pong");
		assertThat(RawHttp.get(this.port, "127.0.0.9", "/edge/ping").status()).isEqualTo(403);
	}

	@Test
	void aDeniedAddressNeverReachesTheBackend() {
		Response response = RawHttp.get(this.port, "127.0.0.9", "/api/v1/banks");
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.body()).contains("\"code\":1451").contains("127.0.0.9");
		// A forged X-Forwarded-For from an untrusted peer changes nothing.
		assertThat(RawHttp.get(this.port, "127.0.0.9", "/api/v1/banks", "X-Forwarded-For: 127.0.0.2").status())
			.isEqualTo(403);
		assertThat(seen).isEmpty();
	}

}
