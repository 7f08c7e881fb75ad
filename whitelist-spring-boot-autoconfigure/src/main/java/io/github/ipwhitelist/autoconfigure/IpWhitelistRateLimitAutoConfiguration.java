package io.github.ipwhitelist.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.ipwhitelist.ratelimit.InMemoryIpRateLimiter;
import io.github.ipwhitelist.ratelimit.PostgresBuckets;
import io.github.ipwhitelist.ratelimit.RedisBuckets;
import io.github.ipwhitelist.ratelimit.IpRateLimiter;
import io.github.ipwhitelist.ratelimit.RateLimitKeys;
import io.github.ipwhitelist.ratelimit.RateLimitPlan;
import io.github.ipwhitelist.ratelimit.RateLimitRule;
import io.github.ipwhitelist.ratelimit.SharedIpRateLimiter;
import io.github.ipwhitelist.rules.TenantIds;
import io.github.ipwhitelist.rules.TenantTable;
import io.github.ipwhitelist.store.TenantStoreUnavailableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.util.ClassUtils;

/**
 * Rate limiting of the addresses that pass the check (code 1453), with Bucket4j token buckets,
 * when {@code ip-whitelist.rate-limit.enabled} is set; an application's own {@link IpRateLimiter}
 * bean wins. Buckets live in memory ({@code rate-limit.store=memory}, a bounded Caffeine table), or
 * are shared by a fleet in the application's PostgreSQL ({@code jdbc}) or Redis ({@code redis}),
 * with this instance's own buckets while the store cannot answer. Bucket4j is optional in this
 * module (the starter brings its core): a store whose module is missing stops startup naming
 * the property and the coordinates, rather than run without the limit that was asked for.
 */
