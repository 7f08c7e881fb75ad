package io.github.ipwhitelist.it;

import io.github.ipwhitelist.it.RawHttp.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.github.ipwhitelist.it.ActuatorSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator on a separate management server ({@code management.server.port}), with an
 * application whose only security chain covers {@code /api/**}: no chain matches the actuator
 * paths there, and the check must still guard that server.
 */
@SpringBootTest(classes = ApiKeyTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ip-whitelist.entries=127.0.0.2", "management.server.port=0",
				"ip-whitelist.tenants.resolver=header", "ip-whitelist.tenants.policies.acme.entries=127.0.0.3",
				"management.endpoints.web.exposure.include=env,beans,ipwhitelist,health" })
class ManagementPortTests {

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/env", "/actuator/beans", "/actuator/ipwhitelist", "/actuator/health",
			"/actuator/ipwhitelist/127.0.0.9", "/nothing-here" })
	void unlistedAddressIsDeniedOnTheManagementServer(String path) {
		Response response = RawHttp.get(this.managementPort, "127.0.0.9", path);
		assertThat(response.status()).as(path).isEqualTo(403);
		JsonNode body = json.readTree(response.body());
		assertThat(body.get("code").asInt()).isEqualTo(1451);
		assertThat(body.get("blockedIp").asString()).isEqualTo("127.0.0.9");
		assertThat(body.get("instance").asString()).isEqualTo(path);
	}

	@Test
	void unlistedAddressCannotTriggerAReload() {
		Response response = RawHttp.send(this.managementPort, "127.0.0.9", "POST", "/actuator/ipwhitelist", "",
				"Content-Type: application/json");
		assertThat(response.status()).isEqualTo(403);
		assertThat(json.readTree(response.body()).get("code").asInt()).isEqualTo(1451);
	}

	@Test
	void unlistedAddressOverIpv6IsDeniedOnTheManagementServer() {
		Response response = RawHttp.get(this.managementPort, "::1", "/actuator/env");
		assertThat(response.status()).isEqualTo(403);
		assertThat(json.readTree(response.body()).get("blockedIp").asString()).isEqualTo("::1");
	}

	@Test
	void listedAddressReadsTheManagementServer() {
		Response response = RawHttp.get(this.managementPort, "127.0.0.2", "/actuator/ipwhitelist");
		assertThat(response.status()).isEqualTo(200);
		JsonNode body = json.readTree(response.body());
		assertThat(body.get("counts").get("denied").asLong()).isPositive();
	}

	@Test
	void eachRequestIsCheckedOnceOnEitherServer() {
		long before = deniedCount();
		RawHttp.get(this.managementPort, "127.0.0.9", "/actuator/env");
		RawHttp.get(this.port, "127.0.0.9", "/api/hello");
		assertThat(deniedCount()).isEqualTo(before + 2);
	}

	@Test
	void aNamedTenantsListGuardsTheManagementServerToo() {
		// 127.0.0.2 passes the global list; acme lists only 127.0.0.3.
		Response denied = RawHttp.get(this.managementPort, "127.0.0.2", "/actuator/env", "X-Tenant-Id: acme");
		assertThat(denied.status()).isEqualTo(403);
		assertThat(json.readTree(denied.body()).get("code").asInt()).isEqualTo(1451);
		JsonNode view = json.readTree(RawHttp.get(this.managementPort, "127.0.0.2", "/actuator/ipwhitelist/tenants/acme")
			.body());
		assertThat(view.get("recentDenied").get(0).get("gate").asString()).isEqualTo("tenant");
		assertThat(RawHttp.get(this.managementPort, "127.0.0.2", "/actuator/env").status()).isEqualTo(200);
	}

	@Test
	void applicationServerStillGuarded() {
		assertThat(RawHttp.get(this.port, "127.0.0.9", "/api/hello").status()).isEqualTo(403);
		assertThat(RawHttp.get(this.port, "127.0.0.9", "/open/ping").status()).isEqualTo(403);
	}

	long deniedCount() {
		return json.readTree(RawHttp.get(this.managementPort, "127.0.0.2", "/actuator/ipwhitelist").body())
			.get("counts")
			.get("denied")
			.asLong();
	}

}
