package io.github.ipwhitelist.address;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Ranges against an independent implementation: the IPAddress library's smallest prefix-block
 * cover of a range, for random IPv4 and IPv6 ranges.
 */
class IpRangeTests {

	private static List<String> ours(String first, String last) {
		return IpRange.parse(first + "-" + last).stream().map((p) -> p.address() + "/" + p.length()).toList();
	}

	private static List<String> theirs(String first, String last) {
		IPAddress low = new IPAddressString(first).getAddress();
		IPAddress high = new IPAddressString(last).getAddress();
		return Arrays.stream(low.spanWithRange(high).spanWithPrefixBlocks())
			.map((block) -> block.getLower().withoutPrefixLength().toCanonicalString() + "/" + block.getPrefixLength())
			.toList();
	}

	@Test
	void theCoverIsTheSmallestSetOfPrefixesAsAnotherLibraryComputesIt() {
		SplittableRandom random = new SplittableRandom(5);
		for (int i = 0; i < 2000; i++) {
			IpAddress a;
			IpAddress b;
			if (random.nextBoolean()) {
				a = IpAddress.ofIpv4(random.nextInt());
				b = IpAddress.ofIpv4((random.nextInt(4) == 0) ? random.nextInt() : (int) (a.lo() + random.nextInt(5000)));
			}
			else {
				a = IpAddress.ofIpv6(0x2001_0db8_0000_0000L | random.nextInt(16), random.nextLong());
				b = (random.nextInt(4) == 0) ? IpAddress.ofIpv6(a.hi() + random.nextInt(2), random.nextLong())
						: IpAddress.ofIpv6(a.hi(), a.lo() + random.nextInt(100_000));
			}
			IpAddress first = (a.compareTo(b) <= 0) ? a : b;
			IpAddress last = (a.compareTo(b) <= 0) ? b : a;
			assertThat(ours(first.toString(), last.toString())).as("%s-%s", first, last)
				.isEqualTo(theirs(first.toString(), last.toString()));
		}
	}

	@Test
	void edgesOfTheSpaceAndSingleAddresses() {
		assertThat(ours("0.0.0.0", "255.255.255.255")).containsExactly("0.0.0.0/0");
		assertThat(ours("::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).containsExactly("::/0");
		assertThat(ours("192.0.2.7", "192.0.2.7")).containsExactly("192.0.2.7/32");
		assertThat(ours("192.0.2.10", "192.0.2.20")).containsExactly("192.0.2.10/31", "192.0.2.12/30",
				"192.0.2.16/30", "192.0.2.20/32");
		assertThat(ours("255.255.255.254", "255.255.255.255")).containsExactly("255.255.255.254/31");
		assertThat(ours("::ffff:192.0.2.1", "::ffff:192.0.2.2")).containsExactly("192.0.2.1/32", "192.0.2.2/32");
	}

	@ParameterizedTest
	@ValueSource(strings = { "192.0.2.20-192.0.2.10", "192.0.2.1-2001:db8::1", "192.0.2.1 - 192.0.2.5",
			"192.0.2.1-", "-192.0.2.1", "192.0.2.1-192.0.2.2-192.0.2.3", "192.0.2.01-192.0.2.5", "10.0.0.0/8-10.1.0.0",
			"a-b" })
	void badRangesAreRefusedNamingThem(String text) {
		assertThatExceptionOfType(InvalidSyntaxException.class).isThrownBy(() -> IpRange.parse(text))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains(LogSafe.escape(text, 200)));
	}

}
