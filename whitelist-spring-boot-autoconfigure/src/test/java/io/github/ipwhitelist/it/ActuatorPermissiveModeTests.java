package io.github.ipwhitelist.it;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.github.ipwhitelist.it.ActuatorSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = ApiKeyTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ip-whitelist.mode=permissive", "ip-whitelist.entries=127.0.0.2",
				"ip-whitelist.deny=127.0.0.5", "management.endpoints.web.exposure.include=ipwhitelist" })
class ActuatorPermissiveModeTests {

	@LocalServerPort
	int port;

	@Test
	void unlistedCallersPassAndAreRecorded() {
		for (int i = 0; i < 3; i++) {
			assertThat(RawHttp.get(this.port, "127.0.0.9", "/api/hello", AUTH).status()).isEqualTo(200);
		}
		assertThat(RawHttp.get(this.port, "127.0.0.7", "/open/ping").status()).isEqualTo(200);
		assertThat(RawHttp.get(this.port, "::1", "/open/ping").status()).isEqualTo(200);
		assertThat(RawHttp.get(this.port, "127.0.0.5", "/open/ping").status()).isEqualTo(403);
		JsonNode body = read(this.port, "/actuator/ipwhitelist");
		assertThat(body.get("mode").asString()).isEqualTo("PERMISSIVE");
		JsonNode notListed = body.get("notListed");
		assertThat(notListed.get(0).get("ip").asString()).isEqualTo("127.0.0.9");
		assertThat(notListed.get(0).get("count").asLong()).isEqualTo(3);
		assertThat(notListed.get(0).get("lastSeen").asString()).startsWith("2026-01-01T00:00:00");
		List<String> ips = new ArrayList<>();
		notListed.forEach((caller) -> ips.add(caller.get("ip").asString()));
		assertThat(ips).contains("127.0.0.7", "::1").doesNotContain("127.0.0.2", "127.0.0.5");
		assertThat(body.get("recentDenied").get(0).get("ip").asString()).isEqualTo("127.0.0.5");
	}

	@Test
	void explainSaysStrictModeWouldDeny() {
		JsonNode body = read(this.port, "/actuator/ipwhitelist/198.51.100.1");
		assertThat(body.get("allowed").asBoolean()).isTrue();
		assertThat(body.get("reason").asString())
			.isEqualTo("not listed; allowed because the mode is permissive (strict mode would deny it)");
	}

}
