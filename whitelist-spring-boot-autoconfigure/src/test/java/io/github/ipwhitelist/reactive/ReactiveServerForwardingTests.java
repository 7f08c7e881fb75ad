package io.github.ipwhitelist.reactive;

import io.github.ipwhitelist.it.RawHttp;
import io.github.ipwhitelist.it.RawHttp.Response;
import org.junit.jupiter.api.Test;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reactor Netty's forwarded handling switched on by a customizer (as a gateway's forwarded
 * settings do), which no property shows: the remote address then comes from a header any client
 * can send. The filter compares it with the connection's own peer and denies such a request
 * (1452) instead of checking the address the client chose.
 */
@SpringBootTest(classes = ReactiveTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "ip-whitelist.entries=127.0.0.2" })
@Import(ReactiveServerForwardingTests.ForwardedNetty.class)
class ReactiveServerForwardingTests {

	static {
		ReactiveSupport.installBlockHound();
	}

	@LocalServerPort
	int port;

	@Test
	void aForwardedAddressFromAnyClientIsNeverTheOneChecked() {
		Response spoofed = RawHttp.get(this.port, "127.0.0.9", "/api/hello", "X-Forwarded-For: 127.0.0.2");
		assertThat(spoofed.status()).isEqualTo(403);
		assertThat(spoofed.body()).contains("\"code\":1452");
		assertThat(RawHttp.get(this.port, "127.0.0.2", "/api/hello").status()).isEqualTo(200);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ForwardedNetty {

		@Bean
		NettyServerCustomizer forwarded() {
			return (server) -> server.forwarded(true);
		}

	}

}
