package io.github.ipwhitelist.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.ipwhitelist.ratelimit.InMemoryIpRateLimiter;
import io.github.ipwhitelist.ratelimit.IpRateLimiter;
import io.github.ipwhitelist.ratelimit.RateLimitKeys;
import io.github.ipwhitelist.ratelimit.RateLimitRule;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Rate limiting of the addresses that pass the check (code 1453), with Bucket4j token buckets
 * in a bounded Caffeine table, when {@code ip-whitelist.rate-limit.enabled} is set; an
 * application's own {@link IpRateLimiter} bean wins. Bucket4j is optional in this module (the
 * starter brings it): enabled without it and without an own limiter, startup stops naming the
 * property, rather than run without the limit that was asked for.
 */
@AutoConfiguration(after = IpWhitelistAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ HttpSecurity.class, SecurityFilterChain.class })
@ConditionalOnBooleanProperty(name = "ip-whitelist.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty("ip-whitelist.rate-limit.enabled")
@EnableConfigurationProperties(IpWhitelistProperties.class)
public final class IpWhitelistRateLimitAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "io.github.bucket4j.Bucket", "com.github.benmanes.caffeine.cache.Caffeine" })
	static class Bucket4jConfiguration {


		@Bean
		@ConditionalOnMissingBean
		IpRateLimiter ipWhitelistRateLimiter(IpWhitelistProperties properties, ObjectProvider<Clock> clock) {
			return rateLimiter(properties.getRateLimit(), IpWhitelistAutoConfiguration.clock(clock));
		}

		private static InMemoryIpRateLimiter rateLimiter(IpWhitelistProperties.RateLimit rateLimit, Clock clock) {
			RateLimitRule rule = rule("rate-limit", rateLimit.getCapacity(), rateLimit.getRefillPeriod());
			if (rateLimit.getIpv6PrefixLength() < 0 || rateLimit.getIpv6PrefixLength() > 128) {
				throw new InvalidIpWhitelistConfigurationException("ip-whitelist." + "rate-limit.ipv6-prefix-length",
						Integer.toString(rateLimit.getIpv6PrefixLength()), "must be from 0 to 128");
			}
			IpWhitelistConfigurationReader.positive("rate-limit.max-tracked-keys", rateLimit.getMaxTrackedKeys());
			List<InMemoryIpRateLimiter.RangeRule> overrides = new ArrayList<>();
			List<IpWhitelistProperties.RateLimit.LimitOverride> configured = rateLimit.getOverrides();
			for (int i = 0; i < configured.size(); i++) {
				IpWhitelistProperties.RateLimit.LimitOverride override = configured.get(i);
				String path = "rate-limit.overrides[" + i + "]";
				String address = override.getAddress();
				if (address == null || address.isEmpty()) {
					throw new InvalidIpWhitelistConfigurationException("ip-whitelist." + path + ".address", "",
							"the address is missing");
				}
				overrides.add(new InMemoryIpRateLimiter.RangeRule(IpWhitelistConfigurationReader.prefix("ip-whitelist." + path + ".address", address),
						rule(path, override.getCapacity(), override.getRefillPeriod())));
			}
			return new InMemoryIpRateLimiter(rule, overrides, new RateLimitKeys(rateLimit.getIpv6PrefixLength()),
					rateLimit.getMaxTrackedKeys(), clock);
		}

		private static RateLimitRule rule(String path, long capacity, Duration refillPeriod) {
			if (capacity < 1) {
				throw new InvalidIpWhitelistConfigurationException("ip-whitelist." + path + ".capacity", Long.toString(capacity),
						"must be at least 1");
			}
			if (refillPeriod.isNegative() || refillPeriod.isZero()) {
				throw new InvalidIpWhitelistConfigurationException("ip-whitelist." + path + ".refill-period",
						DurationStyle.SIMPLE.print(refillPeriod), "must be positive");
			}
			return new RateLimitRule(capacity, refillPeriod);
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
