package io.github.ipwhitelist.client;

import io.github.ipwhitelist.address.InvalidSyntaxException;
import io.github.ipwhitelist.address.IpAddress;

/**
 * What both forwarding grammars share: optional white space, bracketed IPv6 addresses, ports,
 * and the address of a hop read with the strict parser (an IPv4-mapped address unmapped).
 */
final class Hops {

	static final String KIND = "forwarding hop";

	private Hops() {
	}

	static String trimOws(String text) {
		int start = 0;
		int end = text.length();
		while (start < end && isOws(text.charAt(start))) {
			start++;
		}
		while (end > start && isOws(text.charAt(end - 1))) {
			end--;
		}
		return text.substring(start, end);
	}

	private static boolean isOws(char c) {
		return c == ' ' || c == '\t';
	}

	static IpAddress parseBracketed(String hop) {
		int close = hop.indexOf(']');
		if (close < 0) {
			throw new InvalidSyntaxException(KIND, hop, "'[' without ']'");
		}
		if (close + 1 < hop.length()) {
			if (hop.charAt(close + 1) != ':') {
				throw new InvalidSyntaxException(KIND, hop, "unexpected text after ']'");
			}
			checkPort(hop, close + 2);
		}
		IpAddress address = parseHopAddress(hop, hop.substring(1, close), false);
		if (address.isIpv4() && !hop.substring(1, close).contains(":")) {
			throw new InvalidSyntaxException(KIND, hop, "brackets hold an IPv6 address, not IPv4");
		}
		return address;
	}

	static IpAddress parseHopAddress(String hop, String text, boolean ipv4Only) {
		try {
			IpAddress address = IpAddress.parse(text);
			if (ipv4Only && !address.isIpv4()) {
				throw new InvalidSyntaxException(KIND, hop, "not an IPv4 address with a port");
			}
			return address.unmap();
		}
		catch (InvalidSyntaxException ex) {
			if (text.equals(hop)) {
				throw ex;
			}
			throw new InvalidSyntaxException(KIND, hop, ex.getProblem());
		}
	}

	static void checkPort(String hop, int start) {
		int end = hop.length();
		if (start >= end || end - start > 5) {
			throw new InvalidSyntaxException(KIND, hop, "port is not a number from 1 to 65535");
		}
		int port = 0;
		for (int i = start; i < end; i++) {
			char c = hop.charAt(i);
			if (c < '0' || c > '9') {
				throw new InvalidSyntaxException(KIND, hop, "port is not a number from 1 to 65535");
			}
			port = port * 10 + (c - '0');
		}
		if (port < 1 || port > 65535) {
			throw new InvalidSyntaxException(KIND, hop, "port " + port + " is out of range 1..65535");
		}
	}

}
