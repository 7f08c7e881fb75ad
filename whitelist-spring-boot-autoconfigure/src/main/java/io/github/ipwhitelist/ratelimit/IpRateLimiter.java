package io.github.ipwhitelist.ratelimit;

import io.github.ipwhitelist.address.IpAddress;

/**
 * Limits requests per client key. The default keeps Bucket4j buckets in memory
 * ({@link InMemoryIpRateLimiter}); a fleet of instances can share buckets by providing a bean
 * of this type backed by a Bucket4j {@code ProxyManager} (JCache, Redis, …), keyed with
 * {@link RateLimitKeys}.
 */
@FunctionalInterface
public interface IpRateLimiter {

	/**
	 * Takes one token for the client.
	 * @param client the client address (already resolved, IPv4 for a mapped client)
	 * @return whether the request may go on
	 */
	RateLimitResult tryConsume(IpAddress client);

}
