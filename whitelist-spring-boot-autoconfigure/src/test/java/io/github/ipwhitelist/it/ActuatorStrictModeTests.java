package io.github.ipwhitelist.it;

import java.util.ArrayList;
import java.util.List;

import io.github.ipwhitelist.it.RawHttp.Response;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static io.github.ipwhitelist.it.ActuatorSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = ApiKeyTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"ip-whitelist.entries[0].address=127.0.0.0/29", "ip-whitelist.entries[0].description=HQ",
		"ip-whitelist.entries[1].address=127.0.1.0/24", "ip-whitelist.entries[1].description=contractor",
		"ip-whitelist.entries[1].expires-at=2026-01-01T01:00:00Z", "ip-whitelist.entries[2].address=127.0.2.0/24",
		"ip-whitelist.entries[2].description=old partner", "ip-whitelist.entries[2].expires-at=2025-12-31",
		"ip-whitelist.entries[3].address=::1", "ip-whitelist.deny[0].address=127.0.0.5",
		"ip-whitelist.deny[0].description=scraper", "ip-whitelist.client-ip.trusted-proxies=127.0.0.10/32",
		"management.endpoints.web.exposure.include=ipwhitelist,auditevents,health,metrics",
		"management.endpoint.health.show-details=always" })
@Import(AuditConfiguration.class)
class ActuatorStrictModeTests {

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Test
	void endpointShowsConfigurationCountsAndRecentDenials() {
		JsonNode before = read(this.port, "/actuator/ipwhitelist");
		for (int i = 0; i < 3; i++) {
			assertThat(RawHttp.get(this.port, "127.0.0.2", "/api/hello", AUTH).status()).isEqualTo(200);
		}
		assertThat(RawHttp.get(this.port, "127.0.0.9", "/api/hello", "X-Request-Id: mix-1").status()).isEqualTo(403);
		assertThat(RawHttp.get(this.port, "127.0.0.9", "/open/ping", "X-Request-Id: mix-2").status()).isEqualTo(403);
		assertThat(RawHttp.get(this.port, "127.0.0.5", "/api/hello", AUTH, "X-Request-Id: mix-3").status())
			.isEqualTo(403);
		assertThat(RawHttp.send(this.port, "127.0.0.10", "POST", "/api/hello", "{}",
				"X-Forwarded-For: 192.0.2.1, bad-hop", "X-Request-Id: mix-4").status())
			.isEqualTo(403);
		JsonNode after = read(this.port, "/actuator/ipwhitelist");

		assertThat(after.get("enabled").asBoolean()).isTrue();
		assertThat(after.get("mode").asString()).isEqualTo("STRICT");
		JsonNode counts = after.get("counts");
		JsonNode was = before.get("counts");
		// The second read of the endpoint is itself an allowed, guarded request.
		assertThat(counts.get("allowed").asLong() - was.get("allowed").asLong()).isEqualTo(4);
		assertThat(counts.get("denied").asLong() - was.get("denied").asLong()).isEqualTo(3);
		assertThat(counts.get("malformed").asLong() - was.get("malformed").asLong()).isEqualTo(1);
		assertThat(counts.get("rateLimited").asLong()).isZero();

		JsonNode entries = after.get("entries");
		assertThat(entries).hasSize(4);
		assertEntry(entries.get(0), "127.0.0.0/29", "HQ", null, false);
		assertEntry(entries.get(1), "127.0.1.0/24", "contractor", "2026-01-01T01:00:00Z", false);
		assertEntry(entries.get(2), "127.0.2.0/24", "old partner", "2026-01-01T00:00:00Z", true);
		assertEntry(entries.get(3), "::1", null, null, false);
		assertEntry(after.get("deny").get(0), "127.0.0.5", "scraper", null, false);

		List<JsonNode> recent = new ArrayList<>();
		after.get("recentDenied").forEach(recent::add);
		assertThat(recent).hasSizeGreaterThanOrEqualTo(4);
		assertDenial(recent.get(0), "bad-hop", "POST", "/api/hello", 1452, "mix-4");
		assertDenial(recent.get(1), "127.0.0.5", "GET", "/api/hello", 1451, "mix-3");
		assertDenial(recent.get(2), "127.0.0.9", "GET", "/open/ping", 1451, "mix-2");
		assertDenial(recent.get(3), "127.0.0.9", "GET", "/api/hello", 1451, "mix-1");
		assertThat(recent.get(1).get("reason").asString()).isEqualTo("denied by deny entry 127.0.0.5 (scraper)");
		assertThat(after.get("notListed")).isEmpty();

		// The same denials as audit events, and as meters.
		JsonNode audit = read(this.port, "/actuator/auditevents?type=IP_WHITELIST_DENIED&principal=127.0.0.5");
		JsonNode event = audit.get("events").get(0);
		assertThat(event.get("principal").asString()).isEqualTo("127.0.0.5");
		assertThat(event.get("type").asString()).isEqualTo("IP_WHITELIST_DENIED");
		assertThat(event.get("data").get("path").asString()).isEqualTo("/api/hello");
		assertThat(event.get("data").get("code").asInt()).isEqualTo(1451);
		assertThat(event.get("data").get("requestId").asString()).isEqualTo("mix-3");
		assertThat(this.meters.get("ip.whitelist.requests").tag("outcome", "denied").tag("mode", "strict")
			.functionCounter().count()).isEqualTo(counts.get("denied").asDouble());
		assertThat(this.meters.get("ip.whitelist.requests").tag("outcome", "malformed").functionCounter().count())
			.isEqualTo(counts.get("malformed").asDouble());
		assertThat(this.meters.get("ip.whitelist.entries.live").tag("list", "allow").gauge().value()).isEqualTo(3);
		assertThat(this.meters.find("ip.whitelist.requests").tagKeys("ip").meters()).isEmpty();
	}

