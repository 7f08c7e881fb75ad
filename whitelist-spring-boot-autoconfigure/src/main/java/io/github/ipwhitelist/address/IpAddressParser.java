package io.github.ipwhitelist.address;

/**
 * The strict parser of address text: it tells the two families apart and reads dotted quads of
 * four decimal octets without leading zeros itself; RFC 4291 IPv6 text goes to
 * {@link Ipv6TextParser}. The common forms are read in one tight pass; any other text goes
 * through a checking pass that says exactly what is wrong and where. Nothing is allocated for
 * valid text; nothing but ASCII is accepted; nothing is ever resolved.
 */
final class IpAddressParser {

	private IpAddressParser() {
	}

	/**
	 * Parses as {@link IpAddress#parse(CharSequence)} into a reusable buffer, allocating nothing when
	 * the text is valid.
	 */
	static void parseInto(CharSequence text, AddressBuffer out) {
		parseInto(text, text.length(), out);
	}

	/**
	 * Parses the first {@code length} characters of the text (an address followed by a prefix
	 * length, say) without copying them.
	 */
	static void parseInto(CharSequence text, int length, AddressBuffer out) {
		if (length == 0) {
			throw new InvalidSyntaxException(text, "empty text");
		}
		if (length > IpAddress.MAX_TEXT_LENGTH) {
			throw new InvalidSyntaxException(text,
					"longer than " + IpAddress.MAX_TEXT_LENGTH + " characters (" + length + ")");
		}
		// A dot after one to three decimal digits can only start a dotted quad, whose parser
		// checks every character itself: no separate scan of the text.
		for (int i = 0; i < 4 && i < length; i++) {
			char c = text.charAt(i);
			if (c == '.' && i > 0) {
				out.set(0L, parseIpv4(text, 0, length) & 0xFFFF_FFFFL, true);
				return;
			}
			if (c < '0' || c > '9') {
				break;
			}
		}
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c == ':') {
				Ipv6TextParser.parse(text, length, out);
				return;
			}
			if (c > 0x7e || c < 0x21) {
				throw new InvalidSyntaxException(text, describe(c) + " at index " + i);
			}
		}
		out.set(0L, parseIpv4(text, 0, length) & 0xFFFF_FFFFL, true);
	}

	static String describe(char c) {
		if (c == ' ') {
			return "white space";
		}
		if (c < 0x20 || c == 0x7f) {
			return "control character \\u" + String.format("%04x", (int) c);
		}
		if (c > 0x7e) {
			return "non-ASCII character \\u" + String.format("%04x", (int) c);
		}
		return "unexpected character '" + c + "'";
	}

	/**
	 * Parses a dotted quad between {@code start} and {@code end}.
	 * @return the 32 bits
	 */
	static int parseIpv4(CharSequence text, int start, int end) {
		// The common case, a well-formed quad, in one tight pass; anything else (an error, or a
		// form this pass does not expect) is left to the checking parser, which names the problem.
		int result = 0;
		int i = start;
		for (int octet = 0; octet < 4; octet++) {
			if (octet > 0) {
				if (i >= end || text.charAt(i) != '.') {
					return parseIpv4Checked(text, start, end);
				}
				i++;
			}
			if (i >= end) {
				return parseIpv4Checked(text, start, end);
			}
			int value = text.charAt(i) - '0';
			if (value < 0 || value > 9) {
				return parseIpv4Checked(text, start, end);
			}
			i++;
			if (value != 0) {
				// No leading zero: at most two more digits.
				for (int more = 0; more < 2 && i < end; more++) {
					int digit = text.charAt(i) - '0';
					if (digit < 0 || digit > 9) {
						break;
					}
					value = value * 10 + digit;
					i++;
				}
				if (value > 255) {
					return parseIpv4Checked(text, start, end);
				}
			}
			result = (result << 8) | value;
		}
		return (i == end) ? result : parseIpv4Checked(text, start, end);
	}

	private static int parseIpv4Checked(CharSequence text, int start, int end) {
		int result = 0;
		int i = start;
		for (int octet = 0; octet < 4; octet++) {
			if (octet > 0) {
				if (i == end) {
					throw new InvalidSyntaxException(text,
							"IPv4 address has " + octet + " octets, 4 required (short forms are not accepted)");
				}
				char dot = text.charAt(i);
				if (dot != '.') {
					throw new InvalidSyntaxException(text, describe(dot) + " at index " + i);
				}
				i++;
			}
			int fieldStart = i;
			int value = 0;
			while (i < end && i - fieldStart < 4) {
				char c = text.charAt(i);
				if (c < '0' || c > '9') {
					break;
				}
				value = value * 10 + (c - '0');
				i++;
			}
			int digits = i - fieldStart;
			if (digits == 0) {
				if (i < end && text.charAt(i) != '.') {
					throw new InvalidSyntaxException(text, describe(text.charAt(i)) + " at index " + i);
				}
				throw new InvalidSyntaxException(text, "IPv4 address has an empty octet at index " + i);
			}
			if (digits > 1 && text.charAt(fieldStart) == '0') {
				throw new InvalidSyntaxException(text, "IPv4 octet with leading zero at index " + fieldStart);
			}
			if (value > 255) {
				throw new InvalidSyntaxException(text, "IPv4 octet " + value + " is over 255");
			}
			result = (result << 8) | value;
		}
		if (i != end) {
			char c = text.charAt(i);
			if (c == '.') {
				throw new InvalidSyntaxException(text, "IPv4 address has more than 4 octets");
			}
			throw new InvalidSyntaxException(text, describe(c) + " at index " + i);
		}
		return result;
	}

}
