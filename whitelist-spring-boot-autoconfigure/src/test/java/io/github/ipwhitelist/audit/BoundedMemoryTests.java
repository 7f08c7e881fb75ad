package io.github.ipwhitelist.audit;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.client.ClientIpResolver;
import io.github.ipwhitelist.client.ForwardingHeader;
import io.github.ipwhitelist.rules.IpEntry;
import io.github.ipwhitelist.rules.Mode;
import io.github.ipwhitelist.rules.RuleSet;
import io.github.ipwhitelist.rules.RuleSetHolder;
import io.github.ipwhitelist.web.DeniedResponseWriter;
import io.github.ipwhitelist.web.IpWhitelistAuthorizationManager;
import io.github.ipwhitelist.web.IpWhitelistFilter;
import io.github.ipwhitelist.web.ResponseFormat;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An attacker rotating addresses must not grow memory: a million distinct denied IPv4 and IPv6
 * addresses, and a million distinct unlisted callers in permissive mode, go through the real
 * filter in-process; every structure stays within its bound, heap growth stays within
 * {@value #MAX_HEAP_GROWTH_MB} MB, and the counts stay exact.
 */
class BoundedMemoryTests {

	static final int REQUESTS = 1_000_000;

	static final int MAX_HEAP_GROWTH_MB = 64;

	static final int CAPACITY = 1000;

	static final int NOT_LISTED_CAPACITY = 10_000;

	@Test
	void millionDistinctDeniedAddressesStayWithinBounds() throws Exception {
		Harness harness = new Harness(Mode.STRICT);
		long before = usedHeapAfterGc();
		for (int i = 0; i < REQUESTS; i++) {
			String address = (i % 2 == 0) ? IpAddress.ofIpv4(0x64000000 + i).toString()
					: IpAddress.ofIpv6(0x20010db8_00000000L, i).toString();
			assertThat(harness.send(address)).isEqualTo(403);
		}
		long growth = usedHeapAfterGc() - before;
		AccessCounts counts = harness.recorder.counts();
		assertThat(counts.denied()).isEqualTo(REQUESTS);
		assertThat(counts.allowed()).isZero();
		assertThat(harness.recorder.recentDenied()).hasSize(CAPACITY);
		assertThat(harness.recorder.recentDenied().get(0).ip()).isEqualTo("2001:db8::f:423f");
		assertThat(harness.recorder.notListedSize()).isZero();
		assertThat(harness.logger.trackedAddresses()).isLessThanOrEqualTo(DenialLogger.MAX_ADDRESSES_TRACKED);
		assertThat(growth).as("heap growth in bytes").isLessThan(MAX_HEAP_GROWTH_MB * 1024L * 1024L);
	}

	@Test
	void millionDistinctUnlistedCallersStayWithinBounds() throws Exception {
		Harness harness = new Harness(Mode.PERMISSIVE);
		long before = usedHeapAfterGc();
		for (int i = 0; i < REQUESTS; i++) {
			String address = (i % 2 == 0) ? IpAddress.ofIpv4(0x64000000 + i).toString()
					: IpAddress.ofIpv6(0x20010db8_00000000L, i).toString();
			assertThat(harness.send(address)).isEqualTo(200);
		}
		long growth = usedHeapAfterGc() - before;
		assertThat(harness.recorder.counts().allowed()).isEqualTo(REQUESTS);
		assertThat(harness.recorder.notListedSize()).isLessThanOrEqualTo(NOT_LISTED_CAPACITY);
		assertThat(harness.recorder.notListed()).hasSizeLessThanOrEqualTo(NOT_LISTED_CAPACITY);
		assertThat(harness.recorder.notListedOverflow() + harness.recorder.notListedSize()).isEqualTo(REQUESTS);
		assertThat(growth).as("heap growth in bytes").isLessThan(MAX_HEAP_GROWTH_MB * 1024L * 1024L);
	}

	static long usedHeapAfterGc() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(50);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	static final class Harness {

		final IpWhitelistRecorder recorder = new IpWhitelistRecorder(CAPACITY, NOT_LISTED_CAPACITY, Clock.systemUTC());

		final DenialLogger logger = new DenialLogger(Duration.ofMinutes(1));

		final IpWhitelistFilter filter;

		Harness(Mode mode) {
			RuleSet rules = RuleSet.compile(mode,
					List.of(new IpEntry(IpPrefix.parse("10.0.0.0/8"), null, null, "entries[0]")), List.of());
			IpWhitelistAuthorizationManager manager = new IpWhitelistAuthorizationManager(new RuleSetHolder(rules),
					new ClientIpResolver(List.of(), ForwardingHeader.X_FORWARDED_FOR, 32, 4096), Clock.systemUTC());
			this.filter = new IpWhitelistFilter(manager, this.recorder,
					new DeniedResponseWriter(ResponseFormat.PROBLEM, 403), AnyRequestMatcher.INSTANCE,
					List.of(this.logger));
		}

		int send(String address) throws Exception {
			MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/banks");
			request.setRemoteAddr(address);
			MockHttpServletResponse response = new MockHttpServletResponse();
			this.filter.doFilter(request, response, new MockFilterChain());
			return response.getStatus();
		}

	}

}
