package io.github.ipwhitelist.autoconfigure;

import java.util.concurrent.atomic.AtomicInteger;

import io.github.ipwhitelist.ratelimit.InMemoryIpRateLimiter;
import io.github.ipwhitelist.ratelimit.IpRateLimiter;
import io.github.ipwhitelist.ratelimit.RateLimitResult;
import io.github.ipwhitelist.ratelimit.SharedIpRateLimiter;
import io.github.ipwhitelist.store.DenialLogWriter;
import io.github.ipwhitelist.store.JdbcDenialLog;
import io.github.ipwhitelist.support.EmbeddedPostgresSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.github.ipwhitelist.autoconfigure.InvalidConfigurationTests.allMessages;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration of the fleet's shared parts, condition by condition: where rate-limit
 * buckets live ({@code rate-limit.store}) and the durable denial log ({@code audit.store}); each
 * missing module, missing or wrong database, and bad setting stops the startup naming the
 * property, and an application's own limiter still wins.
 */
class SharedStoresConfigurationTests {

	private static final AtomicInteger databases = new AtomicInteger();

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IpWhitelistAutoConfiguration.class,
				IpWhitelistRateLimitAutoConfiguration.class, IpWhitelistSecurityAutoConfiguration.class,
				IpWhitelistDenialLogAutoConfiguration.class, SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class))
		.withPropertyValues("ip-whitelist.entries=192.0.2.0/24");

	private WebApplicationContextRunner withH2() {
		return this.runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues(
					"spring.datasource.url=jdbc:h2:mem:shared" + databases.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
	}

	private WebApplicationContextRunner withPostgres() {
		return this.runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + EmbeddedPostgresSupport.newDatabase("shared"),
					"spring.datasource.username=postgres", "ip-whitelist.store.jdbc.initialize-schema=always");
	}

	@Test
	void bucketsAreInMemoryUnlessAStoreIsNamed() {
		this.runner.withPropertyValues("ip-whitelist.rate-limit.enabled=true").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(IpRateLimiter.class)).isInstanceOf(InMemoryIpRateLimiter.class);
			assertThat(context).doesNotHaveBean(JdbcDenialLog.class);
			assertThat(context).doesNotHaveBean(DenialLogWriter.class);
		});
	}

	@Test
	void jdbcBucketsLiveInThePostgresDataSourceWithTheirTable() {
		withPostgres().withPropertyValues("ip-whitelist.rate-limit.enabled=true", "ip-whitelist.rate-limit.store=jdbc")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				SharedIpRateLimiter limiter = (SharedIpRateLimiter) context.getBean(IpRateLimiter.class);
				assertThat(limiter.status().shared()).isTrue();
				RateLimitResult result = limiter.tryConsume(io.github.ipwhitelist.address.IpAddress.parse("192.0.2.7"));
				assertThat(result.allowed()).isTrue();
				assertThat(result.remaining()).isEqualTo(99);
				JdbcClient jdbc = JdbcClient.create(context.getBean(javax.sql.DataSource.class));
				assertThat(jdbc.sql("SELECT COUNT(*) FROM IPWL_RATE_LIMIT WHERE ID = 'ipwl:rate:192.0.2.7'")
					.query(Long.class)
					.single()).isEqualTo(1);
			});
	}

	@Test
	void jdbcBucketsNeedPostgres() {
		withH2().withPropertyValues("ip-whitelist.rate-limit.enabled=true", "ip-whitelist.rate-limit.store=jdbc")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(allMessages(context.getStartupFailure())).contains("ip-whitelist.rate-limit.store")
					.contains("the application's DataSource is h2");
			});
		this.runner.withPropertyValues("ip-whitelist.rate-limit.enabled=true", "ip-whitelist.rate-limit.store=jdbc")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(allMessages(context.getStartupFailure())).contains("ip-whitelist.rate-limit.store")
					.contains("there is none");
			});
		withPostgres()
			.withClassLoader(new FilteredClassLoader("io.github.bucket4j.postgresql"))
			.withPropertyValues("ip-whitelist.rate-limit.enabled=true", "ip-whitelist.rate-limit.store=jdbc")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(allMessages(context.getStartupFailure()))
					.contains("com.bucket4j:bucket4j_jdk17-postgresql");
			});
	}

	@Test
	void redisBucketsNeedTheApplicationsLettuceConnection() {
		this.runner.withPropertyValues("ip-whitelist.rate-limit.enabled=true", "ip-whitelist.rate-limit.store=redis")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(allMessages(context.getStartupFailure())).contains("ip-whitelist.rate-limit.store")
					.contains("there are 0");
			});
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.withPropertyValues("ip-whitelist.rate-limit.enabled=true", "ip-whitelist.rate-limit.store=redis")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(allMessages(context.getStartupFailure())).contains("spring-boot-starter-data-redis");
			});
		this.runner.withClassLoader(new FilteredClassLoader("io.github.bucket4j.redis"))
			.withPropertyValues("ip-whitelist.rate-limit.enabled=true", "ip-whitelist.rate-limit.store=redis")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(allMessages(context.getStartupFailure())).contains("com.bucket4j:bucket4j_jdk17-lettuce");
			});
	}

	@Test
	void redisUnreachableAtStartupStartsWithTheInstancesOwnBuckets() {
		this.runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("ip-whitelist.rate-limit.enabled=true", "ip-whitelist.rate-limit.store=redis",
					"spring.data.redis.port=1", "spring.data.redis.connect-timeout=200ms")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				SharedIpRateLimiter limiter = (SharedIpRateLimiter) context.getBean(IpRateLimiter.class);
				assertThat(limiter.status().shared()).isFalse();
				assertThat(limiter.status().lastError()).isNotEmpty();
				assertThat(limiter.tryConsume(io.github.ipwhitelist.address.IpAddress.parse("192.0.2.7")).allowed())
					.isTrue();
				assertThat(limiter.status().fallbackDecisions()).isEqualTo(1);
			});
	}

	@Test
	void anApplicationsOwnLimiterWinsOverAnyStore() {
		this.runner.withBean(IpRateLimiter.class, () -> (client) -> new RateLimitResult(true, 1, 0, "own"))
			.withPropertyValues("ip-whitelist.rate-limit.enabled=true", "ip-whitelist.rate-limit.store=redis")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(IpRateLimiter.class).tryConsume(
						io.github.ipwhitelist.address.IpAddress.parse("192.0.2.7")).key()).isEqualTo("own");
			});
	}

	@ParameterizedTest(name = "[{index}] {0}={1}")
	@CsvSource(delimiter = '|', value = { "ip-whitelist.rate-limit.store-timeout|0ms|must be positive",
			"ip-whitelist.rate-limit.tenant-overrides.acme.capacity|5|set ip-whitelist.rate-limit.per-tenant=true",
			"ip-whitelist.rate-limit.tenant-overrides[bad!id].capacity|5|not a tenant id",
			"ip-whitelist.rate-limit.store|cassandra|cassandra" })
	void badRateLimitSettingStopsTheStart(String property, String value, String problem) {
		this.runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("ip-whitelist.rate-limit.enabled=true", "ip-whitelist.rate-limit.store=redis",
					property + "=" + value)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(allMessages(context.getStartupFailure())).contains(problem);
			});
	}

	@Test
	void theDenialLogCreatesItsTableAndWriterInTheDataSource() {
		withH2().withPropertyValues("ip-whitelist.audit.store=jdbc").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(JdbcDenialLog.class);
			assertThat(context).hasSingleBean(DenialLogWriter.class);
			assertThat(context.getBean(JdbcDenialLog.class).totals()).containsExactly(0, 0);
		});
	}

	@Test
	void theDenialLogNeedsADataSourceAndSaneSettings() {
		this.runner.withPropertyValues("ip-whitelist.audit.store=jdbc").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(allMessages(context.getStartupFailure())).contains("ip-whitelist.audit.store")
				.contains("there is none");
		});
		withH2().withPropertyValues("ip-whitelist.audit.store=jdbc", "ip-whitelist.audit.max-rows-per-flush=5")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(allMessages(context.getStartupFailure())).contains("ip-whitelist.audit.max-rows-per-flush")
					.contains("must be at least 10");
			});
		withH2().withPropertyValues("ip-whitelist.audit.store=jdbc", "ip-whitelist.audit.retention=0s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(allMessages(context.getStartupFailure())).contains("ip-whitelist.audit.retention");
			});
	}

}
