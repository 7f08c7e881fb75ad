package io.github.ipwhitelist.address;

/**
 * The IPv6 half of the strict address parser: RFC 4291 text, 1 to 4 hex digits a group, at
 * most one {@code ::}, an optional embedded dotted quad in the last 32 bits. The common forms
 * are read in one tight pass; anything else goes through the checking pass, which says what is
 * wrong and where. Nothing is allocated for valid text.
 */
final class Ipv6TextParser {

	private Ipv6TextParser() {
	}

	static void parse(CharSequence text, int end, AddressBuffer out) {
		// The common forms (hex groups, at most one "::", no dotted quad) in one tight pass;
		// anything else is left to the checking parser, which names the problem.
		long headHi = 0;
		long headLo = 0;
		long tailHi = 0;
		long tailLo = 0;
		int groups = 0;
		int ellipsis = -1;
		int i = 0;
		if (text.charAt(0) == ':') {
			if (end < 3 || text.charAt(1) != ':') {
				parseChecked(text, end, out);
				return;
			}
			ellipsis = 0;
			i = 2;
		}
		while (true) {
			int groupStart = i;
			int value = 0;
			int digit;
			while (i < end && (digit = hexDigit(text.charAt(i))) >= 0) {
				value = (value << 4) | digit;
				i++;
			}
			int digits = i - groupStart;
			if (digits == 0 || digits > 4 || ++groups > 8) {
				parseChecked(text, end, out);
				return;
			}
			if (ellipsis < 0) {
				headHi = (headHi << 16) | (headLo >>> 48);
				headLo = (headLo << 16) | value;
			}
			else {
				tailHi = (tailHi << 16) | (tailLo >>> 48);
				tailLo = (tailLo << 16) | value;
			}
			if (i == end) {
				break;
			}
			if (text.charAt(i) != ':' || ++i == end) {
				parseChecked(text, end, out);
				return;
			}
			if (text.charAt(i) == ':') {
				if (ellipsis >= 0) {
					parseChecked(text, end, out);
					return;
				}
				ellipsis = groups;
				if (++i == end) {
					break;
				}
			}
		}
		if ((ellipsis < 0) ? groups != 8 : groups > 7) {
			parseChecked(text, end, out);
			return;
		}
		place(headHi, headLo, tailHi, tailLo, ellipsis, out);
	}

	private static void parseChecked(CharSequence text, int end, AddressBuffer out) {
		// Groups before "::" go to the head, groups after it to the tail; each is a 128-bit
		// accumulator whose newest group sits in the lowest 16 bits.
		long headHi = 0;
		long headLo = 0;
		long tailHi = 0;
		long tailLo = 0;
		int groups = 0;
		int ellipsis = -1;
		int i = 0;
		if (text.charAt(0) == ':') {
			if (end < 2 || text.charAt(1) != ':') {
				throw new InvalidSyntaxException(text, "IPv6 address starts with a single colon");
			}
			ellipsis = 0;
			i = 2;
		}
		while (i < end) {
			int groupStart = i;
			int value = 0;
			while (i < end && i - groupStart <= 4) {
				int digit = hexDigit(text.charAt(i));
				if (digit < 0) {
					break;
				}
				value = (value << 4) | digit;
				i++;
			}
			if (i < end && text.charAt(i) == '.') {
				if (groups + 2 > 8) {
					throw new InvalidSyntaxException(text, "IPv6 address has too many groups before its dotted quad");
				}
				long v4 = IpAddressParser.parseIpv4(text, groupStart, end) & 0xFFFF_FFFFL;
				if (ellipsis >= 0) {
					tailHi = (tailHi << 32) | (tailLo >>> 32);
					tailLo = (tailLo << 32) | v4;
				}
				else {
					headHi = (headHi << 32) | (headLo >>> 32);
					headLo = (headLo << 32) | v4;
				}
				groups += 2;
				i = end;
				break;
			}
			int digits = i - groupStart;
			if (digits == 0) {
				char c = text.charAt(i);
				if (c == ':') {
					throw new InvalidSyntaxException(text, "IPv6 address has an empty group at index " + i);
				}
				throw new InvalidSyntaxException(text, (c == '%') ? "zone ids are not accepted"
						: IpAddressParser.describe(c) + " at index " + i);
			}
			if (digits > 4) {
				throw new InvalidSyntaxException(text,
						"IPv6 group at index " + groupStart + " has more than 4 hex digits");
			}
			groups++;
			if (groups > 8) {
				throw new InvalidSyntaxException(text, "IPv6 address has more than 8 groups");
			}
			if (ellipsis >= 0) {
				tailHi = (tailHi << 16) | (tailLo >>> 48);
				tailLo = (tailLo << 16) | value;
			}
			else {
				headHi = (headHi << 16) | (headLo >>> 48);
				headLo = (headLo << 16) | value;
			}
			if (i == end) {
				break;
			}
			char c = text.charAt(i);
			if (c != ':') {
				throw new InvalidSyntaxException(text, (c == '%') ? "zone ids are not accepted"
						: IpAddressParser.describe(c) + " at index " + i);
			}
			i++;
			if (i == end) {
				throw new InvalidSyntaxException(text, "IPv6 address ends with a single colon");
			}
			if (text.charAt(i) == ':') {
				if (ellipsis >= 0) {
					throw new InvalidSyntaxException(text, "IPv6 address has more than one '::'");
				}
				ellipsis = groups;
				i++;
			}
		}
		if (ellipsis < 0) {
			if (groups != 8) {
				throw new InvalidSyntaxException(text, "IPv6 address has " + groups + " groups, 8 required without '::'");
			}
			out.set(headHi, headLo, false);
			return;
		}
		if (groups > 7) {
			throw new InvalidSyntaxException(text, "IPv6 address has '::' and 8 groups");
		}
		place(headHi, headLo, tailHi, tailLo, ellipsis, out);
	}

	/**
	 * Puts the groups read before "::" (the head) at the top and those after it (the tail) at
	 * the bottom; without "::" ({@code ellipsis < 0}) the head is the whole address.
	 */
	private static void place(long headHi, long headLo, long tailHi, long tailLo, int ellipsis, AddressBuffer out) {
		if (ellipsis < 0) {
			out.set(headHi, headLo, false);
			return;
		}
		// Move the head to the top: shift left by 16 bits for every group that is not written.
		int shift = 16 * (8 - ellipsis);
		long hi;
		long lo;
		if (shift >= 128) {
			hi = 0;
			lo = 0;
		}
		else if (shift >= 64) {
			hi = headLo << (shift - 64);
			lo = 0;
		}
		else {
			hi = (headHi << shift) | (headLo >>> (64 - shift));
			lo = headLo << shift;
		}
		out.set(hi | tailHi, lo | tailLo, false);
	}

	/** Value of each ASCII character as a hex digit, -1 if it is none. */
	private static final byte[] HEX_DIGITS = new byte[128];

	static {
		java.util.Arrays.fill(HEX_DIGITS, (byte) -1);
		for (int i = 0; i < 10; i++) {
			HEX_DIGITS['0' + i] = (byte) i;
		}
		for (int i = 0; i < 6; i++) {
			HEX_DIGITS['a' + i] = (byte) (10 + i);
			HEX_DIGITS['A' + i] = (byte) (10 + i);
		}
	}

	/** A table rather than ranges: digits and letters mix at random in addresses, and mispredicted branches cost more than the load. */
	private static int hexDigit(char c) {
		return (c < 128) ? HEX_DIGITS[c] : -1;
	}
}
