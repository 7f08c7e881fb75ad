package io.github.ipwhitelist.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.it.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryIpRateLimiterTests {

	final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	InMemoryIpRateLimiter limiter(int maxKeys, RateLimitPlan.RangeRule... overrides) {
		return new InMemoryIpRateLimiter(new RateLimitRule(3, Duration.ofSeconds(60)), List.of(overrides),
				new RateLimitKeys(64), maxKeys, this.clock);
	}

	static IpAddress ip(String text) {
		return IpAddress.parseClient(text);
	}

	@Test
	void tryConsumeWhenBurstOverCapacityThenRefusedWithRetryAfter() {
		InMemoryIpRateLimiter limiter = limiter(100);
		for (int i = 0; i < 3; i++) {
			assertThat(limiter.tryConsume(ip("192.0.2.1")).allowed()).isTrue();
		}
		RateLimitResult refused = limiter.tryConsume(ip("192.0.2.1"));
		assertThat(refused.allowed()).isFalse();
		assertThat(refused.retryAfterSeconds()).isEqualTo(20);
		assertThat(refused.key()).isEqualTo("192.0.2.1");
		assertThat(limiter.tryConsume(ip("192.0.2.2")).allowed()).isTrue();
	}

	@Test
	void tryConsumeWhenTimePassesThenBucketRefills() {
		InMemoryIpRateLimiter limiter = limiter(100);
		for (int i = 0; i < 3; i++) {
			limiter.tryConsume(ip("192.0.2.1"));
		}
		assertThat(limiter.tryConsume(ip("192.0.2.1")).allowed()).isFalse();
		this.clock.advance(Duration.ofSeconds(19));
		assertThat(limiter.tryConsume(ip("192.0.2.1")).allowed()).isFalse();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(limiter.tryConsume(ip("192.0.2.1")).allowed()).isTrue();
		assertThat(limiter.tryConsume(ip("192.0.2.1")).allowed()).isFalse();
		this.clock.advance(Duration.ofMinutes(5));
		for (int i = 0; i < 3; i++) {
			assertThat(limiter.tryConsume(ip("192.0.2.1")).allowed()).isTrue();
		}
	}

	@Test
	void tryConsumeWhenIpv6InOneSlash64ThenSharedBucket() {
		InMemoryIpRateLimiter limiter = limiter(100);
		assertThat(limiter.tryConsume(ip("2001:db8::1")).key()).isEqualTo("2001:db8::/64");
		assertThat(limiter.tryConsume(ip("2001:db8::ffff:1")).allowed()).isTrue();
		assertThat(limiter.tryConsume(ip("2001:db8::abcd:ef01:2345:6789")).allowed()).isTrue();
		assertThat(limiter.tryConsume(ip("2001:db8::2")).allowed()).isFalse();
		assertThat(limiter.tryConsume(ip("2001:db8:0:1::1")).allowed()).isTrue();
	}

	@Test
	void tryConsumeWhenMappedClientThenSameBucketAsIpv4() {
		InMemoryIpRateLimiter limiter = limiter(100);
		for (int i = 0; i < 3; i++) {
			limiter.tryConsume(IpAddress.parse("::ffff:192.0.2.9"));
		}
		assertThat(limiter.tryConsume(ip("192.0.2.9")).allowed()).isFalse();
	}

	@Test
	void tryConsumeWhenOverrideCoversClientThenItsRule() {
		InMemoryIpRateLimiter limiter = limiter(100, new RateLimitPlan.RangeRule(IpPrefix.parse("198.51.100.0/24"),
				new RateLimitRule(10, Duration.ofSeconds(60))));
		for (int i = 0; i < 10; i++) {
			assertThat(limiter.tryConsume(ip("198.51.100.7")).allowed()).as("request %d", i).isTrue();
		}
		assertThat(limiter.tryConsume(ip("198.51.100.7")).allowed()).isFalse();
	}

	@Test
	void tryConsumeWhenMillionDistinctKeysThenBoundedAndNeverFailsOpen() {
		InMemoryIpRateLimiter limiter = limiter(10_000);
		long allowed = 0;
		for (int i = 0; i < 1_000_000; i++) {
			IpAddress client = (i % 2 == 0) ? IpAddress.ofIpv4(0x0A000000 + i)
					: IpAddress.ofIpv6(0x20010db8_00000000L + i, 1);
			if (limiter.tryConsume(client).allowed()) {
				allowed++;
			}
		}
		assertThat(limiter.trackedKeys()).isLessThanOrEqualTo(10_000);
		// 10,000 keys got their own bucket of 3; every other new key shared one overflow bucket of 3.
		assertThat(allowed).isEqualTo(10_000 + 3);
		// A tracked client is still limited by its own bucket.
		IpAddress first = IpAddress.ofIpv4(0x0A000000);
		assertThat(limiter.tryConsume(first).allowed()).isTrue();
		assertThat(limiter.tryConsume(first).allowed()).isTrue();
		assertThat(limiter.tryConsume(first).allowed()).isFalse();
	}

	@Test
	void tryConsumeWhenIdleKeysExpireThenRoomForNewKeys() {
		InMemoryIpRateLimiter limiter = limiter(2);
		limiter.tryConsume(ip("192.0.2.1"));
		limiter.tryConsume(ip("192.0.2.2"));
		assertThat(limiter.trackedKeys()).isEqualTo(2);
		this.clock.advance(Duration.ofSeconds(61));
		assertThat(limiter.trackedKeys()).isZero();
		assertThat(limiter.tryConsume(ip("192.0.2.3")).allowed()).isTrue();
		assertThat(limiter.trackedKeys()).isEqualTo(1);
	}

}
