package io.github.ipwhitelist.address;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IpPrefixTests {

	@ParameterizedTest
	@CsvSource({ "10.0.0.0/8,10.0.0.0/8", "0.0.0.0/0,0.0.0.0/0", "192.0.2.1/32,192.0.2.1", "192.0.2.1,192.0.2.1",
			"2001:db8::1,2001:db8::1", "2001:DB8::/32,2001:db8::/32", "::/0,::/0", "2001:db8::/64,2001:db8::/64",
			"::ffff:192.0.2.0/120,192.0.2.0/24", "::ffff:0:0/96,0.0.0.0/0", "::ffff:192.0.2.1,192.0.2.1",
			"2001:db8:0:0:0:0:0:0/128,2001:db8::" })
	void parseWhenValidThenCanonical(String text, String canonical) {
		assertThat(IpPrefix.parse(text)).hasToString(canonical);
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@ValueSource(strings = { "10.0.0.5/8", "/33", "1.2.3.0/33", "1.2.3.0/-1", "1.2.3.0/024", "1.2.3.0/ 24",
			"1.2.3.0/24 ", "2001:db8::/129", "1.2.3.0/", "1.2.3.0/2/4", "2001:db8::1/64", "1.2.3.0/+24",
			"1.2.3.0/0x18", "10/8", "1.2.3.0/1000", "2001:db8::/0128", "127.1/32" })
	void parseWhenMalformedThenRejected(String text) {
		assertThatExceptionOfType(InvalidSyntaxException.class).isThrownBy(() -> IpPrefix.parse(text));
	}

	@Test
	void parseWhenHostBitsSetThenMessageSuggestsNetwork() {
		assertThatExceptionOfType(InvalidSyntaxException.class).isThrownBy(() -> IpPrefix.parse("10.0.0.5/8"))
			.withMessage("Invalid IP address '10.0.0.5/8': host bits set (did you mean 10.0.0.0/8?)");
	}

	@Test
	void parseWhenPrefixLengthOutOfRangeThenMessageSaysRange() {
		assertThatExceptionOfType(InvalidSyntaxException.class).isThrownBy(() -> IpPrefix.parse("2001:db8::/129"))
			.withMessage("Invalid IP address '2001:db8::/129': prefix length 129 is out of range 0..128");
	}

	@Test
	void parseWhenPrefixLengthHasLeadingZeroThenRejected() {
		assertThatExceptionOfType(InvalidSyntaxException.class).isThrownBy(() -> IpPrefix.parse("1.2.3.0/024"))
			.withMessage("Invalid IP address '1.2.3.0/024': prefix length has a leading zero");
	}

	@ParameterizedTest
	@CsvSource({ "0.0.0.0/0,255.255.255.255,true", "0.0.0.0/0,0.0.0.0,true", "10.0.0.0/8,10.255.255.255,true",
			"10.0.0.0/8,11.0.0.0,false", "192.0.2.0/24,192.0.2.77,true", "192.0.2.0/24,192.0.3.0,false",
			"192.0.2.7/32,192.0.2.7,true", "192.0.2.7/32,192.0.2.6,false", "128.0.0.0/1,127.255.255.255,false",
			"128.0.0.0/1,128.0.0.0,true" })
	void containsWhenIpv4ThenByPrefix(String prefix, String address, boolean expected) {
		assertThat(IpPrefix.parse(prefix).contains(IpAddress.parse(address))).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "::/0,ffff::1,true", "::/0,::,true", "2001:db8::/32,2001:db8:ffff::1,true",
			"2001:db8::/32,2001:db9::,false", "2001:db8::/64,2001:db8::ffff:ffff:ffff:ffff,true",
			"2001:db8::/64,2001:db8:0:1::,false", "2001:db8::/63,2001:db8:0:1::,true",
			"2001:db8::/65,2001:db8::7fff:ffff:ffff:ffff,true", "2001:db8::/65,2001:db8::8000:0:0:0,false",
			"2001:db8::1/128,2001:db8::1,true", "2001:db8::1/128,2001:db8::2,false",
			"2001:db8::/127,2001:db8::1,true", "2001:db8::/127,2001:db8::2,false" })
	void containsWhenIpv6ThenByPrefix(String prefix, String address, boolean expected) {
		assertThat(IpPrefix.parse(prefix).contains(IpAddress.parse(address))).isEqualTo(expected);
	}

	@Test
	void containsWhenFamiliesDifferThenFalse() {
		assertThat(IpPrefix.parse("0.0.0.0/0").contains(IpAddress.parse("::1"))).isFalse();
		assertThat(IpPrefix.parse("::/0").contains(IpAddress.parse("192.0.2.1"))).isFalse();
		assertThat(IpPrefix.parse("::/0").contains(IpAddress.parse("::ffff:192.0.2.1").unmap())).isFalse();
		assertThat(IpPrefix.parse("192.0.2.0/24").contains(IpAddress.parse("::ffff:192.0.2.1"))).isFalse();
		assertThat(IpPrefix.parse("192.0.2.0/24").contains(IpAddress.parseClient("::ffff:192.0.2.1"))).isTrue();
	}

	@Test
	void containsWhenIpv6PrefixOf24BitsThenNeverIpv4() {
		// spring-security#19329: an IPv4 /24 must not match an IPv6 address, nor the reverse.
		assertThat(IpPrefix.parse("192.168.1.0/24").contains(IpAddress.parse("c0a8:100::1"))).isFalse();
		assertThat(IpPrefix.parse("c0a8:100::/24").contains(IpAddress.parse("192.168.1.1"))).isFalse();
	}

	@Test
	void coversWhenNestedThenTrue() {
		assertThat(IpPrefix.parse("10.0.0.0/8").covers(IpPrefix.parse("10.1.0.0/16"))).isTrue();
		assertThat(IpPrefix.parse("10.1.0.0/16").covers(IpPrefix.parse("10.0.0.0/8"))).isFalse();
		assertThat(IpPrefix.parse("10.0.0.0/8").covers(IpPrefix.parse("10.0.0.0/8"))).isTrue();
	}

}
