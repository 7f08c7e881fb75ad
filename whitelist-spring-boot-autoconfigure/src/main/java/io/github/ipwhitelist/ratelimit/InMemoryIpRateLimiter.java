package io.github.ipwhitelist.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.address.IpPrefix;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Token buckets per client key, in memory, in a table of at most {@code maxTrackedKeys}
 * buckets (Caffeine). A bucket that has not been used for a whole refill period is full again,
 * so it is dropped then; the table therefore holds only recently active keys.
 * <p>
 * When the table is full, a key that has no bucket shares one overflow bucket with every other
 * such key: new keys are still limited (never fail open), and no flood of new keys can grow
 * memory or evict a busy client's bucket early.
 */
public final class InMemoryIpRateLimiter implements IpRateLimiter {

	private final RateLimitRule defaultRule;

	private final List<RangeRule> overrides;

	private final RateLimitKeys keys;

	private final Cache<IpPrefix, Bucket> buckets;

	private final long maxTrackedKeys;

	private final TimeMeter timeMeter;

	private final Bucket overflow;

	private final AtomicBoolean overflowWarned = new AtomicBoolean();

	private final AtomicLong lastCleanUp = new AtomicLong(Long.MIN_VALUE / 2);

	private static final Log logger = LogFactory.getLog(InMemoryIpRateLimiter.class);

	/**
	 * Creates a limiter.
	 * @param defaultRule the rule of clients no override covers
	 * @param overrides rules for some client ranges; the longest matching prefix wins
	 * @param keys the key function
	 * @param maxTrackedKeys the most buckets kept
	 * @param clock the clock buckets refill by
	 */
	public InMemoryIpRateLimiter(RateLimitRule defaultRule, List<RangeRule> overrides, RateLimitKeys keys,
			int maxTrackedKeys, Clock clock) {
		if (maxTrackedKeys < 1) {
			throw new IllegalArgumentException("maxTrackedKeys must be at least 1, was " + maxTrackedKeys);
		}
		this.defaultRule = defaultRule;
		this.overrides = List.copyOf(overrides);
		this.keys = keys;
		this.maxTrackedKeys = maxTrackedKeys;
		this.timeMeter = new ClockTimeMeter(clock);
		Duration longest = defaultRule.refillPeriod();
		for (RangeRule override : this.overrides) {
			if (override.rule().refillPeriod().compareTo(longest) > 0) {
				longest = override.rule().refillPeriod();
			}
		}
		this.buckets = Caffeine.newBuilder()
			.maximumSize(maxTrackedKeys)
			.expireAfterAccess(longest)
			.ticker(this.timeMeter::currentTimeNanos)
			.executor(Runnable::run)
			.build();
		this.overflow = bucket(defaultRule);
	}

	@Override
	public RateLimitResult tryConsume(IpAddress client) {
		IpPrefix key = this.keys.keyOf(client);
		Bucket bucket = this.buckets.getIfPresent(key);
		if (bucket == null) {
			if (this.buckets.estimatedSize() >= this.maxTrackedKeys) {
				// Expired buckets are swept at most once a second: under a flood of new
				// addresses, threads must not queue on the cache's maintenance.
				long nowNanos = this.timeMeter.currentTimeNanos();
				long last = this.lastCleanUp.get();
				if (nowNanos - last >= 1_000_000_000L && this.lastCleanUp.compareAndSet(last, nowNanos)) {
					this.buckets.cleanUp();
				}
			}
			if (this.buckets.estimatedSize() >= this.maxTrackedKeys) {
				bucket = this.overflow;
				if (this.overflowWarned.compareAndSet(false, true)) {
					logger.warn("IP whitelist rate limit: " + this.maxTrackedKeys + " client buckets in use; new clients "
							+ "now share one overflow bucket (raise ip-whitelist.rate-limit.max-tracked-keys if this "
							+ "is normal traffic)");
				}
			}
			else {
				bucket = this.buckets.get(key, (k) -> bucket(ruleFor(client)));
			}
		}
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
		if (probe.isConsumed()) {
			return new RateLimitResult(true, probe.getRemainingTokens(), 0, key.toString());
		}
		long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
		return new RateLimitResult(false, 0, seconds, key.toString());
	}

	/**
	 * Returns how many buckets are kept now.
	 * @return at most {@code maxTrackedKeys}
	 */
	public long trackedKeys() {
		this.buckets.cleanUp();
		return this.buckets.estimatedSize();
	}

	RateLimitRule ruleFor(IpAddress client) {
		RangeRule best = null;
		IpAddress address = client.unmap();
		for (RangeRule override : this.overrides) {
			if (override.prefix().contains(address)
					&& (best == null || override.prefix().length() > best.prefix().length())) {
				best = override;
			}
		}
		return (best != null) ? best.rule() : this.defaultRule;
	}

	private Bucket bucket(RateLimitRule rule) {
		return Bucket.builder()
			.addLimit((limit) -> limit.capacity(rule.capacity()).refillGreedy(rule.capacity(), rule.refillPeriod()))
			.withCustomTimePrecision(this.timeMeter)
			.build();
	}

	/**
	 * A rule for a range of clients.
	 *
	 * @param prefix the clients it applies to
	 * @param rule their bucket
	 */
	public record RangeRule(IpPrefix prefix, RateLimitRule rule) {

	}

	private record ClockTimeMeter(Clock clock) implements TimeMeter {

		@Override
		public long currentTimeNanos() {
			Instant now = this.clock.instant();
			return now.getEpochSecond() * 1_000_000_000L + now.getNano();
		}

		@Override
		public boolean isWallClockBased() {
			return true;
		}

	}

}
