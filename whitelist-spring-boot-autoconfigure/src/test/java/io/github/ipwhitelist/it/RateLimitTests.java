package io.github.ipwhitelist.it;

import java.time.Duration;

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
 * Rate limiting over a real port: 3 requests a minute per address, a controllable clock.
 */
@SpringBootTest(classes = ApiKeyTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ip-whitelist.entries=127.0.0.0/28,::1,2001:db8::/32", "ip-whitelist.deny=127.0.0.5",
				"ip-whitelist.client-ip.trusted-proxies=127.0.0.10/32",
				"ip-whitelist.rate-limit.enabled=true", "ip-whitelist.rate-limit.capacity=3",
				"ip-whitelist.rate-limit.refill-period=60s",
				"ip-whitelist.rate-limit.overrides[0].address=127.0.0.8/30",
				"ip-whitelist.rate-limit.overrides[0].capacity=10",
				"management.endpoints.web.exposure.include=ipwhitelist" })
class RateLimitTests {

	static final JsonMapper json = JsonMapper.builder().build();

	static final String AUTH = "Authorization: Bearer " + ApiKeyTestApplication.KEY;

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	@AfterEach
	void moveOn() {
		// Every test starts with full buckets: an idle bucket refills within a minute.
		this.clock.advance(Duration.ofMinutes(2));
	}

	Response get(String from, String... headers) {
		return RawHttp.get(this.port, from, "/api/hello", headers);
	}

	@Test
	void burstOverCapacityGets429With1453AndRetryAfter() {
		for (int i = 0; i < 3; i++) {
			assertThat(get("127.0.0.2", AUTH).status()).isEqualTo(200);
		}
		Response limited = get("127.0.0.2", AUTH, "X-Request-Id: rl-1");
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.header("Retry-After")).isEqualTo("20");
		JsonNode body = json.readTree(limited.body());
		assertThat(body.get("code").asInt()).isEqualTo(1453);
		assertThat(body.get("status").asInt()).isEqualTo(429);
		assertThat(body.get("title").asString()).isEqualTo("Rate limit exceeded for IP address");
		assertThat(body.get("blockedIp").asString()).isEqualTo("127.0.0.2");
		assertThat(body.get("requestId").asString()).isEqualTo("rl-1");

		JsonNode endpoint = json.readTree(RawHttp.get(this.port, "127.0.0.3", "/actuator/ipwhitelist").body());
		assertThat(endpoint.get("counts").get("rateLimited").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(endpoint.get("recentDenied").get(0).get("code").asInt()).isEqualTo(1453);
		assertThat(endpoint.get("recentDenied").get(0).get("requestId").asString()).isEqualTo("rl-1");
	}

	@Test
	void bucketRefillsWithTimeWithoutSleeping() {
		for (int i = 0; i < 3; i++) {
			get("127.0.0.4", AUTH);
		}
		assertThat(get("127.0.0.4", AUTH).status()).isEqualTo(429);
		this.clock.advance(Duration.ofSeconds(20));
		assertThat(get("127.0.0.4", AUTH).status()).isEqualTo(200);
		assertThat(get("127.0.0.4", AUTH).status()).isEqualTo(429);
	}

	@Test
	void deniedAddressGets1451Never1453() {
		for (int i = 0; i < 6; i++) {
			Response response = get("127.0.0.5", AUTH);
			assertThat(response.status()).isEqualTo(403);
			assertThat(json.readTree(response.body()).get("code").asInt()).isEqualTo(1451);
		}
		Response unlisted = get("127.0.0.99", AUTH);
		assertThat(json.readTree(unlisted.body()).get("code").asInt()).isEqualTo(1451);
	}

	@Test
	void overrideGivesARangeMore() {
		for (int i = 0; i < 10; i++) {
			assertThat(get("127.0.0.9", AUTH).status()).as("request %d", i).isEqualTo(200);
		}
		assertThat(get("127.0.0.9", AUTH).status()).isEqualTo(429);
	}

	@Test
	void ipv6ClientIsLimitedToo() {
		for (int i = 0; i < 3; i++) {
			assertThat(get("::1", AUTH).status()).isEqualTo(200);
		}
		assertThat(get("::1", AUTH).status()).isEqualTo(429);
	}

	@Test
	void ipv6ClientsInOneSlash64ShareABucket() {
		// Real sockets from the trusted proxy 127.0.0.10, which names IPv6 clients.
		String proxy = "127.0.0.10";
		assertThat(get(proxy, AUTH, "X-Forwarded-For: 2001:db8:1:2::1").status()).isEqualTo(200);
		assertThat(get(proxy, AUTH, "X-Forwarded-For: 2001:db8:1:2::ffff").status()).isEqualTo(200);
		assertThat(get(proxy, AUTH, "X-Forwarded-For: 2001:db8:1:2:aaaa:bbbb:cccc:dddd").status()).isEqualTo(200);
		Response limited = get(proxy, AUTH, "X-Forwarded-For: 2001:db8:1:2::2");
		assertThat(limited.status()).isEqualTo(429);
		assertThat(json.readTree(limited.body()).get("blockedIp").asString()).isEqualTo("2001:db8:1:2::2");
		assertThat(get(proxy, AUTH, "X-Forwarded-For: 2001:db8:1:3::1").status()).isEqualTo(200);
	}

	@Test
	void limitAppliesBeforeAuthentication() {
		for (int i = 0; i < 3; i++) {
			assertThat(get("127.0.0.6").status()).isEqualTo(401);
		}
		assertThat(get("127.0.0.6", AUTH).status()).isEqualTo(429);
	}

}
