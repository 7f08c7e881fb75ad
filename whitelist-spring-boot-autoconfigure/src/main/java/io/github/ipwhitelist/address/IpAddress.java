package io.github.ipwhitelist.address;

/**
 * An IPv4 or IPv6 address: an immutable value of 128 bits ({@link #hi()} and {@link #lo()})
 * plus a family, comparable and hashable.
 * <p>
 * Invariants:
 * <ul>
 * <li>An IPv4 address keeps its 32 bits in the low half of {@link #lo()}; {@link #hi()} is 0.</li>
 * <li>An IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.1}) is an IPv6 address until
 * {@link #unmap()} turns it into the IPv4 address; {@link #parseClient(CharSequence)} does that
 * for client addresses, as the whitelist matches a mapped client as its IPv4 address.</li>
 * <li>{@link #toString()} is canonical: dotted quad, or RFC 5952 text for IPv6.</li>
 * </ul>
 * Parsing is strict (see {@link #parse(CharSequence)}) and never resolves a host name.
 */
public final class IpAddress implements Comparable<IpAddress>, java.io.Serializable {

	private static final long serialVersionUID = 1L;

	/** Longest text of an address: a full IPv6 address with an embedded dotted quad. */
	public static final int MAX_TEXT_LENGTH = 45;

	private final long hi;

	private final long lo;

	private final boolean ipv4;

	IpAddress(long hi, long lo, boolean ipv4) {
		this.hi = hi;
		this.lo = lo;
		this.ipv4 = ipv4;
	}

	/**
	 * Returns the IPv4 address with the given 32 bits.
	 * @param bits the address, most significant octet first
	 * @return the address
	 */
	public static IpAddress ofIpv4(int bits) {
		return new IpAddress(0L, bits & 0xFFFF_FFFFL, true);
	}

	/**
	 * Returns the IPv6 address with the given 128 bits.
	 * @param hi the high 64 bits
	 * @param lo the low 64 bits
	 * @return the address
	 */
	public static IpAddress ofIpv6(long hi, long lo) {
		return new IpAddress(hi, lo, false);
	}

	/**
	 * Parses an address literal strictly. Accepted: a dotted quad of four decimal octets
	 * without leading zeros, or RFC 4291 IPv6 text (1 to 4 hex digits a group, one {@code ::}
	 * at most, an optional embedded dotted quad in the last 32 bits). Rejected: anything else,
	 * among it short and integer IPv4 forms, octal and hex octets, non-ASCII digits, white
	 * space, zone ids, and any text longer than {@value #MAX_TEXT_LENGTH} characters (before any
	 * other work). An IPv4-mapped IPv6 address is returned as IPv6.
	 * @param text the literal
	 * @return the address
	 * @throws InvalidSyntaxException if the text is not an address literal
	 */
	public static IpAddress parse(CharSequence text) {
		AddressBuffer buffer = new AddressBuffer();
		parseInto(text, buffer);
		return buffer.toAddress();
	}

