package io.github.ipwhitelist.store;

import io.github.ipwhitelist.it.RawHttp;
import io.github.ipwhitelist.it.RawHttp.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * This session's behaviours in a deployment with a separate management server, behind a CDN
 * that names the client in a single-address header, with denials answered 404: the management
 * API stays on the application's server; the management server reads the same header, hides its
 * denials the same way, and shows the store in its health.
 */
@SpringBootTest(classes = StoreTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "ip-whitelist.entries=127.0.0.1, 192.0.2.7",
				"ip-whitelist.client-ip.trusted-proxies=127.0.0.10/32", "ip-whitelist.client-ip.header=CF-Connecting-IP",
				"ip-whitelist.response.status=404", "ip-whitelist.tenants.resolver=header",
				"ip-whitelist.store.type=jdbc", "ip-whitelist.admin.enabled=true",
				"spring.datasource.url=jdbc:h2:mem:management-port;DB_CLOSE_DELAY=-1",
				"management.endpoints.web.exposure.include=health",
				"management.endpoint.health.show-details=always" })
class ManagementPortStoreTests {

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Test
	void theManagementApiStaysOnTheApplicationsServer() {
		Response put = RawHttp.send(this.port, "127.0.0.1", "PUT", "/admin/ip-whitelist/tenants/edge",
				"{\"entries\": [\"192.0.2.7\"]}", StoreTestApplication.ADMIN, "Content-Type: application/json");
		assertThat(put.status()).isEqualTo(200);
		Response elsewhere = RawHttp.get(this.managementPort, "127.0.0.1", "/admin/ip-whitelist/tenants/edge",
				StoreTestApplication.ADMIN);
		assertThat(elsewhere.status()).isEqualTo(404);
		assertThat(elsewhere.body()).doesNotContain("192.0.2.7");
		// Through the CDN, the tenant's gate reads the header's client.
		assertThat(RawHttp.get(this.port, "127.0.0.10", "/api/hello", "CF-Connecting-IP: 192.0.2.7",
				"X-Tenant-Id: edge").status()).isEqualTo(200);
	}

	@Test
	void theManagementServerReadsTheSameHeaderAndHidesItsDenials() {
		Response listed = RawHttp.get(this.managementPort, "127.0.0.10", "/actuator/health",
				"CF-Connecting-IP: 192.0.2.7");
		assertThat(listed.status()).isEqualTo(200);
		JsonNode store = TenantJson.mapper().readTree(listed.body()).path("components").path("ipwhitelist")
			.path("details").path("store");
		assertThat(store.path("state").asString()).isEqualTo("up");
		Response denied = RawHttp.get(this.managementPort, "127.0.0.10", "/actuator/health",
				"CF-Connecting-IP: 198.51.100.1");
		assertThat(denied.status()).isEqualTo(404);
		assertThat(denied.body()).doesNotContain("198.51.100.1").doesNotContain("1451");
		Response malformed = RawHttp.get(this.managementPort, "127.0.0.10", "/actuator/health",
				"CF-Connecting-IP: 192.0.2.7, 192.0.2.8");
		assertThat(malformed.status()).isEqualTo(404);
		assertThat(malformed.body()).doesNotContain("1452");
	}

}
