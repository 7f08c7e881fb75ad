package io.github.ipwhitelist.reactive;

import java.time.Duration;

import io.github.ipwhitelist.it.RawHttp;
import io.github.ipwhitelist.it.RawHttp.Response;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The whitelist of a WebFlux application over a real Reactor Netty port, from real loopback
 * source addresses, under BlockHound: allowed, denied, deny wins, expiry, IPv6, an IPv4-mapped
 * client, trusted proxies, a malformed hop (1452), the problem format with the request id, the
 * rate limit with its headers, a tenant's gate, a path no security chain matches, and the
 * actuator endpoint.
 */
@SpringBootTest(classes = ReactiveTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive",
				"ip-whitelist.entries[0].address=127.0.0.0/29", "ip-whitelist.entries[1].address=::1",
				"ip-whitelist.entries[2].address=192.0.2.7", "ip-whitelist.entries[3].address=127.0.1.1",
				"ip-whitelist.entries[3].expires-at=2020-01-01", "ip-whitelist.entries[4].address=127.0.1.2",
				"ip-whitelist.entries[4].expires-at=2999-01-01", "ip-whitelist.deny[0].address=127.0.0.3",
				"ip-whitelist.client-ip.trusted-proxies=127.0.0.10/32", "ip-whitelist.tenants.resolver=header",
				"ip-whitelist.tenants.policies.acme.entries=127.0.0.5", "ip-whitelist.rate-limit.enabled=true",
				"ip-whitelist.rate-limit.capacity=20", "ip-whitelist.rate-limit.refill-period=1h",
				"management.endpoints.web.exposure.include=ipwhitelist,health",
				"management.endpoint.health.show-details=always" })
class ReactiveEndToEndTests {

	static {
		ReactiveSupport.installBlockHound();
	}

	static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	Response get(String from, String path, String... headers) {
		return RawHttp.get(this.port, from, path, headers);
	}

	static JsonNode body(Response response) {
		return json.readTree(response.body());
	}

	@Test
	void blockHoundIsWatching() {
		assertThatThrownBy(() -> Mono.fromCallable(() -> {
			Thread.sleep(1);
			return 1;
		}).subscribeOn(Schedulers.parallel()).block(Duration.ofSeconds(5))).hasCauseInstanceOf(BlockingOperationError.class);
	}

	@Test
	void listedAddressesPassAndOthersGetTheProblemResponse() {
		Response allowed = get("127.0.0.2", "/api/hello");
		assertThat(allowed.status()).isEqualTo(200);
		assertThat(allowed.body()).isEqualTo("hello");
		Response denied = get("127.0.0.9", "/api/hello", "X-Request-Id: trace-42");
		assertThat(denied.status()).isEqualTo(403);
		assertThat(denied.header("Content-Type")).isEqualTo("application/problem+json;charset=UTF-8");
		assertThat(denied.header("X-Request-Id")).isEqualTo("trace-42");
		JsonNode problem = body(denied);
		assertThat(problem.get("code").asInt()).isEqualTo(1451);
		assertThat(problem.get("blockedIp").asString()).isEqualTo("127.0.0.9");
		assertThat(problem.get("instance").asString()).isEqualTo("/api/hello");
		assertThat(problem.get("requestId").asString()).isEqualTo("trace-42");
		// A path that no security chain's matcher... every path is checked, chain or not.
		assertThat(get("127.0.0.9", "/open/hello").status()).isEqualTo(403);
		assertThat(get("127.0.0.9", "/nowhere").status()).isEqualTo(403);
		assertThat(get("127.0.0.2", "/open/hello").status()).isEqualTo(200);
	}

	@Test
	void denyWinsAndExpiredEntriesStopMatching() {
		assertThat(get("127.0.0.3", "/api/hello").status()).isEqualTo(403);
		assertThat(get("127.0.1.1", "/api/hello").status()).isEqualTo(403);
		assertThat(get("127.0.1.2", "/api/hello").status()).isEqualTo(200);
	}

	@Test
	void ipv6AndMappedClients() {
		assertThat(get("::1", "/api/hello").status()).isEqualTo(200);
		assertThat(get("127.0.0.10", "/api/hello", "X-Forwarded-For: ::ffff:192.0.2.7").status()).isEqualTo(200);
	}