	@Test
	void endpointShowsTheLookupTableSize() {
		JsonNode table = read(this.port, "/actuator/ipwhitelist").get("lookupTable");
		// Live: 127.0.0.0/29 cut by the deny entry 127.0.0.5 into three intervals, 127.0.1.0/24
		// and ::1 (127.0.2.0/24 has expired). Each family with entries has a 65,537-slot index.
		assertThat(table.get("intervals").asInt()).isEqualTo(5);
		assertThat(table.get("bytes").asLong()).isGreaterThan(2 * 4L * 65_537);
	}

	@Test
	void explainCoversEveryReason() {
		JsonNode listed = read(this.port, "/actuator/ipwhitelist/127.0.0.3");
		assertThat(listed.get("ip").asString()).isEqualTo("127.0.0.3");
		assertThat(listed.get("allowed").asBoolean()).isTrue();
		assertThat(listed.get("matchedEntry").get("address").asString()).isEqualTo("127.0.0.0/29");
		assertThat(listed.get("reason").asString()).isEqualTo("listed by 127.0.0.0/29 (HQ)");

		JsonNode denied = read(this.port, "/actuator/ipwhitelist/127.0.0.5");
		assertThat(denied.get("allowed").asBoolean()).isFalse();
		assertThat(denied.get("matchedEntry").get("address").asString()).isEqualTo("127.0.0.5");
		assertThat(denied.get("reason").asString()).isEqualTo("denied by deny entry 127.0.0.5 (scraper)");

		JsonNode expired = read(this.port, "/actuator/ipwhitelist/127.0.2.9");
		assertThat(expired.get("allowed").asBoolean()).isFalse();
		assertThat(expired.get("matchedEntry").isNull()).isTrue();
		assertThat(expired.get("reason").asString())
			.startsWith("entry 127.0.2.0/24 (old partner) expired at 2026-01-01T00:00:00Z; not listed");

		JsonNode unlisted = read(this.port, "/actuator/ipwhitelist/203.0.113.50");
		assertThat(unlisted.get("allowed").asBoolean()).isFalse();
		assertThat(unlisted.get("matchedEntry").isNull()).isTrue();
		assertThat(unlisted.get("reason").asString())
			.isEqualTo("not listed; strict mode denies every address that no live entry lists");

		JsonNode ipv6 = read(this.port, "/actuator/ipwhitelist/0:0:0:0:0:0:0:1");
		assertThat(ipv6.get("ip").asString()).isEqualTo("::1");
		assertThat(ipv6.get("allowed").asBoolean()).isTrue();

		JsonNode mapped = read(this.port, "/actuator/ipwhitelist/::ffff:127.0.0.3");
		assertThat(mapped.get("ip").asString()).isEqualTo("127.0.0.3");
		assertThat(mapped.get("allowed").asBoolean()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "010.0.0.1", "localhost", "127.1", "1:2:3:4:5:6:7", "1.2.3.4.5" })
	void explainWhenNotAnAddressThen400WithMessage(String ip) {
		Response response = RawHttp.get(this.port, ADMIN, "/actuator/ipwhitelist/" + ip);
		assertThat(response.status()).isEqualTo(400);
		JsonNode body = json.readTree(response.body());
		assertThat(body.get("error").asString()).startsWith("not a valid IP address: ");
	}

	@Test
	void healthShowsModeLiveAndExpiringEntries() {
		JsonNode health = read(this.port, "/actuator/health/ipwhitelist");
		assertThat(health.get("status").asString()).isEqualTo("UP");
		JsonNode details = health.get("details");
		assertThat(details.get("mode").asString()).isEqualTo("STRICT");
		assertThat(details.get("liveEntries").asInt()).isEqualTo(3);
		assertThat(details.get("expiringCount").asInt()).isEqualTo(1);
		assertThat(details.get("expiring").get(0).get("address").asString()).isEqualTo("127.0.1.0/24");
	}

	static void assertEntry(JsonNode entry, String address, String description, String expiresAt, boolean expired) {
		assertThat(entry.get("address").asString()).isEqualTo(address);
		assertThat(entry.get("description").isNull() ? null : entry.get("description").asString())
			.isEqualTo(description);
		assertThat(entry.get("expiresAt").isNull() ? null : entry.get("expiresAt").asString()).isEqualTo(expiresAt);
		assertThat(entry.get("expired").asBoolean()).isEqualTo(expired);
	}

	static void assertDenial(JsonNode denial, String ip, String method, String path, int code, String requestId) {
		assertThat(denial.get("ip").asString()).isEqualTo(ip);
		assertThat(denial.get("method").asString()).isEqualTo(method);
		assertThat(denial.get("path").asString()).isEqualTo(path);
		assertThat(denial.get("code").asInt()).isEqualTo(code);
		assertThat(denial.get("requestId").asString()).isEqualTo(requestId);
		assertThat(denial.get("timestamp").asString()).startsWith("2026-01-01T00:00:00");
	}

}
