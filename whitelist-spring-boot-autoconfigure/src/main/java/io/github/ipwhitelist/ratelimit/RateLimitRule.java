package io.github.ipwhitelist.ratelimit;

import java.time.Duration;

/**
 * A token bucket: {@code capacity} requests at once, refilled to capacity over
 * {@code refillPeriod} (greedily, a token at a time).
 *
 * @param capacity the most requests in a burst
 * @param refillPeriod the time in which an empty bucket refills completely
 */
public record RateLimitRule(long capacity, Duration refillPeriod) {

	public RateLimitRule {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
		}
		if (refillPeriod.isNegative() || refillPeriod.isZero()) {
			throw new IllegalArgumentException("refill period must be positive, was " + refillPeriod);
		}
	}

}
