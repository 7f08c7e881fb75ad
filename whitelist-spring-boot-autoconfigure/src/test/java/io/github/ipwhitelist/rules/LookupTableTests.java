package io.github.ipwhitelist.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.address.IpPrefix;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layout of the lookup table: intervals cut at the 16-bit boundaries, IPv6 intervals that
 * are no aligned block, bit-packed codes, and the bytes kept per entry. Decisions
 * themselves are checked against a naive reference in {@link RuleSetPropertyTests}.
 */
class LookupTableTests {

	private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	@Test
	void wholeIpv4SpaceIsCutIntoOneIntervalPerSlash16() {
		LookupTable rules = LookupTable.build(List.of(entry("0.0.0.0/0")), List.of(entry("10.0.0.1")), NOW);
		assertThat(rules.ranges()).isEqualTo(65536 + 2);
		assertThat(rules.lookup(true, 0, 0)).isEqualTo(1);
		assertThat(rules.lookup(true, 0, 0xFFFF_FFFFL)).isEqualTo(1);
		assertThat(v4(rules, "9.255.255.255")).isEqualTo(1);
		assertThat(v4(rules, "10.0.0.0")).isEqualTo(1);
		assertThat(v4(rules, "10.0.0.1")).isEqualTo(-1);
		assertThat(v4(rules, "10.0.0.2")).isEqualTo(1);
		assertThat(v6(rules, "::1")).isEqualTo(LookupTable.NONE);
	}

	@Test
	void edgesOfTheIpv4Space() {
		LookupTable rules = LookupTable.build(List.of(entry("0.0.0.0/0")), List.of(entry("255.255.255.255")), NOW);
		assertThat(v4(rules, "0.0.0.0")).isEqualTo(1);
		assertThat(v4(rules, "255.255.255.254")).isEqualTo(1);
		assertThat(v4(rules, "255.255.255.255")).isEqualTo(-1);
		rules = LookupTable.build(List.of(entry("255.255.255.255"), entry("0.0.0.0/1")), List.of(), NOW);
		assertThat(v4(rules, "255.255.255.255")).isEqualTo(1);
		assertThat(v4(rules, "255.255.255.254")).isEqualTo(LookupTable.NONE);
		assertThat(v4(rules, "127.255.255.255")).isEqualTo(2);
		assertThat(v4(rules, "128.0.0.0")).isEqualTo(LookupTable.NONE);
	}

