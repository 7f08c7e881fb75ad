package io.github.ipwhitelist.ratelimit;

import java.time.Duration;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Shared buckets in Redis with Bucket4j's Lettuce proxy manager (compare-and-swap in Lua), on
 * the Lettuce client of the application's Spring Data Redis connection factory: the same
 * server, credentials, TLS and timeouts as the application's own use of Redis. Each bucket's key
 * expires once the bucket is full again. Only referenced when {@code bucket4j_jdk17-lettuce} and
 * Spring Data Redis are on the class path.
 */
public final class RedisBuckets {

	private RedisBuckets() {
	}

	/**
	 * Returns whether a connection factory can be used: it must be Lettuce's.
	 */
	public static boolean isLettuce(RedisConnectionFactory factory) {
		return factory instanceof LettuceConnectionFactory;
	}

	/**
	 * Connects and builds the proxy manager; throws while Redis cannot be reached.
	 */
	public static ProxyManager<String> proxyManager(RedisConnectionFactory factory, Duration timeout) {
		AbstractRedisClient client = ((LettuceConnectionFactory) factory).getRequiredNativeClient();
		RedisCodec<String, byte[]> codec = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
		ExpirationAfterWriteStrategy expiry = ExpirationAfterWriteStrategy
			.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10));
		if (client instanceof RedisClusterClient cluster) {
			return Bucket4jLettuce.casBasedBuilder(cluster.connect(codec))
				.expirationAfterWrite(expiry)
				.requestTimeout(timeout)
				.build();
		}
		return Bucket4jLettuce.casBasedBuilder(((RedisClient) client).connect(codec))
			.expirationAfterWrite(expiry)
			.requestTimeout(timeout)
			.build();
	}

}
