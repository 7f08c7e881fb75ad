package io.github.ipwhitelist.reactive;

import io.github.ipwhitelist.it.RawHttp;
import io.github.ipwhitelist.it.RawHttp.Response;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The minimal format on the reactive stack, and status 404 hiding that anything is here.
 */
@SpringBootTest(classes = ReactiveTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "ip-whitelist.entries=127.0.0.2",
				"ip-whitelist.response.format=minimal", "ip-whitelist.response.status=404" })
class ReactiveMinimalFormatTests {

	static {
		ReactiveSupport.installBlockHound();
	}

	@LocalServerPort
	int port;

	@Test
	void aDenialIsAnEmptyNotFound() {
		Response denied = RawHttp.get(this.port, "127.0.0.9", "/api/hello");
		assertThat(denied.status()).isEqualTo(404);
		assertThat(denied.body()).isEmpty();
		assertThat(denied.header("X-Request-Id")).isNull();
		assertThat(denied.header("Cache-Control")).isEqualTo("no-store");
		assertThat(RawHttp.get(this.port, "127.0.0.2", "/api/hello").status()).isEqualTo(200);
	}

}
