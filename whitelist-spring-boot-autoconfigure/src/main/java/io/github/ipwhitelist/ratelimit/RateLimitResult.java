package io.github.ipwhitelist.ratelimit;

/**
 * The answer of a rate limiter for one request.
 *
 * @param allowed whether the request may go on
 * @param remaining tokens left in the bucket after this request
 * @param retryAfterSeconds when refused, the whole seconds until a token is available (at least
 * 1); 0 when allowed
 * @param key the bucket key, in canonical text ({@code 203.0.113.7}, {@code 2001:db8:1:2::/64},
 * {@code acme/203.0.113.7} when buckets are per tenant)
 * @param limit the bucket's capacity (the {@code RateLimit-Limit} header), -1 when unknown
 * @param resetSeconds whole seconds until the bucket is full again (the {@code RateLimit-Reset}
 * header), -1 when unknown
 */
public record RateLimitResult(boolean allowed, long remaining, long retryAfterSeconds, String key, long limit,
		long resetSeconds) {

	/**
	 * Creates an answer without the bucket's capacity and refill time (no rate-limit headers
	 * are sent but {@code Retry-After}).
	 * @param allowed whether the request may go on
	 * @param remaining tokens left in the bucket after this request
	 * @param retryAfterSeconds when refused, the whole seconds until a token is available
	 * @param key the bucket key
	 */
	public RateLimitResult(boolean allowed, long remaining, long retryAfterSeconds, String key) {
		this(allowed, remaining, retryAfterSeconds, key, -1, -1);
	}

	/**
	 * Returns whether the bucket's capacity and refill time are known, so that the rate-limit
	 * headers can be sent.
	 * @return {@code true} if {@link #limit()} and {@link #resetSeconds()} are known
	 */
	public boolean hasHeaders() {
		return this.limit >= 0 && this.resetSeconds >= 0;
	}

	static long seconds(long nanos) {
		return Math.max(0, (nanos + 999_999_999L) / 1_000_000_000L);
	}

}
