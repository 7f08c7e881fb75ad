package io.github.ipwhitelist.ratelimit;

import io.github.ipwhitelist.address.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * Limits requests per client key. The default keeps Bucket4j buckets in memory
 * ({@link InMemoryIpRateLimiter}); {@code ip-whitelist.rate-limit.store} shares them across a
 * fleet in PostgreSQL or Redis ({@link SharedIpRateLimiter}). An application may provide its own
 * bean of this type, keyed with {@link RateLimitKeys}.
 */
@FunctionalInterface
public interface IpRateLimiter {

	/**
	 * Takes one token for the client.
	 * @param client the client address (already resolved, IPv4 for a mapped client)
	 * @return whether the request may go on
	 */
	RateLimitResult tryConsume(IpAddress client);

	/**
	 * Takes one token for the client of a tenant: with buckets per tenant, a tenant's clients
	 * have buckets of their own, so one organization's burst cannot use up another's tokens
	 * behind a shared address. By default the tenant is not looked at.
	 * @param client the client address
	 * @param tenant the tenant the request named or proved, {@code null} if none
	 * @return whether the request may go on
	 */
	default RateLimitResult tryConsume(IpAddress client, @Nullable String tenant) {
		return tryConsume(client);
	}

	/**
	 * Returns whether a call may block (a network store): a reactive application then calls the
	 * limiter off its event loop, on Reactor's bounded elastic scheduler.
	 * @return {@code false} by default: the limiter answers from memory
	 */
	default boolean isBlocking() {
		return false;
	}

}
