package io.github.ipwhitelist.store;

import io.github.ipwhitelist.it.RawHttp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The management API in an application that writes no security configuration at all: Spring
 * Boot's default chain (CSRF on, HTTP basic with {@code spring.security.user}). The API's paths
 * need no CSRF token (it takes JSON only); every other path keeps its CSRF check.
 */
@SpringBootTest(classes = DefaultChainAdminTests.PlainApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.security.user.name=support", "spring.security.user.password=support-secret",
				"spring.security.user.roles=IP_WHITELIST_ADMIN", "ip-whitelist.entries=127.0.0.0/8",
				"ip-whitelist.store.type=jdbc", "ip-whitelist.admin.enabled=true",
				"spring.datasource.url=jdbc:h2:mem:default-chain;DB_CLOSE_DELAY=-1" })
class DefaultChainAdminTests {

	static final String SUPPORT = "Authorization: Basic " + java.util.Base64.getEncoder()
		.encodeToString("support:support-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));

	@LocalServerPort
	int port;

	@Test
	void theApiWorksBehindBootsDefaultChainWithoutACsrfToken() {
		RawHttp.Response put = RawHttp.send(this.port, "127.0.0.1", "PUT", "/admin/ip-whitelist/tenants/plain",
				"{\"entries\": [\"127.0.0.5\"]}", SUPPORT, "Content-Type: application/json");
		assertThat(put.status()).isEqualTo(200);
		assertThat(RawHttp.send(this.port, "127.0.0.1", "POST", "/admin/ip-whitelist/tenants/plain/entries",
				"{\"entries\": [\"127.0.0.6\"]}", SUPPORT, "Content-Type: application/json").status()).isEqualTo(200);
		assertThat(RawHttp.send(this.port, "127.0.0.1", "DELETE", "/admin/ip-whitelist/tenants/plain", null, SUPPORT)
			.status()).isEqualTo(204);
		// What a form of another site could send is refused.
		assertThat(RawHttp.send(this.port, "127.0.0.1", "POST", "/admin/ip-whitelist/tenants/plain/entries",
				"{\"entries\": [\"127.0.0.7\"]}", SUPPORT, "Content-Type: text/plain").status()).isEqualTo(415);
		// Other paths keep their CSRF check (refused before the login is read: the error page then
		// asks for one).
		assertThat(RawHttp.send(this.port, "127.0.0.1", "POST", "/other", "x", SUPPORT, "Content-Type: text/plain")
			.status()).isIn(401, 403);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class PlainApplication {

		@RestController
		static class Other {

			@PostMapping("/other")
			String other() {
				return "done";
			}

		}

	}

}
