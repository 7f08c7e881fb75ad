package io.github.ipwhitelist.ratelimit;

import java.util.List;

import io.github.ipwhitelist.support.EmbeddedRedisSupport;
import org.junit.jupiter.api.AfterAll;

/**
 * Three instances sharing buckets in a real Redis ({@code rate-limit.store=redis}, through the
 * application's Spring Data Redis connection).
 */
class RedisRateLimitFleetTests extends SharedRateLimitFleetTests {

	final EmbeddedRedisSupport redis = new EmbeddedRedisSupport();

	@Override
	List<String> storeProperties() {
		return List.of("ip-whitelist.rate-limit.store=redis", "spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + this.redis.port(), "spring.data.redis.timeout=1s",
				"spring.data.redis.connect-timeout=500ms");
	}

	@Override
	void stopStore() {
		this.redis.stop();
	}

	@Override
	void startStore() {
		this.redis.start();
	}

	@AfterAll
	void stopRedis() {
		this.redis.close();
	}

}
