package io.github.ipwhitelist.address;

import java.net.InetAddress;

import io.github.ipwhitelist.support.JdkOracle;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IpAddressTests {

	@Nested
	class Ipv4 {

		@ParameterizedTest
		@CsvSource({ "0.0.0.0,0", "255.255.255.255,-1", "192.0.2.1,-1073741311", "127.0.0.1,2130706433",
				"10.0.0.0,167772160" })
		void parseWhenDottedQuadThenValue(String text, int bits) {
			IpAddress address = IpAddress.parse(text);
			assertThat(address.isIpv4()).isTrue();
			assertThat(address).isEqualTo(IpAddress.ofIpv4(bits));
			assertThat(address.toString()).isEqualTo(text);
		}

		@ParameterizedTest(name = "[{index}] {0}")
		@ValueSource(strings = { "010.0.0.1", "0127.0.0.1", "00.0.0.0", "1.2.3.04", "0x7f.0.0.1",
				"0xc0.0xa8.0x8c.0xff", "1.2.3", "127.1", "2130706433", "1.2.3.4.5", "256.1.1.1", "192.168.300.1",
				"1..2.3", ".1.2.3", "1.2.3.", "1.2.3.4.", " 1.2.3.4", "1.2.3.4 ", "1.2.3.4\t", "1.2.3.4\r\nINFO x",
				"", "localhost", "x.oast.fun", "${jndi:ldap://x/a}", "1.2.3.-4", "+1.2.3.4", "1.2.3.4/24",
				"1.2.3.4%eth0", "1000.2.3.4", "1.2.3.4:80" })
		void parseWhenNotStrictDottedQuadThenRejected(String text) {
			assertThatExceptionOfType(InvalidSyntaxException.class).isThrownBy(() -> IpAddress.parse(text));
		}

		@Test
		void parseWhenArabicIndicDigitsThenRejected() {
			assertThatExceptionOfType(InvalidSyntaxException.class)
				.isThrownBy(() -> IpAddress.parse("\u0661\u0662\u0667.\u0660.\u0660.\u0661"))
				.withMessageContaining("non-ASCII character \\u0661 at index 0");
		}

		@Test
		void parseWhenFullwidthDigitsThenRejected() {
			assertThatExceptionOfType(InvalidSyntaxException.class)
				.isThrownBy(() -> IpAddress.parse("\uff11.2.3.4"))
				.withMessageContaining("non-ASCII");
		}

		@Test
		void parseWhenLeadingZeroThenMessageSaysSo() {
			assertThatExceptionOfType(InvalidSyntaxException.class).isThrownBy(() -> IpAddress.parse("010.0.0.1"))
				.withMessage("Invalid IP address '010.0.0.1': IPv4 octet with leading zero at index 0");
		}

		@Test
		void parseWhenShortFormThenMessageSaysSo() {
			assertThatExceptionOfType(InvalidSyntaxException.class).isThrownBy(() -> IpAddress.parse("127.1"))
				.withMessage("Invalid IP address '127.1': IPv4 address has 2 octets, 4 required (short forms are not accepted)");
		}

		@Test
		void parseWhenOctetOver255ThenMessageSaysSo() {
			assertThatExceptionOfType(InvalidSyntaxException.class).isThrownBy(() -> IpAddress.parse("256.1.1.1"))
				.withMessage("Invalid IP address '256.1.1.1': IPv4 octet 256 is over 255");
		}

		@Test
		void parseWhenLogInjectionThenMessageEscapesIt() {
			assertThatExceptionOfType(InvalidSyntaxException.class)
				.isThrownBy(() -> IpAddress.parse("1.2.3.4\r\nINFO allowed"))
				.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("\r").doesNotContain("\n")
					.contains("1.2.3.4\\r\\nINFO allowed"));
		}

	}

	@Nested
	class Ipv6 {

		@ParameterizedTest
		@CsvSource({ "2001:0DB8:0000::0001,2001:db8::1", "2001:db8:0:0:0:0:0:10,2001:db8::10", "::,::", "::1,::1",
				"1::,1::", "0:0:0:0:0:0:0:1,::1", "2001:db8:0:0:1:0:0:1,2001:db8::1:0:0:1",
				"2001:db8:0:1:1:1:1:1,2001:db8:0:1:1:1:1:1", "2001:0:0:1:0:0:0:1,2001:0:0:1::1",
				"fe80:0:0:0:0:0:0:1,fe80::1", "FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF:FFFF,ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
				"1:2:3:4:5:6:7::,1:2:3:4:5:6:7:0", "::2:3:4:5:6:7:8,0:2:3:4:5:6:7:8", "1:2:3:4:5:6:1.2.3.4,1:2:3:4:5:6:102:304",
				"::1.2.3.4,::102:304", "::ffff:192.0.2.1,::ffff:192.0.2.1", "::ffff:c000:201,::ffff:192.0.2.1",
				"0:0:0:0:0:ffff:192.0.2.1,::ffff:192.0.2.1", "1:0:0:2:0:0:0:3,1:0:0:2::3", "1:0:0:0:2:0:0:3,1::2:0:0:3" })
		void parseWhenRfc4291TextThenRfc5952Output(String text, String canonical) {
			IpAddress address = IpAddress.parse(text);
			assertThat(address.isIpv4()).isFalse();
			assertThat(address.toString()).isEqualTo(canonical);
			assertThat(IpAddress.parse(canonical)).isEqualTo(address);
		}

		@ParameterizedTest(name = "[{index}] {0}")
		@ValueSource(strings = { "1:2:3:4::5:6:7:8", "fe80::1::1", "fe801::1", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9",
				":1::", "1::2:", ":", ":::", "1:::2", "2001:db8::1%eth0", "fe80::1%25eth0", "[::1]", "::1 ",
				"1:2:3:4:5:6:7:1.2.3.4", "::1.2.3", "::01.2.3.4", "::1.2.3.4:5", "g::1", "::ffff:1.2.3.4.5",
				"1:2:3:4:5:6:7:8::", "::ffff:0x7f.0.0.1", "2001:db8::/32", "12345::1",
				"1111:2222:3333:4444:5555:6666:7777:8888:9999" })
		void parseWhenNotRfc4291TextThenRejected(String text) {
			assertThatExceptionOfType(InvalidSyntaxException.class).isThrownBy(() -> IpAddress.parse(text));
		}

		@Test
		void parseWhenZoneIdThenMessageSaysSo() {
			assertThatExceptionOfType(InvalidSyntaxException.class)
				.isThrownBy(() -> IpAddress.parse("fe80::1%eth0"))
				.withMessage("Invalid IP address 'fe80::1%eth0': zone ids are not accepted");
		}

		@Test
		void parseWhenEightGroupsAndEllipsisThenMessageSaysSo() {
			assertThatExceptionOfType(InvalidSyntaxException.class)
				.isThrownBy(() -> IpAddress.parse("1:2:3:4::5:6:7:8"))
				.withMessage("Invalid IP address '1:2:3:4::5:6:7:8': IPv6 address has '::' and 8 groups");
		}

		@Test
		void parseWhenIpv4MappedThenIpv6UntilUnmapped() {
			IpAddress mapped = IpAddress.parse("::ffff:192.0.2.1");
			assertThat(mapped.isIpv4()).isFalse();
			assertThat(mapped.isIpv4Mapped()).isTrue();
			assertThat(mapped.unmap()).isEqualTo(IpAddress.parse("192.0.2.1"));
			assertThat(IpAddress.parseClient("::ffff:c000:201").toString()).isEqualTo("192.0.2.1");
		}

		@Test
		void parseWhenIpv4CompatibleThenStaysIpv6() {
			assertThat(IpAddress.parseClient("::192.0.2.1").isIpv4()).isFalse();
		}

	}

	@Nested
	class Bounds {

		@Test
		void parseWhenVeryLongThenRejectedBeforeParsing() {
			String text = "1".repeat(10_000);
			assertThatExceptionOfType(InvalidSyntaxException.class).isThrownBy(() -> IpAddress.parse(text))
				.satisfies((ex) -> assertThat(ex.getProblem()).isEqualTo("longer than 45 characters (10000)"))
				.satisfies((ex) -> assertThat(ex.getMessage()).hasSizeLessThan(200));
		}

		@Test
		void parseWhenLongestValidTextThenAccepted() {
			String text = "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255";
			assertThat(text).hasSize(IpAddress.MAX_TEXT_LENGTH);
			assertThat(IpAddress.parse(text).toString()).isEqualTo("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
		}

		@Test
		void parseWhenUnspecifiedThenParsed() {
			assertThat(IpAddress.parseClient("0.0.0.0").toString()).isEqualTo("0.0.0.0");
			assertThat(IpAddress.parseClient("::").toString()).isEqualTo("::");
		}

	}

	@Nested
	class Masks {

		@ParameterizedTest
		@CsvSource({ "255.255.255.255,0,0.0.0.0", "255.255.255.255,1,128.0.0.0", "255.255.255.255,8,255.0.0.0",
				"255.255.255.255,31,255.255.255.254", "255.255.255.255,32,255.255.255.255" })
		void maskWhenIpv4ThenBitsCleared(String address, int length, String masked) {
			assertThat(IpAddress.parse(address).mask(length)).hasToString(masked);
		}

		@ParameterizedTest
		@CsvSource({ "0,::", "1,8000::", "32,ffff:ffff::", "63,ffff:ffff:ffff:fffe::", "64,ffff:ffff:ffff:ffff::",
				"65,ffff:ffff:ffff:ffff:8000::", "96,ffff:ffff:ffff:ffff:ffff:ffff::",
				"127,ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe", "128,ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" })
		void maskWhenIpv6ThenBitsCleared(int length, String masked) {
			assertThat(IpAddress.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").mask(length)).hasToString(masked);
		}

		@Test
		void maskWhenOutOfRangeThenRejected() {
			assertThatExceptionOfType(IllegalArgumentException.class)
				.isThrownBy(() -> IpAddress.parse("1.2.3.4").mask(33));
		}

	}

	@Nested
	class AgainstJdk {

		@ParameterizedTest
		@ValueSource(strings = { "192.0.2.1", "2001:db8::1", "::ffff:192.0.2.1", "1:2:3:4:5:6:7:8", "::", "::1",
				"fe80::abcd:1234", "1:2:3:4:5:6:1.2.3.4" })
		void parseWhenWellFormedThenSameBitsAsInetAddress(String text) throws Exception {
			// InetAddress only on well-formed literals: a literal is never resolved.
			byte[] expected = InetAddress.getByName(text).getAddress();
			assertThat(JdkOracle.bytes(IpAddress.parseClient(text))).isEqualTo(expected);
		}

	}

}
