package io.github.ipwhitelist.client;

import java.util.Arrays;
import java.util.List;

import io.github.ipwhitelist.address.IpPrefix;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ClientIpResolverTests {

	/** The trusted proxy of most rows: T. */
	static final String T = "10.0.0.2";

	static ClientIpResolver resolver(ForwardingHeader header, String... trusted) {
		return new ClientIpResolver(Arrays.stream(trusted).map(IpPrefix::parse).toList(), header, 32, 4096);
	}

	static ClientIpResolver xff(String... trusted) {
		return resolver(ForwardingHeader.X_FORWARDED_FOR, trusted);
	}

	static ClientIpResolver forwarded(String... trusted) {
		return resolver(ForwardingHeader.FORWARDED, trusted);
	}

	static String client(ClientAddress address) {
		assertThat(address.isMalformed()).as("malformed: %s %s", address.malformedValue(), address.problem()).isFalse();
		return address.address().toString();
	}

	@Nested
	class Peer {

		@Test
		void resolveWhenNoTrustedProxiesThenPeerAndHeaderIgnored() {
			assertThat(client(xff().resolve("203.0.113.9", List.of("192.0.2.7")))).isEqualTo("203.0.113.9");
		}

		@Test
		void resolveWhenPeerUntrustedThenHeaderIgnored() {
			ClientAddress address = xff("10.0.0.0/8").resolve("203.0.113.9", List.of("192.0.2.7"));
			assertThat(client(address)).isEqualTo("203.0.113.9");
			assertThat(address.fromHeader()).isFalse();
		}

		@ParameterizedTest
		@CsvSource({ "0:0:0:0:0:0:0:1,::1", "::ffff:192.0.2.1,192.0.2.1", "fe80:0:0:0:0:0:0:1%lo,fe80::1",
				"2001:db8:0:0:0:0:0:10,2001:db8::10" })
		void resolveWhenPeerFromContainerThenCanonical(String peer, String expected) {
			assertThat(client(xff().resolve(peer, List.of()))).isEqualTo(expected);
		}

		@Test
		void resolveWhenTrustedPeerAndNoHeaderThenPeer() {
			assertThat(client(xff(T).resolve(T, List.of()))).isEqualTo(T);
		}

		@Test
		void resolveWhenPeerMalformedThenMalformedAndNotFromHeader() {
			ClientAddress address = xff(T).resolve("not-an-address", List.of("192.0.2.7"));
			assertThat(address.isMalformed()).isTrue();
			assertThat(address.fromHeader()).isFalse();
			assertThat(address.problem()).startsWith("socket peer address is not an IP literal");
		}

		@Test
		void resolveWhenHopMalformedThenMalformedAndFromHeader() {
			ClientAddress address = xff(T).resolve(T, List.of("garbage"));
			assertThat(address.isMalformed()).isTrue();
			assertThat(address.fromHeader()).isTrue();
		}

	}

	@Nested
	class XForwardedFor {

		@Test
		void resolveWhenRightmostUntrustedThenThatHop() {
			assertThat(client(xff(T).resolve(T, List.of("6.6.6.6, 192.0.2.7")))).isEqualTo("192.0.2.7");
		}

		@Test
		void resolveWhenRepeatedLinesThenOneChain() {
			assertThat(client(xff(T).resolve(T, List.of("6.6.6.6", "192.0.2.7")))).isEqualTo("192.0.2.7");
		}

		@Test
		void resolveWhenGarbageOnTheRightThenMalformed() {
			ClientAddress address = xff(T).resolve(T, List.of("192.0.2.7, garbage"));
			assertThat(address.isMalformed()).isTrue();
			assertThat(address.malformedValue()).isEqualTo("garbage");
		}

		@Test
		void resolveWhenGarbageLeftOfClientThenWalkStopsBeforeIt() {
			assertThat(client(xff(T).resolve(T, List.of("garbage, 192.0.2.7")))).isEqualTo("192.0.2.7");
		}

		@ParameterizedTest
		@ValueSource(strings = { "unknown", "", " ", "192.0.2.7,", "010.0.0.1", "localhost", "1.2.3.4:0",
				"1.2.3.4:65536", "1.2.3.4:", "[2001:db8::7", "[192.0.2.7]", "2001:db8::7%eth0", "_hidden",
				"1.2.3.4\r\nX-Injected: 1" })
		void resolveWhenHopMalformedThenMalformed(String header) {
			ClientAddress address = xff(T).resolve(T, List.of(header));
			assertThat(address.isMalformed()).isTrue();
			assertThat(address.malformedValue()).doesNotContain("\r").doesNotContain("\n");
		}

		@ParameterizedTest
		@CsvSource({ "192.0.2.7:5555,192.0.2.7", "[2001:db8::7]:443,2001:db8::7", "[2001:db8::7],2001:db8::7",
				"2001:db8::7,2001:db8::7", "2001:db8::1:443,2001:db8::1:443", "::ffff:192.0.2.7,192.0.2.7",
				"' 192.0.2.7 ',192.0.2.7", "'\t192.0.2.7',192.0.2.7" })
		void resolveWhenHopFormsThenNormalised(String header, String expected) {
			assertThat(client(xff(T).resolve(T, List.of(header)))).isEqualTo(expected);
		}

		@Test
		void resolveWhenEveryHopTrustedThenLeftmost() {
			assertThat(client(xff("10.0.0.0/8").resolve(T, List.of("10.0.0.9, 10.0.0.8")))).isEqualTo("10.0.0.9");
		}

		@Test
		void resolveWhenTrustedHopsThenSkipped() {
			assertThat(client(xff("10.0.0.0/8", "2001:db8:ffff::/48")
				.resolve(T, List.of("6.6.6.6, 192.0.2.7, 2001:db8:ffff::1, 10.1.1.1")))).isEqualTo("192.0.2.7");
		}

		@Test
		void resolveWhenTooManyHopsThenMalformedBeforeParsing() {
			String header = String.join(",", java.util.Collections.nCopies(2000, "1.1.1.1"));
			ClientAddress address = new ClientIpResolver(List.of(IpPrefix.parse(T)), ForwardingHeader.X_FORWARDED_FOR,
					32, 64 * 1024).resolve(T, List.of(header));
			assertThat(address.isMalformed()).isTrue();
			assertThat(address.problem()).isEqualTo("more than 32 hops in X-Forwarded-For");
		}

		@Test
		void resolveWhenHeaderTooLongThenMalformedBeforeParsing() {
			ClientAddress address = xff(T).resolve(T, List.of("1".repeat(64 * 1024)));
			assertThat(address.isMalformed()).isTrue();
			assertThat(address.problem()).isEqualTo("header longer than 4096 characters");
		}

		@Test
		void resolveWhenLinesTogetherTooLongThenMalformed() {
			List<String> lines = java.util.Collections.nCopies(400, "192.0.2.100");
			assertThat(xff(T).resolve(T, lines).problem()).isEqualTo("header longer than 4096 characters");
		}

	}

	/**
	 * Envoy's documented X-Forwarded-For examples, with the trusted hops written as trusted
	 * prefixes.
	 */
	@Nested
	class EnvoyExamples {

		@Test
		void edgeProxyWithoutTrustedProxyInFrontThenPeer() {
			assertThat(client(xff("10.0.0.0/8").resolve("192.0.2.5", List.of("203.0.113.128, 203.0.113.10, 203.0.113.1"))))
				.isEqualTo("192.0.2.5");
		}

		@Test
		void internalProxyBehindEdgeThenLastAddress() {
			assertThat(client(xff("10.0.0.0/8")
				.resolve("10.11.12.13", List.of("203.0.113.128, 203.0.113.10, 203.0.113.1, 192.0.2.5"))))
				.isEqualTo("192.0.2.5");
		}

		@Test
		void edgeProxyWithTwoTrustedExternalProxiesThenSecondToLast() {
			assertThat(client(xff("192.0.2.5/32", "203.0.113.1/32")
				.resolve("192.0.2.5", List.of("203.0.113.128, 203.0.113.10, 203.0.113.1"))))
				.isEqualTo("203.0.113.10");
		}

		@Test
		void internalProxyBehindEdgeWithTwoTrustedHopsThenThirdToLast() {
			assertThat(client(xff("10.0.0.0/8", "192.0.2.5/32", "203.0.113.1/32")
				.resolve("10.11.12.13", List.of("203.0.113.128, 203.0.113.10, 203.0.113.1, 192.0.2.5"))))
				.isEqualTo("203.0.113.10");
		}

	}

	@Nested
	class Forwarded {

		@Test
		void resolveWhenRfc7239ExampleThenFor() {
			assertThat(client(forwarded(T).resolve(T, List.of("for=192.0.2.60;proto=http;by=203.0.113.43"))))
				.isEqualTo("192.0.2.60");
		}

		@Test
		void resolveWhenQuotedBracketedIpv6WithPortThenAddress() {
			assertThat(client(forwarded(T).resolve(T, List.of("For=\"[2001:db8:cafe::17]:4711\""))))
				.isEqualTo("2001:db8:cafe::17");
		}

		@Test
		void resolveWhenSeveralElementsThenRightmostUntrusted() {
			assertThat(client(forwarded(T).resolve(T, List.of("for=192.0.2.43, for=198.51.100.17"))))
				.isEqualTo("198.51.100.17");
		}

		@Test
		void resolveWhenCommaInsideQuotedStringThenNotSplit() {
			assertThat(client(forwarded(T)
				.resolve(T, List.of("for=192.0.2.43;ext=\"a,b\", for=198.51.100.17;proto=https"))))
				.isEqualTo("198.51.100.17");
			assertThat(client(forwarded(T, "198.51.100.17")
				.resolve(T, List.of("for=192.0.2.43;ext=\"a,for=1.1.1.1\", for=198.51.100.17"))))
				.isEqualTo("192.0.2.43");
		}

		@Test
		void resolveWhenParameterNameCaseDiffersThenMatched() {
			assertThat(client(forwarded(T).resolve(T, List.of("proto=https;FOR=192.0.2.9")))).isEqualTo("192.0.2.9");
		}

		@ParameterizedTest
		@CsvSource(delimiter = '|', value = { "for=\"192.0.2.1:_abc\"|192.0.2.1",
				"for=\"[2001:db8::1]:_p-1.x\"|2001:db8::1" })
		void resolveWhenObfuscatedPortThenAddress(String header, String expected) {
			assertThat(client(forwarded(T).resolve(T, List.of(header)))).isEqualTo(expected);
		}

		@Test
		void resolveWhenQuotedIpv4WithPortThenAddress() {
			assertThat(client(forwarded(T).resolve(T, List.of("for=\"192.0.2.9:8080\"")))).isEqualTo("192.0.2.9");
		}

		@ParameterizedTest
		@ValueSource(strings = { "for=unknown", "for=\"_hidden\"", "for=_hidden", "proto=https", "for=",
				"for=2001:db8::1", "for=\"2001:db8::1\"", "for=192.0.2.1;for=192.0.2.2", "for=\"192.0.2.1",
				"forwarded=192.0.2.1", "xfor=192.0.2.1", "for=\"[2001:db8::1]:_po/rt\"", "for=192.0.2.1 x",
				"for=\"192.0.2.1:_\"" })
		void resolveWhenNoUsableForThenMalformed(String header) {
			assertThat(forwarded(T).resolve(T, List.of(header)).isMalformed()).as(header).isTrue();
		}

		@Test
		void resolveWhenOtherHeaderPresentThenOnlyConfiguredCounts() {
			// The X-Forwarded-For lines are never passed: only the configured header is read.
			assertThat(client(forwarded(T).resolve(T, List.of()))).isEqualTo(T);
		}

	}


	@Nested
	class SingleAddressHeader {

		ClientIpResolver realIp = resolver(ForwardingHeader.of("X-Real-IP"), "10.0.0.0/8");

		@Test
		void ofNamesChainsAndSingleAddressHeaders() {
			assertThat(ForwardingHeader.of("x-forwarded-for")).isSameAs(ForwardingHeader.X_FORWARDED_FOR);
			assertThat(ForwardingHeader.of("X_FORWARDED_FOR")).isSameAs(ForwardingHeader.X_FORWARDED_FOR);
			assertThat(ForwardingHeader.of("FORWARDED")).isSameAs(ForwardingHeader.FORWARDED);
			ForwardingHeader cdn = ForwardingHeader.of("CF-Connecting-IP");
			assertThat(cdn.isSingleAddress()).isTrue();
			assertThat(cdn.headerName()).isEqualTo("CF-Connecting-IP");
			assertThat(ForwardingHeader.X_FORWARDED_FOR.isSingleAddress()).isFalse();
			for (String bad : List.of("", " ", "X Real IP", "X-Real-IP:", "é", "a".repeat(65), "X-Real-IP,X-Other")) {
				org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
					.isThrownBy(() -> ForwardingHeader.of(bad));
			}
		}

		@Test
		void oneAddressFromATrustedPeerIsTheClient() {
			ClientAddress address = this.realIp.resolve(T, List.of(" 192.0.2.7 "));
			assertThat(client(address)).isEqualTo("192.0.2.7");
			assertThat(address.fromHeader()).isTrue();
			assertThat(client(this.realIp.resolve(T, List.of("2001:DB8:0::7")))).isEqualTo("2001:db8::7");
			assertThat(client(this.realIp.resolve(T, List.of("::ffff:192.0.2.7")))).isEqualTo("192.0.2.7");
			// Even a trusted address named by the header is the client: there is no chain to walk.
			assertThat(client(this.realIp.resolve(T, List.of("10.0.0.9")))).isEqualTo("10.0.0.9");
		}

		@Test
		void fromAnUntrustedPeerOrWithoutTheHeaderThePeerIsTheClient() {
			assertThat(client(this.realIp.resolve("203.0.113.9", List.of("192.0.2.7")))).isEqualTo("203.0.113.9");
			assertThat(client(this.realIp.resolve(T, List.of()))).isEqualTo(T);
		}

		@Test
		void anythingButOneValidAddressIsMalformed() {
			for (List<String> lines : List.of(List.of("192.0.2.7, 192.0.2.8"), List.of("192.0.2.7", "192.0.2.8"),
					List.of(""), List.of("unknown"), List.of("192.0.2.07"), List.of("[2001:db8::7]"),
					List.of("192.0.2.7:443"), List.of("for=192.0.2.7"), List.of("fe80::1%eth0"))) {
				ClientAddress address = this.realIp.resolve(T, lines);
				assertThat(address.isMalformed()).as("%s", lines).isTrue();
			}
		}

	}

}
