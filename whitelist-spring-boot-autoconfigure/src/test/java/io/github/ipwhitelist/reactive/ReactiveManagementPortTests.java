package io.github.ipwhitelist.reactive;

import io.github.ipwhitelist.it.RawHttp;
import io.github.ipwhitelist.it.RawHttp.Response;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reactive application whose actuator runs on a separate management server (its own Netty
 * port): the management server checks addresses as the application's does, with the same list
 * and the same counts, and a denial there is a denial everywhere.
 */
@SpringBootTest(classes = ReactiveTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "ip-whitelist.entries=127.0.0.2",
				"management.server.port=0", "management.endpoints.web.exposure.include=ipwhitelist,health",
				// Tomcat is on the test class path too (for the servlet tests): a reactive application
				// built with the webflux starter has only Netty.
				"spring.autoconfigure.exclude=org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatReactiveManagementContextAutoConfiguration" })
class ReactiveManagementPortTests {

	static {
		ReactiveSupport.installBlockHound();
	}

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void theManagementServerIsGuardedToo() {
		assertThat(this.managementPort).isNotEqualTo(this.port);
		Response denied = RawHttp.get(this.managementPort, "127.0.0.9", "/actuator/ipwhitelist");
		assertThat(denied.status()).isEqualTo(403);
		assertThat(denied.body()).contains("\"code\":1451").contains("127.0.0.9");
		assertThat(RawHttp.get(this.managementPort, "127.0.0.9", "/actuator/health").status()).isEqualTo(403);
		assertThat(RawHttp.get(this.managementPort, "127.0.0.9", "/nowhere").status()).isEqualTo(403);
		Response allowed = RawHttp.get(this.managementPort, "127.0.0.2", "/actuator/ipwhitelist");
		assertThat(allowed.status()).isEqualTo(200);
		// One recorder for both servers: the management server's denials are in the same view.
		assertThat(allowed.body()).contains("\"ip\":\"127.0.0.9\"");
		assertThat(RawHttp.get(this.port, "127.0.0.9", "/api/hello").status()).isEqualTo(403);
	}

}
