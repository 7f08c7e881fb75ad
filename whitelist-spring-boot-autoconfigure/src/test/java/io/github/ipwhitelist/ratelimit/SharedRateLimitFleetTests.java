package io.github.ipwhitelist.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.ipwhitelist.it.RawHttp;
import io.github.ipwhitelist.it.RawHttp.Response;
import io.github.ipwhitelist.store.StoreTestApplication;
import io.github.ipwhitelist.store.TenantJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static io.github.ipwhitelist.support.Waiting.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three instances share one limit through a real store (Redis or PostgreSQL, in the
 * subclasses): a client's concurrent requests spread over the three get exactly the capacity
 * between them. With the store stopped, no request fails and each instance still limits with
 * its own buckets, as health says; once the store is back, the limit is shared again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class SharedRateLimitFleetTests {

	static final int CAPACITY = 100;

	final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	final List<Integer> ports = new ArrayList<>();

	/** The store's settings (a property per element). */
	abstract List<String> storeProperties();

	abstract void stopStore();

	abstract void startStore();

	/**
	 * Starts the three instances one after the other (applications started at once in one JVM
	 * race to set up logging, and the log lines of later tests would be doubled).
	 */
	@BeforeAll
	void startFleet() throws Exception {
		for (int i = 0; i < 3; i++) {
			List<String> properties = new ArrayList<>(List.of("server.port=0", "ip-whitelist.entries=127.0.0.0/8",
					"ip-whitelist.tenants.resolver=header", "ip-whitelist.rate-limit.enabled=true",
					"ip-whitelist.rate-limit.capacity=" + CAPACITY, "ip-whitelist.rate-limit.refill-period=1h",
					"ip-whitelist.rate-limit.per-tenant=true",
					"ip-whitelist.rate-limit.tenant-overrides.bulk.capacity=5",
					"ip-whitelist.rate-limit.tenant-overrides.bulk.refill-period=1h",
					"ip-whitelist.tenants.policies.acme.mode=permissive",
					"ip-whitelist.rate-limit.store-timeout=300ms", "management.endpoints.web.exposure.include=health",
					"management.endpoint.health.show-details=always", "spring.main.banner-mode=off"));
			properties.addAll(storeProperties());
			ConfigurableApplicationContext context = new SpringApplicationBuilder(StoreTestApplication.class)
				.properties(properties.toArray(String[]::new))
				.run();
			this.instances.add(context);
			this.ports.add(((WebServerApplicationContext) context).getWebServer().getPort());
		}
	}

	@AfterAll
	void stopFleet() {
		this.instances.forEach(ConfigurableApplicationContext::close);
	}

	Response api(int instance, String from, String... headers) {
		return RawHttp.get(this.ports.get(instance), from, "/api/hello", headers);
	}

	JsonNode rateLimitHealth(int instance) {
		Response response = RawHttp.get(this.ports.get(instance), "127.0.0.1", "/actuator/health");
		return TenantJson.mapper().readTree(response.body()).path("components").path("ipwhitelist").path("details")
			.path("rateLimit");
	}

	/** Sends requests from one client spread over the three instances, 6 at a time; counts by status. */
	Map<Integer, AtomicInteger> burst(String from, int requests) throws Exception {
		Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
		ExecutorService clients = Executors.newFixedThreadPool(6);
		List<Future<?>> sent = new ArrayList<>();
		for (int i = 0; i < requests; i++) {
			int instance = i % 3;
			sent.add(clients.submit(() -> statuses.computeIfAbsent(api(instance, from).status(),
					(s) -> new AtomicInteger()).incrementAndGet()));
		}
		for (Future<?> future : sent) {
			future.get(60, TimeUnit.SECONDS);
		}
		clients.shutdown();
		return statuses;
	}

	static int count(Map<Integer, AtomicInteger> statuses, int status) {
		AtomicInteger count = statuses.get(status);
		return (count != null) ? count.get() : 0;
	}


	@Test
	@Order(1)
	void concurrentRequestsOfOneClientOverThreeInstancesGetExactlyTheCapacity() throws Exception {
		for (int instance = 0; instance < 3; instance++) {
			assertThat(rateLimitHealth(instance).path("state").asString()).isEqualTo("shared");
		}
		Map<Integer, AtomicInteger> statuses = burst("127.0.0.7", 150);
		assertThat(count(statuses, 200)).isEqualTo(CAPACITY);
		assertThat(count(statuses, 429)).isEqualTo(50);
		assertThat(statuses.keySet()).containsOnly(200, 429);
		Response limited = api(1, "127.0.0.7");
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.header("RateLimit-Limit")).isEqualTo(Integer.toString(CAPACITY));
		assertThat(limited.header("RateLimit-Remaining")).isEqualTo("0");
		assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 36L);
		Response fresh = api(2, "127.0.0.8");
		assertThat(fresh.status()).isEqualTo(200);
		assertThat(fresh.header("RateLimit-Remaining")).isEqualTo(Integer.toString(CAPACITY - 1));
		assertThat(Long.parseLong(fresh.header("RateLimit-Reset"))).isBetween(1L, 36L);
	}

	@Test
	@Order(2)
	void eachTenantHasItsOwnBucketsAcrossTheFleet() throws Exception {
		// 127.0.0.9 is one partner platform's egress for two tenants: bulk's burst leaves acme alone.
		int bulkPassed = 0;
		for (int i = 0; i < 9; i++) {
			bulkPassed += (api(i % 3, "127.0.0.9", "X-Tenant-Id: bulk").status() == 200) ? 1 : 0;
		}
		assertThat(bulkPassed).isEqualTo(5);
		Response acme = api(0, "127.0.0.9", "X-Tenant-Id: acme");
		assertThat(acme.status()).isEqualTo(200);
		assertThat(acme.header("RateLimit-Remaining")).isEqualTo(Integer.toString(CAPACITY - 1));
		// Naming made-up tenants buys no fresh buckets: a tenant without a policy or a limit of its
		// own shares the client's bucket.
		Map<Integer, AtomicInteger> own = burst("127.0.0.13", CAPACITY);
		assertThat(count(own, 200)).isEqualTo(CAPACITY);
		for (int i = 0; i < 5; i++) {
			assertThat(api(i % 3, "127.0.0.13", "X-Tenant-Id: made-up-" + i).status()).isEqualTo(429);
		}
	}

	@Test
	@Order(3)
	void storeStoppedMidRunGivesNoErrorKeepsLimitingAndSharesAgainOnceBack() throws Exception {
		Map<Integer, AtomicInteger> before = burst("127.0.0.10", 30);
		assertThat(count(before, 200)).isEqualTo(30);
		stopStore();
		try {
			// Each instance now limits on its own: 3 x 100 fresh local buckets for a new client.
			Map<Integer, AtomicInteger> during = burst("127.0.0.11", 360);
			assertThat(during.keySet()).as("no error while the store is down").containsOnly(200, 429);
			assertThat(count(during, 200)).isEqualTo(3 * CAPACITY);
			for (int instance = 0; instance < 3; instance++) {
				JsonNode health = rateLimitHealth(instance);
				assertThat(health.path("state").asString()).isEqualTo("local");
				assertThat(health.path("lastError").asString()).isNotEmpty();
				assertThat(health.path("localDecisions").asLong()).isGreaterThan(0);
			}
		}
		finally {
			startStore();
		}
		for (int instance = 0; instance < 3; instance++) {
			int i = instance;
			within(Duration.ofSeconds(20), () -> rateLimitHealth(i).path("state").asString().equals("shared"));
		}
		Map<Integer, AtomicInteger> after = burst("127.0.0.12", 150);
		assertThat(count(after, 200)).isEqualTo(CAPACITY);
		assertThat(count(after, 429)).isEqualTo(50);
	}

}