	@Test
	void edgesOfTheIpv6Space() {
		String last = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
		// The last top group holds [ffff::, last - 1], an interval that is no aligned block.
		LookupTable rules = LookupTable.build(List.of(entry("::/0")), List.of(entry(last)), NOW);
		assertThat(v6(rules, "::")).isEqualTo(1);
		assertThat(v6(rules, "ffff::")).isEqualTo(1);
		assertThat(v6(rules, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe")).isEqualTo(1);
		assertThat(v6(rules, last)).isEqualTo(-1);
		rules = LookupTable.build(List.of(entry(last), entry("::/1")), List.of(), NOW);
		assertThat(v6(rules, last)).isEqualTo(1);
		assertThat(v6(rules, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe")).isEqualTo(LookupTable.NONE);
		assertThat(v6(rules, "7fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).isEqualTo(2);
		assertThat(v6(rules, "8000::")).isEqualTo(LookupTable.NONE);
	}

	@Test
	void denyBeatsAllowOnTheSamePrefixAndTheFirstDuplicateDecides() {
		LookupTable rules = LookupTable.build(
				List.of(entry("192.0.2.0/24"), entry("198.51.100.0/24"), entry("198.51.100.0/24"), entry("2001:db8::/48"),
						entry("2001:db8::/48")),
				List.of(entry("203.0.113.9"), entry("192.0.2.0/24"), entry("2001:db8::/48")), NOW);
		assertThat(v4(rules, "192.0.2.77")).isEqualTo(-2);
		assertThat(v4(rules, "198.51.100.1")).isEqualTo(2);
		assertThat(v6(rules, "2001:db8::1")).isEqualTo(-3);
	}

	@Test
	void ipv6IntervalsThatAreNoAlignedBlockKeepTheirLastAddress() {
		// The deny entry splits the /32 into [start, 2001:db8::4] and [2001:db8::6, end]: neither
		// is an aligned block.
		LookupTable rules = LookupTable.build(List.of(entry("2001:db8::/32")), List.of(entry("2001:db8::5")),
				NOW);
		assertThat(v6(rules, "2001:db8::")).isEqualTo(1);
		assertThat(v6(rules, "2001:db8::4")).isEqualTo(1);
		assertThat(v6(rules, "2001:db8::5")).isEqualTo(-1);
		assertThat(v6(rules, "2001:db8::6")).isEqualTo(1);
		assertThat(v6(rules, "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")).isEqualTo(1);
		assertThat(v6(rules, "2001:db9::")).isEqualTo(LookupTable.NONE);
		assertThat(v6(rules, "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff")).isEqualTo(LookupTable.NONE);
	}

	@Test
	void ipv6IndexSitsAfterTheBitsEveryEntryShares() {
		// Both entries lie in 2001:db8::/32: the index is on the 16 bits after those 32.
		LookupTable rules = LookupTable.build(List.of(entry("2001:db8::/48"), entry("2001:db8:ffff::/48")),
				List.of(entry("2001:db8:ffff::7")), NOW);
		assertThat(v6(rules, "2001:db8::")).isEqualTo(1);
		assertThat(v6(rules, "2001:db8:0:ffff:ffff:ffff:ffff:ffff")).isEqualTo(1);
		assertThat(v6(rules, "2001:db8:1::")).isEqualTo(LookupTable.NONE);
		assertThat(v6(rules, "2001:db8:fffe:ffff:ffff:ffff:ffff:ffff")).isEqualTo(LookupTable.NONE);
		assertThat(v6(rules, "2001:db8:ffff::6")).isEqualTo(2);
		assertThat(v6(rules, "2001:db8:ffff::7")).isEqualTo(-1);
		assertThat(v6(rules, "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")).isEqualTo(2);
		// Same low 16 bits after the shared 32, other region: no match.
		assertThat(v6(rules, "2001:db9::")).isEqualTo(LookupTable.NONE);
		assertThat(v6(rules, "3001:db8::")).isEqualTo(LookupTable.NONE);
	}

	@Test
	void shortIpv6PrefixesSpanSeveralTopGroups() {
		LookupTable rules = LookupTable.build(List.of(entry("2000::/14"), entry("ffff::/16")), List.of(), NOW);
		assertThat(v6(rules, "1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).isEqualTo(LookupTable.NONE);
		assertThat(v6(rules, "2000::")).isEqualTo(1);
		assertThat(v6(rules, "2002:1::")).isEqualTo(1);
		assertThat(v6(rules, "2003:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).isEqualTo(1);
		assertThat(v6(rules, "2004::")).isEqualTo(LookupTable.NONE);
		assertThat(v6(rules, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).isEqualTo(2);
	}

	@Test
	void bitPackedCodesReadBackAtEveryWidth() {
		SplittableRandom random = new SplittableRandom(7);
		for (int allow = 0; allow < 40; allow++) {
			for (int deny : new int[] { 0, 1, 3, 1000, 600_000, (1 << 30) - allow }) {
				int size = 1 + random.nextInt(300);
				int[] codes = new int[size];
				for (int i = 0; i < size; i++) {
					int pick = random.nextInt(3);
					codes[i] = (pick == 0 || allow + deny == 0) ? LookupTable.NONE
							: (pick == 1 && allow > 0) ? 1 + random.nextInt(allow)
									: (deny > 0) ? -1 - random.nextInt(deny) : LookupTable.NONE;
				}
				codes[size - 1] = (deny > 0) ? -deny : allow;
				PackedCodes packed = new PackedCodes(codes, size, allow, deny);
				for (int i = 0; i < size; i++) {
					assertThat(packed.get(i)).as("code %d of %d, %d allow, %d deny", i, size, allow, deny)
						.isEqualTo(codes[i]);
				}
			}
		}
	}

	@Test
	void codesTakeTwentyBitsWithAMillionEntries() {
		PackedCodes packed = new PackedCodes(new int[640], 640, 600_000, 400_000);
		assertThat(packed.bytes()).isEqualTo(8L * (640 * 20 / 64 + 1));
	}

	@Test
	void aFeedOfSingleAddressesTakesFourBytesAndACodePerIpv4EntrySeventeenAndACodePerIpv6Entry() {
		SplittableRandom random = new SplittableRandom(11);
		int n = 200_000;
		List<IpEntry> v4 = new ArrayList<>(n);
		List<IpEntry> v6 = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			v4.add(new IpEntry(IpPrefix.of(IpAddress.ofIpv4(random.nextInt()), 32), null, null, "feed"));
			v6.add(new IpEntry(IpPrefix.of(IpAddress.ofIpv6(0x2000_0000_0000_0000L | (random.nextLong() >>> 3),
					random.nextLong()), 128), null, null, "feed"));
		}
		// 2 + 2 bytes of interval, 18 bits of code, and the 256 KiB index shared by all.
		assertThat(LookupTable.build(v4, List.of(), NOW).bytes()).isLessThanOrEqualTo(4L * n + 18 * n / 8 + 16 + 4 * 65537);
		// 16 bytes of first address, 1 of block size, 18 bits of code, and the index.
		assertThat(LookupTable.build(v6, List.of(), NOW).bytes())
			.isLessThanOrEqualTo(17L * n + 18 * n / 8 + 16 + 4 * 65537);
	}

	@Test
	void anEmptyFamilyHasNoIndex() {
		LookupTable rules = LookupTable.build(List.of(entry("192.0.2.1")), List.of(), NOW);
		// Index, one interval (2 + 2 bytes), one 1-bit code in two words.
		assertThat(rules.bytes()).isEqualTo(4L * 65537 + 2 + 2 + 16);
		assertThat(v6(rules, "2001:db8::1")).isEqualTo(LookupTable.NONE);
		assertThat(v4(rules, "192.0.2.1")).isEqualTo(1);
		assertThat(v4(rules, "192.0.2.2")).isEqualTo(LookupTable.NONE);
	}

	private static IpEntry entry(String text) {
		return new IpEntry(IpPrefix.parse(text), null, null, "test");
	}

	private static int v4(LookupTable rules, String text) {
		IpAddress address = IpAddress.parse(text);
		return rules.lookup(true, address.hi(), address.lo());
	}

	private static int v6(LookupTable rules, String text) {
		IpAddress address = IpAddress.parse(text);
		return rules.lookup(false, address.hi(), address.lo());
	}

}
