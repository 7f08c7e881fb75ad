package io.github.ipwhitelist.autoconfigure;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.rules.Mode;
import io.github.ipwhitelist.source.EntrySource;
import io.github.ipwhitelist.source.IpWhitelistLoader;
import io.github.ipwhitelist.source.ListKind;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.AbstractResource;

import static org.assertj.core.api.Assertions.assertThat;

class PeriodicTaskTests {

	@Test
	void runWhenTaskThrowsAnErrorThenScheduleGoesOn() throws Exception {
		AtomicInteger reads = new AtomicInteger();
		String[] content = { "192.0.2.1\n" };
		AbstractResource resource = new AbstractResource() {

			@Override
			public String getDescription() {
				return "flaky";
			}

			@Override
			public InputStream getInputStream() {
				// Reads 1 and 2 are the startup's (two reads that agree); read 3 is the first poll's.
				if (reads.incrementAndGet() == 3) {
					throw new OutOfMemoryError("simulated");
				}
				return new ByteArrayInputStream(content[0].getBytes(StandardCharsets.UTF_8));
			}

		};
		IpWhitelistLoader loader = new IpWhitelistLoader(Mode.STRICT, List.of(), List.of(),
				List.of(new EntrySource("flaky", ListKind.ALLOW, resource)), Clock.systemUTC(), (rules) -> {
				});
		PeriodicTask watcher = new PeriodicTask("ip-whitelist-reload", Duration.ofMillis(20), loader::poll);
		watcher.start();
		try {
			content[0] = "198.51.100.7\n";
			long deadline = System.nanoTime() + 5_000_000_000L;
			while (!loader.holder().get().allows(IpAddress.parse("198.51.100.7"), java.time.Instant.now())
					&& System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
			assertThat(reads.get()).isGreaterThan(3);
			assertThat(loader.holder().get().allows(IpAddress.parse("198.51.100.7"), java.time.Instant.now())).isTrue();
		}
		finally {
			watcher.stop();
		}
	}

}
