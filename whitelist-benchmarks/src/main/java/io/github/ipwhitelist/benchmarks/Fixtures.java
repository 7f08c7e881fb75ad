package io.github.ipwhitelist.benchmarks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.rules.IpEntry;
import io.github.ipwhitelist.rules.Mode;
import io.github.ipwhitelist.rules.RuleSet;

/**
 * Random entry sets and probes, the same for every implementation (fixed seed).
 * <ul>
 * <li>{@code feed}: a threat-feed shape, 90 % single addresses (/32 or /128), the rest /16–/31
 * (IPv4) or /32–/64 (IPv6).</li>
 * <li>{@code mixed}: lengths spread evenly over /16–/32 (IPv4) or /16–/128 (IPv6). Not /8–/15
 * for IPv4: from 100k prefixes on, those would cover the whole IPv4 space, leaving no address to
 * miss (and Netty's filter would keep only the 256 outermost /8s).</li>
 * </ul>
 * Probes are half hits (an address inside a random entry) and half misses (checked against our
 * own rule set, which the equivalence tests tie to a naive reference).
 */
final class Fixtures {

	static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

	static final int PROBES = 4096;

	final List<IpPrefix> prefixes;

	final List<String> prefixTexts;

	final IpAddress[] probes;

	final String[] probeTexts;

	final RuleSet rules;

	Fixtures(int n, boolean ipv4, boolean feed) {
		SplittableRandom random = new SplittableRandom(42);
		this.prefixes = new ArrayList<>(n);
		this.prefixTexts = new ArrayList<>(n);
		List<IpEntry> entries = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			IpPrefix prefix = randomPrefix(random, ipv4, feed);
			this.prefixes.add(prefix);
			this.prefixTexts.add(prefix.address() + "/" + prefix.length());
			entries.add(new IpEntry(prefix, null, null, "benchmark"));
		}
		this.rules = RuleSet.compile(Mode.STRICT, entries, List.of(), NOW);
		this.probes = new IpAddress[PROBES];
		this.probeTexts = new String[PROBES];
		for (int i = 0; i < PROBES; i++) {
			IpAddress probe;
			if (i % 2 == 0) {
				IpPrefix inside = this.prefixes.get(random.nextInt(n));
				probe = randomInside(random, inside);
			}
			else {
				int tries = 0;
				do {
					probe = randomAddress(random, ipv4);
				}
				while (this.rules.allows(probe, NOW) && ++tries < 1000);
			}
			this.probes[i] = probe;
			this.probeTexts[i] = probe.toString();
		}
	}

	static IpPrefix randomPrefix(SplittableRandom random, boolean ipv4, boolean feed) {
		int length;
		if (ipv4) {
			length = feed ? ((random.nextInt(10) < 9) ? 32 : 16 + random.nextInt(16)) : 16 + random.nextInt(17);
		}
		else {
			length = feed ? ((random.nextInt(10) < 9) ? 128 : 32 + random.nextInt(33)) : 16 + random.nextInt(113);
		}
		IpAddress address = randomAddress(random, ipv4);
		return IpPrefix.of(address.mask(length), length);
	}

	static IpAddress randomAddress(SplittableRandom random, boolean ipv4) {
		if (ipv4) {
			return IpAddress.ofIpv4(random.nextInt());
		}
		// Global unicast 2000::/3, as real IPv6 clients.
		long hi = (random.nextLong() >>> 3) | 0x2000_0000_0000_0000L;
		IpAddress address = IpAddress.ofIpv6(hi, random.nextLong());
		return address.isIpv4Mapped() ? IpAddress.ofIpv6(hi | 1L, 0) : address;
	}

	static IpAddress randomInside(SplittableRandom random, IpPrefix prefix) {
		IpAddress a = prefix.address();
		int length = prefix.length();
		if (a.isIpv4()) {
			long hostBits = (length == 32) ? 0 : (0xFFFF_FFFFL >>> length);
			return IpAddress.ofIpv4((int) (a.lo() | (random.nextLong() & hostBits)));
		}
		long hiBits = (length >= 64) ? 0 : (-1L >>> length);
		long loBits = (length <= 64) ? -1L : (length == 128) ? 0 : (-1L >>> (length - 64));
		return IpAddress.ofIpv6(a.hi() | (random.nextLong() & hiBits), a.lo() | (random.nextLong() & loBits));
	}

}
