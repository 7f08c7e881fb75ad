package io.github.ipwhitelist.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.ipwhitelist.it.RawHttp;
import io.github.ipwhitelist.it.RawHttp.Response;
import io.github.ipwhitelist.support.EmbeddedPostgresSupport;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static io.github.ipwhitelist.support.Waiting.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fleet: three instances of the application (each its own context and real port) on one real
 * PostgreSQL. A change through one is enforced by the others within the poll interval; two
 * support agents replacing the same version at once through two instances: one wins, the other
 * gets 412, the history holds exactly the winner's change; PostgreSQL stopped for 20 s under
 * steady traffic to all three: no error response, decisions from the last good lists, and
 * every instance catches up by itself once it is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetTests {

	static final Duration POLL = Duration.ofMillis(500);

	static final String BASE = "/admin/ip-whitelist/tenants/";

	@TempDir
	static Path temp;

	EmbeddedPostgres postgres;

	Path data;

	int postgresPort;

	final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	final List<Integer> ports = new ArrayList<>();

	@BeforeAll
	void startFleet() throws Exception {
		this.data = Files.createDirectories(temp.resolve("pgdata"));
		this.postgres = EmbeddedPostgresSupport.start(this.data, 0);
		this.postgresPort = this.postgres.getPort();
		// The three start together on the new database: they race to create the tables.
		ExecutorService starting = Executors.newFixedThreadPool(3);
		List<Future<ConfigurableApplicationContext>> started = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			started.add(starting.submit(() -> new SpringApplicationBuilder(StoreTestApplication.class)
				.properties("server.port=0", "spring.datasource.url=" + this.postgres.getJdbcUrl("postgres", "postgres"),
						"spring.datasource.username=postgres", "spring.datasource.hikari.connection-timeout=1000",
						"spring.datasource.hikari.validation-timeout=500", "ip-whitelist.entries=127.0.0.0/8, ::1",
						"ip-whitelist.tenants.resolver=header", "ip-whitelist.store.type=jdbc",
						"ip-whitelist.store.jdbc.initialize-schema=always",
						"ip-whitelist.store.poll-interval=" + POLL.toMillis() + "ms", "ip-whitelist.admin.enabled=true",
						"management.endpoints.web.exposure.include=health",
						"management.endpoint.health.show-details=always", "spring.main.banner-mode=off")
				.run()));
		}
		starting.shutdown();
		for (Future<ConfigurableApplicationContext> future : started) {
			ConfigurableApplicationContext context = future.get(120, TimeUnit.SECONDS);
			this.instances.add(context);
			this.ports.add(((WebServerApplicationContext) context).getWebServer().getPort());
		}
	}

	@AfterAll
	void stopFleet() throws Exception {
		this.instances.forEach(ConfigurableApplicationContext::close);
		if (this.postgres != null) {
			this.postgres.close();
		}
	}

	Response admin(int instance, String method, String path, String body, String... headers) {
		List<String> all = new ArrayList<>(List.of(StoreTestApplication.ADMIN, "Content-Type: application/json"));
		all.addAll(List.of(headers));
		return RawHttp.send(this.ports.get(instance), "127.0.0.1", method, path, body, all.toArray(String[]::new));
	}

	int api(int instance, String from, String tenant) {
		return RawHttp.get(this.ports.get(instance), from, "/api/hello", "X-Tenant-Id: " + tenant).status();
	}


	@Test
	@Order(1)
	void aChangeThroughOneInstanceIsEnforcedByTheOthersWithinThePollInterval() throws Exception {
		assertThat(admin(0, "PUT", BASE + "partner", "{\"entries\": [\"127.0.0.5\"], \"reason\": \"go live\"}")
			.status()).isEqualTo(200);
		assertThat(api(0, "127.0.0.6", "partner")).isEqualTo(403);
		// Polls run every 500 ms on each instance: the change is seen at the next one (plus the
		// time of a request in this loop).
		Duration limit = POLL.plusMillis(400);
		for (int instance = 1; instance < 3; instance++) {
			int i = instance;
			within(limit, () -> api(i, "127.0.0.6", "partner") == 403);
			assertThat(api(i, "127.0.0.5", "partner")).isEqualTo(200);
		}
		assertThat(admin(1, "POST", BASE + "partner/entries", "{\"entries\": [\"127.0.0.6\"]}").status())
			.isEqualTo(200);
		for (int instance : new int[] { 0, 2 }) {
			within(limit, () -> api(instance, "127.0.0.6", "partner") == 200);
		}
		assertThat(admin(2, "DELETE", BASE + "partner", null).status()).isEqualTo(204);
		for (int instance : new int[] { 0, 1 }) {
			within(limit, () -> api(instance, "127.0.0.9", "partner") == 200);
		}
	}

	@Test
	@Order(2)
	void twoConcurrentReplacementsOfOneVersionThroughTwoInstancesOneWinsTheOtherGets412() throws Exception {
		for (int round = 0; round < 10; round++) {
			String tenant = "contested-" + round;
			Response created = admin(0, "PUT", BASE + tenant, "{\"entries\": [\"127.0.0.5\"]}");
			String etag = created.header("ETag");
			CountDownLatch start = new CountDownLatch(1);
			ExecutorService pool = Executors.newFixedThreadPool(2);
			try {
				Future<Response> viaA = pool.submit(() -> {
					start.await();
					return admin(0, "PUT", BASE + tenant, "{\"entries\": [\"127.0.0.10\"], \"reason\": \"agent A\"}",
							"If-Match: " + etag);
				});
				Future<Response> viaB = pool.submit(() -> {
					start.await();
					return admin(1, "PUT", BASE + tenant, "{\"entries\": [\"127.0.0.11\"], \"reason\": \"agent B\"}",
							"If-Match: " + etag);
				});
				start.countDown();
				int a = viaA.get(30, TimeUnit.SECONDS).status();
				int b = viaB.get(30, TimeUnit.SECONDS).status();
				assertThat(List.of(a, b)).containsExactlyInAnyOrder(200, 412);
				String winner = (a == 200) ? "127.0.0.10" : "127.0.0.11";
				String loser = (a == 200) ? "127.0.0.11" : "127.0.0.10";
				JsonNode history = TenantJson.mapper().readTree(admin(2, "GET", BASE + tenant + "/history", null).body());
				assertThat(history).hasSize(2);
				assertThat(history.get(0).get("version").longValue()).isEqualTo(2);
				assertThat(history.get(0).get("reason").stringValue()).isEqualTo((a == 200) ? "agent A" : "agent B");
				assertThat(history.get(0).get("after").get("entries").get(0).get("address").stringValue())
					.isEqualTo(winner);
				for (int instance = 0; instance < 3; instance++) {
					int i = instance;
					within(POLL.plusMillis(400), () -> api(i, winner, tenant) == 200 && api(i, loser, tenant) == 403);
				}
			}
			finally {
				pool.shutdownNow();
			}
		}
	}

	@Test
	@Order(3)
	void postgresStoppedFor20sUnderSteadyTrafficGivesNoErrorAndEveryInstanceCatchesUp() throws Exception {
		assertThat(admin(0, "PUT", BASE + "steady", "{\"entries\": [\"127.0.0.5\"]}").status()).isEqualTo(200);
		for (int instance = 0; instance < 3; instance++) {
			int i = instance;
			within(POLL.plusMillis(400), () -> api(i, "127.0.0.6", "steady") == 403);
		}
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicInteger requests = new AtomicInteger();
		Map<String, AtomicInteger> wrong = new ConcurrentHashMap<>();
		ExecutorService traffic = Executors.newFixedThreadPool(3);
		for (int instance = 0; instance < 3; instance++) {
			int i = instance;
			traffic.submit(() -> {
				while (running.get()) {
					int listed = api(i, "127.0.0.5", "steady");
					int unlisted = api(i, "127.0.0.6", "steady");
					requests.addAndGet(2);
					if (listed != 200) {
						wrong.computeIfAbsent(i + " listed " + listed, (k) -> new AtomicInteger()).incrementAndGet();
					}
					if (unlisted != 403) {
						wrong.computeIfAbsent(i + " unlisted " + unlisted, (k) -> new AtomicInteger()).incrementAndGet();
					}
				}
				return null;
			});
		}
		Thread.sleep(1000);
		this.postgres.close();
		long stoppedAt = System.nanoTime();
		// Every instance notices at its next poll, and says so in its health.
		for (int instance = 0; instance < 3; instance++) {
			int i = instance;
			within(Duration.ofSeconds(5), () -> health(i).path("store").path("state").asString().equals("unreachable"));
			assertThat(health(i).path("store").path("lastError").asString()).isNotEmpty();
		}
		Response refused = admin(0, "PUT", BASE + "steady", "{\"entries\": [\"127.0.0.7\"]}");
		assertThat(refused.status()).isEqualTo(503);
		long remaining = Duration.ofSeconds(20).toNanos() - (System.nanoTime() - stoppedAt);
		Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(remaining)));
		this.postgres = EmbeddedPostgresSupport.start(this.data, this.postgresPort);
		Thread.sleep(1000);
		running.set(false);
		traffic.shutdown();
		assertThat(traffic.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		assertThat(wrong).isEmpty();
		assertThat(requests.get()).isGreaterThan(100);
		// Back: the change nobody could make before is made, and every instance enforces it.
		for (int instance = 0; instance < 3; instance++) {
			int i = instance;
			within(Duration.ofSeconds(10), () -> health(i).path("store").path("state").asString().equals("up"));
		}
		within(Duration.ofSeconds(10),
				() -> admin(1, "PUT", BASE + "steady", "{\"entries\": [\"127.0.0.7\"]}").status() == 200);
		for (int instance = 0; instance < 3; instance++) {
			int i = instance;
			within(POLL.plusMillis(400), () -> api(i, "127.0.0.7", "steady") == 200);
			assertThat(api(i, "127.0.0.5", "steady")).isEqualTo(403);
		}
	}

	JsonNode health(int instance) {
		Response response = RawHttp.get(this.ports.get(instance), "127.0.0.1", "/actuator/health");
		JsonNode body = TenantJson.mapper().readTree(response.body());
		return body.path("components").path("ipwhitelist").path("details");
	}

}
