package io.github.ipwhitelist.ratelimit;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
import org.jspecify.annotations.Nullable;

/**
 * Token buckets per client key (or per tenant and client key), in memory, in a table of at most
 * {@code maxTrackedKeys} buckets (Caffeine). A bucket that has not been used for a whole refill
 * period is full again, so it is dropped then; the table therefore holds only recently active
 * keys.
 * <p>
 * When the table is full, a key that has no bucket shares one overflow bucket with every other
 * such key: new keys are still limited (never fail open), and no flood of new keys can grow
 * memory or evict a busy client's bucket early.
 */
public final class InMemoryIpRateLimiter implements IpRateLimiter {

	private final RateLimitPlan plan;

	private final Cache<BucketKey, Bucket> buckets;

	private final long maxTrackedKeys;

	private final TimeMeter timeMeter;

	private final Bucket overflow;

	private final AtomicBoolean overflowWarned = new AtomicBoolean();

	private final AtomicLong lastCleanUp = new AtomicLong(Long.MIN_VALUE / 2);

	private static final Log logger = LogFactory.getLog(InMemoryIpRateLimiter.class);

	/**
	 * Creates a limiter of one bucket per client key.
	 * @param defaultRule the rule of clients no override covers
	 * @param overrides rules for some client ranges; the longest matching prefix wins
	 * @param keys the key function
	 * @param maxTrackedKeys the most buckets kept
	 * @param clock the clock buckets refill by
	 */
	public InMemoryIpRateLimiter(RateLimitRule defaultRule, List<RateLimitPlan.RangeRule> overrides,
			RateLimitKeys keys, int maxTrackedKeys, Clock clock) {
		this(new RateLimitPlan(defaultRule, overrides, keys, false, Map.of()), maxTrackedKeys, clock);
	}

	/**
	 * Creates a limiter.
	 * @param plan which bucket a request uses, and its rule
	 * @param maxTrackedKeys the most buckets kept
	 * @param clock the clock buckets refill by
	 */
	public InMemoryIpRateLimiter(RateLimitPlan plan, int maxTrackedKeys, Clock clock) {
		if (maxTrackedKeys < 1) {
			throw new IllegalArgumentException("maxTrackedKeys must be at least 1, was " + maxTrackedKeys);
		}
		this.plan = plan;
		this.maxTrackedKeys = maxTrackedKeys;
		this.timeMeter = new ClockTimeMeter(clock);
		this.buckets = Caffeine.newBuilder()
			.maximumSize(maxTrackedKeys)
			.expireAfterAccess(plan.longestRefill())
			.ticker(this.timeMeter::currentTimeNanos)
			.executor(Runnable::run)
			.build();
		this.overflow = bucket(plan.defaultRule());
	}

	@Override
	public RateLimitResult tryConsume(IpAddress client) {
		return tryConsume(client, null);
	}

	@Override
	public RateLimitResult tryConsume(IpAddress client, @Nullable String tenant) {
		RateLimitPlan.Bucketing bucketing = this.plan.of(client, tenant);
		BucketKey key = new BucketKey(bucketing.tenant(), bucketing.client());
		Bucket bucket = this.buckets.getIfPresent(key);
		RateLimitRule rule = bucketing.rule();
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
				rule = this.plan.defaultRule();
				if (this.overflowWarned.compareAndSet(false, true)) {
					logger.warn("IP whitelist rate limit: " + this.maxTrackedKeys + " client buckets in use; new clients "
							+ "now share one overflow bucket (raise ip-whitelist.rate-limit.max-tracked-keys if this "
							+ "is normal traffic)");
				}
			}
			else {
				RateLimitRule chosen = rule;
				bucket = this.buckets.get(key, (k) -> bucket(chosen));
			}
		}
		return result(bucket.tryConsumeAndReturnRemaining(1), bucketing.key(), rule);
	}

	static RateLimitResult result(ConsumptionProbe probe, String key, RateLimitRule rule) {
		long reset = RateLimitResult.seconds(probe.getNanosToWaitForReset());
		if (probe.isConsumed()) {
			return new RateLimitResult(true, probe.getRemainingTokens(), 0, key, rule.capacity(), reset);
		}
		long retry = Math.max(1, RateLimitResult.seconds(probe.getNanosToWaitForRefill()));
		return new RateLimitResult(false, 0, retry, key, rule.capacity(), Math.max(reset, retry));
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
		return this.plan.ruleFor(client);
	}

	private Bucket bucket(RateLimitRule rule) {
		return Bucket.builder()
			.addLimit((limit) -> limit.capacity(rule.capacity()).refillGreedy(rule.capacity(), rule.refillPeriod()))
			.withCustomTimePrecision(this.timeMeter)
			.build();
	}

	private record BucketKey(@Nullable String tenant, IpPrefix client) {

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