	/**
	 * Parses as {@link #parse(CharSequence)} into a reusable buffer, allocating nothing when
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
		if (length > MAX_TEXT_LENGTH) {
			throw new InvalidSyntaxException(text,
					"longer than " + MAX_TEXT_LENGTH + " characters (" + length + ")");
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
				parseIpv6(text, length, out);
				return;
			}
			if (c > 0x7e || c < 0x21) {
				throw new InvalidSyntaxException(text, describe(c) + " at index " + i);
			}
		}
		out.set(0L, parseIpv4(text, 0, length) & 0xFFFF_FFFFL, true);
	}

	/**
	 * Parses a client address: as {@link #parse(CharSequence)}, then {@link #unmap()}.
	 * @param text the literal
	 * @return the address, IPv4 for an IPv4-mapped IPv6 literal
	 * @throws InvalidSyntaxException if the text is not an address literal
	 */
	public static IpAddress parseClient(CharSequence text) {
		return parse(text).unmap();
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

	private static void parseIpv6(CharSequence text, int end, AddressBuffer out) {
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
				parseIpv6Checked(text, end, out);
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
				parseIpv6Checked(text, end, out);
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
				parseIpv6Checked(text, end, out);
				return;
			}
			if (text.charAt(i) == ':') {
				if (ellipsis >= 0) {
					parseIpv6Checked(text, end, out);
					return;
				}
				ellipsis = groups;
				if (++i == end) {
					break;
				}
			}
		}
		if ((ellipsis < 0) ? groups != 8 : groups > 7) {
			parseIpv6Checked(text, end, out);
			return;
		}
		place(headHi, headLo, tailHi, tailLo, ellipsis, out);
	}

	private static void parseIpv6Checked(CharSequence text, int end, AddressBuffer out) {
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
				long v4 = parseIpv4(text, groupStart, end) & 0xFFFF_FFFFL;
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
						: describe(c) + " at index " + i);
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
						: describe(c) + " at index " + i);
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

	/**
	 * Returns the high 64 bits (always 0 for IPv4).
	 * @return the high bits
	 */
	public long hi() {
		return this.hi;
	}

	/**
	 * Returns the low 64 bits (for IPv4, the 32 address bits in the low half).
	 * @return the low bits
	 */
	public long lo() {
		return this.lo;
	}

	/**
	 * Returns whether this is an IPv4 address.
	 * @return {@code true} for IPv4
	 */
	public boolean isIpv4() {
		return this.ipv4;
	}

	/**
	 * Returns whether this is an IPv4-mapped IPv6 address ({@code ::ffff:0:0/96}).
	 * @return {@code true} for a mapped address
	 */
	public boolean isIpv4Mapped() {
		return !this.ipv4 && isMapped(this.hi, this.lo);
	}

	/** Whether 128 IPv6 bits lie in {@code ::ffff:0:0/96}. */
	static boolean isMapped(long hi, long lo) {
		return hi == 0 && (lo >>> 32) == 0xFFFFL;
	}

	/**
	 * Returns the IPv4 address for an IPv4-mapped IPv6 address, this address otherwise.
	 * @return the unmapped address
	 */
	public IpAddress unmap() {
		return isIpv4Mapped() ? ofIpv4((int) this.lo) : this;
	}

	/**
	 * Returns the address in network byte order: 4 bytes for IPv4, 16 for IPv6 (the form
	 * {@code InetAddress.getByAddress} takes, which resolves nothing).
	 * @return a new array
	 */
	public byte[] toBytes() {
		if (this.ipv4) {
			int bits = (int) this.lo;
			return new byte[] { (byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits };
		}
		byte[] out = new byte[16];
		for (int i = 0; i < 8; i++) {
			out[i] = (byte) (this.hi >>> (56 - 8 * i));
			out[i + 8] = (byte) (this.lo >>> (56 - 8 * i));
		}
		return out;
	}

	/**
	 * Returns the number of bits of this family: 32 or 128.
	 * @return the bit length
	 */
	public int bitLength() {
		return this.ipv4 ? 32 : 128;
	}

	/**
	 * Returns this address with every bit after the first {@code length} bits cleared.
	 * @param length the prefix length, 0 to {@link #bitLength()}
	 * @return the masked address
	 */
	public IpAddress mask(int length) {
		if (length < 0 || length > bitLength()) {
			throw new IllegalArgumentException("Prefix length " + length + " out of range 0.." + bitLength());
		}
		if (this.ipv4) {
			return new IpAddress(0L, this.lo & ipv4Mask(length), true);
		}
		return new IpAddress(this.hi & hiMask(length), this.lo & loMask(length), false);
	}

	static long ipv4Mask(int length) {
		// -1L << 32 keeps 32 bits of ones above bit 32; the & trims them. length 0 is its own case.
		return (length == 0) ? 0L : (0xFFFF_FFFFL << (32 - length)) & 0xFFFF_FFFFL;
	}

	static long hiMask(int length) {
		if (length == 0) {
			return 0L;
		}
		return (length >= 64) ? -1L : -1L << (64 - length);
	}

	static long loMask(int length) {
		if (length <= 64) {
			return 0L;
		}
		return (length == 128) ? -1L : -1L << (128 - length);
	}

	@Override
	public int compareTo(IpAddress other) {
		if (this.ipv4 != other.ipv4) {
			return this.ipv4 ? -1 : 1;
		}
		int result = Long.compareUnsigned(this.hi, other.hi);
		return (result != 0) ? result : Long.compareUnsigned(this.lo, other.lo);
	}

	@Override
	public boolean equals(Object obj) {
		if (this == obj) {
			return true;
		}
		return (obj instanceof IpAddress other) && this.hi == other.hi && this.lo == other.lo
				&& this.ipv4 == other.ipv4;
	}

	@Override
	public int hashCode() {
		long h = this.hi * 0x9E37_79B9_7F4A_7C15L + this.lo;
		h ^= (h >>> 32);
		return (int) h + (this.ipv4 ? 1 : 0);
	}

	/**
	 * Returns the canonical text: a dotted quad, or RFC 5952 IPv6 text (lower case, no leading
	 * zeros, the longest run of two or more zero groups written as {@code ::}, and the mixed
	 * form {@code ::ffff:192.0.2.1} for an IPv4-mapped address).
	 */
	@Override
	public String toString() {
		StringBuilder out = new StringBuilder(this.ipv4 ? 15 : 39);
		if (this.ipv4) {
			appendIpv4(out, (int) this.lo);
			return out.toString();
		}
		if (isIpv4Mapped()) {
			out.append("::ffff:");
			appendIpv4(out, (int) this.lo);
			return out.toString();
		}
		int bestStart = -1;
		int bestLength = 1;
		int runStart = -1;
		for (int g = 0; g < 8; g++) {
			if (group(g) == 0) {
				if (runStart < 0) {
					runStart = g;
				}
				int runLength = g - runStart + 1;
				if (runLength > bestLength) {
					bestStart = runStart;
					bestLength = runLength;
				}
			}
			else {
				runStart = -1;
			}
		}
		for (int g = 0; g < 8; g++) {
			if (g == bestStart) {
				out.append("::");
				g += bestLength - 1;
				continue;
			}
			if (g > 0 && g != bestStart + bestLength) {
				out.append(':');
			}
			out.append(Integer.toHexString(group(g)));
		}
		return out.toString();
	}

	private int group(int index) {
		long word = (index < 4) ? this.hi : this.lo;
		return (int) (word >>> (48 - 16 * (index & 3))) & 0xFFFF;
	}

	private static void appendIpv4(StringBuilder out, int bits) {
		out.append((bits >>> 24) & 0xFF).append('.').append((bits >>> 16) & 0xFF).append('.')
			.append((bits >>> 8) & 0xFF).append('.').append(bits & 0xFF);
	}

}
