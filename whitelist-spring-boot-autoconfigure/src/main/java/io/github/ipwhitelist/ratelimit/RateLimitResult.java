package io.github.ipwhitelist.ratelimit;

/**
 * The answer of a rate limiter for one request.
 *
 * @param allowed whether the request may go on
 * @param remaining tokens left in the bucket after this request
 * @param retryAfterSeconds when refused, the whole seconds until a token is available (at least
 * 1); 0 when allowed
 * @param key the bucket key, in canonical text ({@code 203.0.113.7}, {@code 2001:db8:1:2::/64})
 */
public record RateLimitResult(boolean allowed, long remaining, long retryAfterSeconds, String key) {

}