	@Test
	void trustedProxiesForwardTheirClientsAndMalformedHopsAre1452() {
		assertThat(get("127.0.0.10", "/api/hello", "X-Forwarded-For: 192.0.2.7").status()).isEqualTo(200);
		Response stranger = get("127.0.0.10", "/api/hello", "X-Forwarded-For: 198.51.100.1");
		assertThat(stranger.status()).isEqualTo(403);
		assertThat(body(stranger).get("blockedIp").asString()).isEqualTo("198.51.100.1");
		Response untrusted = get("127.0.0.9", "/api/hello", "X-Forwarded-For: 192.0.2.7");
		assertThat(body(untrusted).get("blockedIp").asString()).isEqualTo("127.0.0.9");
		Response malformed = get("127.0.0.10", "/api/hello", "X-Forwarded-For: 192.0.2.7, garbage");
		assertThat(malformed.status()).isEqualTo(403);
		assertThat(body(malformed).get("code").asInt()).isEqualTo(1452);
	}

	@Test
	void aTenantsListIsASecondGate() {
		assertThat(get("127.0.0.5", "/api/hello", "X-Tenant-Id: acme").status()).isEqualTo(200);
		Response other = get("127.0.0.4", "/api/hello", "X-Tenant-Id: acme");
		assertThat(other.status()).isEqualTo(403);
		assertThat(body(other).get("code").asInt()).isEqualTo(1451);
	}

	@Test
	void theTenantTheCredentialsProveHoldsTheCallerToItsList() {
		String acme = "Authorization: Basic " + java.util.Base64.getEncoder()
			.encodeToString("acme:acme-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		assertThat(get("127.0.0.5", "/secure/hello", acme).status()).isEqualTo(200);
		// Counted as Acme's, though the request named no tenant: the credentials did.
		assertThat(body(get("127.0.0.2", "/actuator/ipwhitelist/tenants/acme")).get("counts").get("allowed").asLong())
			.isPositive();
		// Acme's credentials from an address the global list passes but Acme's does not, naming no tenant.
		Response escaped = get("127.0.0.4", "/secure/hello", acme);
		assertThat(escaped.status()).isEqualTo(403);
		assertThat(body(escaped).get("code").asInt()).isEqualTo(1451);
		// Naming another tenant than the credentials prove.
		assertThat(get("127.0.0.5", "/secure/hello", acme, "X-Tenant-Id: globex").status()).isEqualTo(403);
		assertThat(get("127.0.0.5", "/secure/hello").status()).isEqualTo(401);
	}

	@Test
	void theRateLimitAnswers429WithItsHeaders() {
		Response first = get("127.0.0.6", "/api/hello");
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.header("RateLimit-Limit")).isEqualTo("20");
		assertThat(first.header("RateLimit-Remaining")).isEqualTo("19");
		for (int i = 0; i < 19; i++) {
			get("127.0.0.6", "/api/hello");
		}
		Response limited = get("127.0.0.6", "/api/hello");
		assertThat(limited.status()).isEqualTo(429);
		assertThat(body(limited).get("code").asInt()).isEqualTo(1453);
		assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
		assertThat(limited.header("RateLimit-Remaining")).isEqualTo("0");
	}

	@Test
	void theEndpointShowsTheCountsAndExplains() {
		get("127.0.0.9", "/api/hello");
		Response view = get("127.0.0.2", "/actuator/ipwhitelist");
		assertThat(view.status()).isEqualTo(200);
		JsonNode whitelist = body(view);
		assertThat(whitelist.get("counts").get("denied").asLong()).isPositive();
		assertThat(whitelist.get("recentDenied").get(0).get("ip").asString()).isNotEmpty();
		JsonNode explained = body(get("127.0.0.2", "/actuator/ipwhitelist/127.0.0.3"));
		assertThat(explained.get("allowed").asBoolean()).isFalse();
		assertThat(explained.get("outcome").asString()).isEqualTo("DENIED_BY_DENY_ENTRY");
		Response health = get("127.0.0.2", "/actuator/health");
		assertThat(health.status()).isEqualTo(200);
		assertThat(body(health).get("components").get("ipwhitelist").get("status").asString()).isEqualTo("UP");
		// The actuator is guarded like any path.
		assertThat(get("127.0.0.9", "/actuator/ipwhitelist").status()).isEqualTo(403);
	}

}