@AutoConfiguration(after = IpWhitelistAutoConfiguration.class,
		afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
@ConditionalOnWebApplication
@ConditionalOnClass({ HttpSecurity.class, SecurityFilterChain.class })
@ConditionalOnBooleanProperty(name = "ip-whitelist.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty("ip-whitelist.rate-limit.enabled")
@EnableConfigurationProperties(IpWhitelistProperties.class)
public final class IpWhitelistRateLimitAutoConfiguration {

	private static final Log logger = LogFactory.getLog(IpWhitelistRateLimitAutoConfiguration.class);

	static final String STORE = "ip-whitelist.rate-limit.store";

	/** How often an instance on its own buckets looks whether the store answers again. */
	static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "io.github.bucket4j.Bucket", "com.github.benmanes.caffeine.cache.Caffeine" })
	static class Bucket4jConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@DependsOnDatabaseInitialization
		IpRateLimiter ipWhitelistRateLimiter(IpWhitelistProperties properties, ObjectProvider<Clock> clock,
				ObjectProvider<DataSource> dataSources, ListableBeanFactory beans, ObjectProvider<TenantTable> tenants) {
			IpWhitelistProperties.RateLimit rateLimit = properties.getRateLimit();
			Clock time = IpWhitelistAutoConfiguration.clock(clock);
			TenantTable table = tenants.getIfUnique();
			RateLimitPlan plan = plan(rateLimit, (tenant) -> table != null && table.get(tenant) != null);
			IpWhitelistConfigurationReader.positive("rate-limit.max-tracked-keys", rateLimit.getMaxTrackedKeys());
			InMemoryIpRateLimiter local = new InMemoryIpRateLimiter(plan, rateLimit.getMaxTrackedKeys(), time);
			Duration timeout = rateLimit.getStoreTimeout();
			if (rateLimit.getStore() != IpWhitelistProperties.RateLimit.Store.MEMORY
					&& (timeout == null || timeout.isNegative() || timeout.isZero())) {
				throw new InvalidIpWhitelistConfigurationException("ip-whitelist.rate-limit.store-timeout",
						(timeout != null) ? DurationStyle.SIMPLE.print(timeout) : "", "must be positive");
			}
			return switch (rateLimit.getStore()) {
				case MEMORY -> local;
				case JDBC -> new SharedIpRateLimiter("jdbc", plan, jdbc(properties, dataSources), local, timeout, true,
						time);
				case REDIS -> new SharedIpRateLimiter("redis", plan, redis(beans, timeout), local, timeout, false, time);
			};
		}

		/**
		 * Reaches for a shared store while it is deemed down, and removes the rows of full buckets
		 * from PostgreSQL; never runs for in-memory buckets or an application's own limiter.
		 */
		@Bean
		@ConditionalOnMissingBean(name = "ipWhitelistRateLimitProbe")
		PeriodicTask ipWhitelistRateLimitProbe(ObjectProvider<IpRateLimiter> limiter) {
			if (!(limiter.getIfUnique() instanceof SharedIpRateLimiter shared)) {
				return new PeriodicTask("ip-whitelist-rate-limit", Duration.ZERO, () -> {
				});
			}
			return new PeriodicTask("ip-whitelist-rate-limit", PROBE_INTERVAL, shared::probe);
		}

		@Bean
		@ConditionalOnMissingBean(name = "ipWhitelistRateLimitCleanup")
		PeriodicTask ipWhitelistRateLimitCleanup(ObjectProvider<IpRateLimiter> limiter,
				IpWhitelistProperties properties) {
			if (!(limiter.getIfUnique() instanceof SharedIpRateLimiter shared)
					|| properties.getRateLimit().getStore() != IpWhitelistProperties.RateLimit.Store.JDBC) {
				return new PeriodicTask("ip-whitelist-rate-limit-cleanup", Duration.ZERO, () -> {
				});
			}
			return new PeriodicTask("ip-whitelist-rate-limit-cleanup", Duration.ofMinutes(1), shared::removeExpired);
		}

		@Bean
		DisposableBean ipWhitelistRateLimitPool(ObjectProvider<IpRateLimiter> limiter) {
			return () -> {
				if (limiter.getIfUnique() instanceof SharedIpRateLimiter shared) {
					shared.close();
				}
			};
		}

		/**
		 * The PostgreSQL store: the DataSource must be PostgreSQL (checked, with the table created
		 * per store.jdbc.initialize-schema, at startup if the database answers, else at the first
		 * probe that reaches it).
		 */
		private static Supplier<ProxyManager<String>> jdbc(IpWhitelistProperties properties,
				ObjectProvider<DataSource> dataSources) {
			if (!ClassUtils.isPresent("io.github.bucket4j.postgresql.Bucket4jPostgreSQL", null)) {
				throw missing("jdbc", "com.bucket4j:bucket4j_jdk17-postgresql");
			}
			DataSource dataSource = IpWhitelistConfigurationReader.dataSource(dataSources, STORE, "jdbc",
					"shared buckets live");
			IpWhitelistProperties.Store.Jdbc jdbc = properties.getStore().getJdbc();
			Duration timeout = properties.getRateLimit().getStoreTimeout();
			AtomicBoolean prepared = new AtomicBoolean();
			try {
				prepare(dataSource, jdbc);
				prepared.set(true);
			}
			catch (TenantStoreUnavailableException ex) {
				logger.warn("IP whitelist rate limit: the database is not reachable at startup (" + ex.getMessage()
						+ "); this instance limits with its own buckets until it is");
			}
			return () -> {
				if (!prepared.get()) {
					prepare(dataSource, jdbc);
					prepared.set(true);
				}
				return PostgresBuckets.proxyManager(dataSource, jdbc.getTablePrefix(), timeout);
			};
		}

		private static void prepare(DataSource dataSource, IpWhitelistProperties.Store.Jdbc jdbc) {
			String platform = TenantStoreSchema.platform(dataSource);
			if (!"postgresql".equals(platform)) {
				throw new InvalidIpWhitelistConfigurationException(STORE, "jdbc",
						"shared buckets use Bucket4j's PostgreSQL proxy manager, and the application's DataSource is "
								+ platform + "; use redis, or memory");
			}
			TenantStoreSchema.initialize(dataSource, jdbc.getInitializeSchema(), jdbc.getTablePrefix(),
					"io/github/ipwhitelist/store/rate-limit-{platform}.sql", "PostgreSQL");
		}

		/**
		 * The Redis store, on the application's Lettuce connection factory; connected at the
		 * first probe that reaches Redis.
		 */
		private static Supplier<ProxyManager<String>> redis(ListableBeanFactory beans, Duration timeout) {
			if (!ClassUtils.isPresent("io.github.bucket4j.redis.lettuce.Bucket4jLettuce", null)) {
				throw missing("redis", "com.bucket4j:bucket4j_jdk17-lettuce");
			}
			if (!ClassUtils.isPresent("org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory",
					null)) {
				throw new InvalidIpWhitelistConfigurationException(STORE, "redis",
						"shared buckets use the application's Spring Data Redis connection: add "
								+ "spring-boot-starter-data-redis and set spring.data.redis.*");
			}
			return RedisConnection.connector(beans, timeout);
		}

		private static InvalidIpWhitelistConfigurationException missing(String store, String artifact) {
			return new InvalidIpWhitelistConfigurationException(STORE, store,
					"shared buckets in " + store + " need " + artifact + " on the class path (the same version "
							+ "line as bucket4j_jdk17-core); add it");
		}

		static RateLimitPlan plan(IpWhitelistProperties.RateLimit rateLimit, Predicate<String> knownTenants) {
			RateLimitRule rule = rule("rate-limit", rateLimit.getCapacity(), rateLimit.getRefillPeriod());
			if (rateLimit.getIpv6PrefixLength() < 0 || rateLimit.getIpv6PrefixLength() > 128) {
				throw new InvalidIpWhitelistConfigurationException("ip-whitelist." + "rate-limit.ipv6-prefix-length",
						Integer.toString(rateLimit.getIpv6PrefixLength()), "must be from 0 to 128");
			}
			List<RateLimitPlan.RangeRule> overrides = new ArrayList<>();
			List<IpWhitelistProperties.RateLimit.LimitOverride> configured = rateLimit.getOverrides();
			for (int i = 0; i < configured.size(); i++) {
				IpWhitelistProperties.RateLimit.LimitOverride override = configured.get(i);
				String path = "rate-limit.overrides[" + i + "]";
				String address = override.getAddress();
				if (address == null || address.isEmpty()) {
					throw new InvalidIpWhitelistConfigurationException("ip-whitelist." + path + ".address", "",
							"the address is missing");
				}
				overrides.add(new RateLimitPlan.RangeRule(
						IpWhitelistConfigurationReader.prefix("ip-whitelist." + path + ".address", address),
						rule(path, override.getCapacity(), override.getRefillPeriod())));
			}
			Map<String, RateLimitRule> tenants = new LinkedHashMap<>();
			rateLimit.getTenantOverrides().forEach((tenant, limit) -> {
				String path = "rate-limit.tenant-overrides." + tenant;
				if (!TenantIds.isValid(tenant)) {
					throw new InvalidIpWhitelistConfigurationException("ip-whitelist." + path, tenant,
							"not a tenant id: " + TenantIds.RULE);
				}
				if (limit == null) {
					throw new InvalidIpWhitelistConfigurationException("ip-whitelist." + path, "",
							"the limit is empty");
				}
				tenants.put(tenant, rule(path, limit.getCapacity(), limit.getRefillPeriod()));
			});
			if (!tenants.isEmpty() && !rateLimit.isPerTenant()) {
				throw new InvalidIpWhitelistConfigurationException("ip-whitelist.rate-limit.tenant-overrides",
						String.join(",", tenants.keySet()),
						"tenant limits apply to buckets per tenant: set ip-whitelist.rate-limit.per-tenant=true");
			}
			return new RateLimitPlan(rule, overrides, new RateLimitKeys(rateLimit.getIpv6PrefixLength()),
					rateLimit.isPerTenant(), tenants, knownTenants);
		}

		private static RateLimitRule rule(String path, long capacity, Duration refillPeriod) {
			if (capacity < 1) {
				throw new InvalidIpWhitelistConfigurationException("ip-whitelist." + path + ".capacity",
						Long.toString(capacity), "must be at least 1");
			}
			if (refillPeriod.isNegative() || refillPeriod.isZero()) {
				throw new InvalidIpWhitelistConfigurationException("ip-whitelist." + path + ".refill-period",
						DurationStyle.SIMPLE.print(refillPeriod), "must be positive");
			}
			return new RateLimitRule(capacity, refillPeriod);
		}

	}

	/**
	 * Reaches the application's Redis connection factory by name, so that this class loads
	 * without Spring Data Redis.
	 */
	static final class RedisConnection {

		private RedisConnection() {
		}

		static Supplier<ProxyManager<String>> connector(ListableBeanFactory beans, Duration timeout) {
			Class<?> type = ClassUtils.resolveClassName(
					"org.springframework.data.redis.connection.RedisConnectionFactory", null);
			String[] names = beans.getBeanNamesForType(type);
			if (names.length != 1) {
				throw new InvalidIpWhitelistConfigurationException(STORE, "redis",
						"shared buckets use the application's Redis connection factory, and there are "
								+ names.length + " (set spring.data.redis.* with spring-boot-starter-data-redis)");
			}
			Object factory = beans.getBean(names[0]);
			if (!RedisBuckets.isLettuce((org.springframework.data.redis.connection.RedisConnectionFactory) factory)) {
				throw new InvalidIpWhitelistConfigurationException(STORE, "redis",
						"shared buckets need the Lettuce client, and the connection factory is "
								+ factory.getClass().getSimpleName().toLowerCase(Locale.ROOT)
								+ " (set spring.data.redis.client-type=lettuce)");
			}
			return () -> RedisBuckets
				.proxyManager((org.springframework.data.redis.connection.RedisConnectionFactory) factory, timeout);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("io.github.bucket4j.Bucket")
	@ConditionalOnMissingBean(IpRateLimiter.class)
	static class MissingBucket4jConfiguration {

		@Bean
		IpRateLimiter ipWhitelistRateLimiter() {
			throw new InvalidIpWhitelistConfigurationException("ip-whitelist.rate-limit.enabled", "true",
					"rate limiting needs Bucket4j (com.bucket4j:bucket4j_jdk17-core) on the class path, which "
							+ "whitelist-spring-boot-starter brings; add it, or define your own IpRateLimiter bean");
		}

	}

}
