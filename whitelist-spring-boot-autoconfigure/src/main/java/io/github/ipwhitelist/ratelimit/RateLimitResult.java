package io.github.ipwhitelist.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;

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

	/**
	 * Returns the rate-limit headers of draft-ietf-httpapi-ratelimit-headers (the three-header
	 * form): the bucket's capacity, the tokens left, and the whole seconds until it is full
	 * again; none when {@link #hasHeaders()} is false.
	 * @return the headers, in order
	 */
	public Map<String, String> headers() {
		if (!hasHeaders()) {
			return Map.of();
		}
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("RateLimit-Limit", Long.toString(this.limit));
		headers.put("RateLimit-Remaining", Long.toString(this.remaining));
		headers.put("RateLimit-Reset", Long.toString(this.resetSeconds));
		return headers;
	}

	static long seconds(long nanos) {
		return Math.max(0, (nanos + 999_999_999L) / 1_000_000_000L);
	}

}
