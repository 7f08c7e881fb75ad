package io.github.ipwhitelist.it;

import java.time.Duration;

import io.github.ipwhitelist.it.ApiKeyTestApplication.ApiKeyCounter;
import io.github.ipwhitelist.it.RawHttp.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole stack over a real port, with requests from real loopback source addresses: the
 * address check runs before the application's own API-key authentication, and neither
 * bypasses the other.
 */
@SpringBootTest(classes = ApiKeyTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"ip-whitelist.entries[0].address=127.0.0.0/29", "ip-whitelist.entries[0].description=local block",
		"ip-whitelist.entries[1].address=127.0.1.0/24", "ip-whitelist.entries[1].description=contractor",
		"ip-whitelist.entries[1].expires-at=2026-01-01T01:00:00Z", "ip-whitelist.entries[2].address=127.0.2.1",
		"ip-whitelist.entries[2].expires-at=2025-12-31", "ip-whitelist.entries[3].address=::1",
		"ip-whitelist.deny[0].address=127.0.0.5", "ip-whitelist.deny[0].description=compromised host",
		"ip-whitelist.paths.exclude=/status/**" })
class EndToEndTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String AUTH = "Authorization: Bearer " + ApiKeyTestApplication.KEY;

	@LocalServerPort
	int port;

	@Autowired
	ApiKeyCounter counter;

	@Autowired
	MutableClock clock;

	@AfterEach
	void resetClock() {
		this.clock.set(ApiKeyTestApplication.START);
	}

	@Test
	void listedAddressWithoutKeyReachesAuthenticationAndGets401() {
		int before = this.counter.calls();
		Response response = RawHttp.get(this.port, "127.0.0.2", "/api/hello");
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.body()).contains("\"code\":2001");
		assertThat(this.counter.calls()).isEqualTo(before + 1);
	}

	@Test
	void listedAddressWithKeyGets200() {
		Response response = RawHttp.get(this.port, "127.0.0.2", "/api/hello", AUTH);
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"hello\":\"world\"}");
	}

	@Test
	void unlistedAddressWithValidKeyGets403AndApiKeyFilterNeverRuns() {
		int before = this.counter.calls();
		Response response = RawHttp.get(this.port, "127.0.0.9", "/api/hello", AUTH, "X-Request-Id: e2e-1");
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.header("X-Request-Id")).isEqualTo("e2e-1");
		JsonNode body = json.readTree(response.body());
		assertThat(body.get("code").asInt()).isEqualTo(1451);
		assertThat(body.get("blockedIp").asString()).isEqualTo("127.0.0.9");
		assertThat(body.get("requestId").asString()).isEqualTo("e2e-1");
		assertThat(this.counter.calls()).isEqualTo(before);
	}

	@Test
	void unlistedAddressWithoutKeyGets403Not401() {
		Response response = RawHttp.get(this.port, "127.0.0.9", "/api/hello");
		assertThat(response.status()).isEqualTo(403);
		assertThat(json.readTree(response.body()).get("code").asInt()).isEqualTo(1451);
	}

	@Test
	void denyEntryWinsOverListedCidr() {
		int before = this.counter.calls();
		Response response = RawHttp.get(this.port, "127.0.0.5", "/api/hello", AUTH);
		assertThat(response.status()).isEqualTo(403);
		assertThat(json.readTree(response.body()).get("blockedIp").asString()).isEqualTo("127.0.0.5");
		assertThat(RawHttp.get(this.port, "127.0.0.4", "/api/hello", AUTH).status()).isEqualTo(200);
		assertThat(this.counter.calls()).isEqualTo(before + 1);
	}

	@Test
	void expiredEntryDenies() {
		assertThat(RawHttp.get(this.port, "127.0.2.1", "/api/hello", AUTH).status()).isEqualTo(403);
	}

	@Test
	void entryExpiringDuringTheTestStopsMatchingWithoutRestart() {
		assertThat(RawHttp.get(this.port, "127.0.1.7", "/api/hello", AUTH).status()).isEqualTo(200);
		this.clock.advance(Duration.ofMinutes(59).plusSeconds(59));
		assertThat(RawHttp.get(this.port, "127.0.1.7", "/api/hello", AUTH).status()).isEqualTo(200);
		this.clock.advance(Duration.ofSeconds(1));
		Response response = RawHttp.get(this.port, "127.0.1.7", "/api/hello", AUTH);
		assertThat(response.status()).isEqualTo(403);
		assertThat(json.readTree(response.body()).get("code").asInt()).isEqualTo(1451);
	}

	@Test
	void ipv6LoopbackListedPasses() {
		assertThat(RawHttp.get(this.port, "::1", "/api/hello", AUTH).status()).isEqualTo(200);
		assertThat(RawHttp.get(this.port, "::1", "/api/hello").status()).isEqualTo(401);
	}

	@Test
	void pathOutsideEverySecurityChainIsStillChecked() {
		Response denied = RawHttp.get(this.port, "127.0.0.9", "/open/ping");
		assertThat(denied.status()).isEqualTo(403);
		assertThat(json.readTree(denied.body()).get("code").asInt()).isEqualTo(1451);
		Response allowed = RawHttp.get(this.port, "127.0.0.2", "/open/ping");
		assertThat(allowed.status()).isEqualTo(200);
		assertThat(allowed.body()).isEqualTo("pong");
	}

	@Test
	void excludedPathIsNotChecked() {
		assertThat(RawHttp.get(this.port, "127.0.0.9", "/status/ping").status()).isEqualTo(200);
	}

	@Test
	void requestRejectedByTheFirewallIsStillCheckedBeforeAuthentication() {
		// "//api/hello" is rejected by Spring Security's firewall; its ERROR dispatch runs the
		// security chain again, and the address check must come first there too.
		int before = this.counter.calls();
		Response denied = RawHttp.get(this.port, "127.0.0.9", "//api/hello", AUTH);
		assertThat(denied.status()).isEqualTo(403);
		assertThat(json.readTree(denied.body()).get("code").asInt()).isEqualTo(1451);
		assertThat(this.counter.calls()).isEqualTo(before);
		assertThat(RawHttp.get(this.port, "127.0.0.2", "//api/hello", AUTH).status()).isEqualTo(400);
	}

	@Test
	void forwardingHeaderFromUntrustedPeerIsIgnored() {
		Response response = RawHttp.get(this.port, "127.0.0.9", "/api/hello", AUTH, "X-Forwarded-For: 127.0.0.2");
		assertThat(response.status()).isEqualTo(403);
		assertThat(json.readTree(response.body()).get("blockedIp").asString()).isEqualTo("127.0.0.9");
	}

}
