package io.github.ipwhitelist.client;

import java.util.List;

import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.rules.RuleSetPropertyTests;
import io.github.ipwhitelist.support.Cases;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The binary-searched set of trusted proxies against the plainest check there is (is the
 * address in any of the prefixes?), on generated prefixes that nest, repeat and mix families,
 * and on addresses drawn near them.
 */
class TrustedProxiesTests {

	@Test
	void decidesAsALinearScanOfThePrefixes() {
		Cases.check(2000, (draw) -> {
			List<IpPrefix> prefixes = draw.list(0, 60, (d) -> RuleSetPropertyTests.entry(d).prefix());
			TrustedProxies proxies = TrustedProxies.of(prefixes);
			assertThat(proxies.size()).isEqualTo(prefixes.size());
			assertThat(proxies.isEmpty()).isEqualTo(prefixes.isEmpty());
			for (IpAddress address : draw.list(1, 40, RuleSetPropertyTests::address)) {
				IpAddress client = address.unmap();
				boolean expected = prefixes.stream().anyMatch((prefix) -> prefix.contains(client));
				assertThat(proxies.contains(client)).as("%s in %s", client, prefixes).isEqualTo(expected);
			}
		});
	}

	@Test
	void nestedAndRepeatedPrefixesKeepTheirWholeSpan() {
		TrustedProxies proxies = TrustedProxies.of(List.of(IpPrefix.parse("10.0.0.0/8"), IpPrefix.parse("10.1.0.0/16"),
				IpPrefix.parse("10.0.0.0/8"), IpPrefix.parse("10.255.255.255"), IpPrefix.parse("2001:db8::/32"),
				IpPrefix.parse("0.0.0.0/0")));
		assertThat(proxies.contains(IpAddress.parse("11.0.0.1"))).isTrue();
		assertThat(proxies.contains(IpAddress.parse("2001:db8:ffff::1"))).isTrue();
		assertThat(proxies.contains(IpAddress.parse("2001:db9::1"))).isFalse();
		assertThat(TrustedProxies.of(List.of(IpPrefix.parse("::/0"))).contains(IpAddress.parse("192.0.2.1")))
			.isFalse();
	}

}
