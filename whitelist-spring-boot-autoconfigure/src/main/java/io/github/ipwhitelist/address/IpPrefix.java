package io.github.ipwhitelist.address;

/**
 * A CIDR prefix: an address whose bits after the prefix length are all zero, and that length.
 * <p>
 * Invariants: a prefix never mixes families (an IPv4 prefix contains only IPv4 addresses);
 * a prefix inside {@code ::ffff:0:0/96} is parsed as the IPv4 prefix it maps, since mapped
 * clients are matched as IPv4; host bits are never set.
 */
public final class IpPrefix implements Comparable<IpPrefix> {

	/** Longest text of a prefix: an address and "/128". */
	public static final int MAX_TEXT_LENGTH = IpAddress.MAX_TEXT_LENGTH + 4;

	// The address's words are kept inline rather than as an IpAddress: one object less per
	// entry of a million-line list (40 bytes instead of 56).
	private final long hi;

	private final long lo;

	private final boolean ipv4;

	private final int length;

	private IpPrefix(IpAddress address, int length) {
		this(address.hi(), address.lo(), address.isIpv4(), length);
	}

	private IpPrefix(long hi, long lo, boolean ipv4, int length) {
		this.hi = hi;
		this.lo = lo;
		this.ipv4 = ipv4;
		this.length = length;
	}

	/**
	 * Returns the prefix of the given address and length.
	 * @param address the first address of the prefix
	 * @param length the prefix length, 0 to the address's bit length
	 * @return the prefix
	 * @throws InvalidSyntaxException if the address has host bits set
	 */
	public static IpPrefix of(IpAddress address, int length) {
		IpAddress masked = address.mask(length);
		if (!masked.equals(address)) {
			throw new InvalidSyntaxException(address + "/" + length,
					"host bits set (did you mean " + masked + "/" + length + "?)");
		}
		return new IpPrefix(address, length);
	}

	/**
	 * Returns the prefix that holds only the given address ({@code /32} or {@code /128}).
	 * @param address the address
	 * @return the single-address prefix
	 */
	public static IpPrefix single(IpAddress address) {
		return new IpPrefix(address, address.bitLength());
	}

	/**
	 * Parses a prefix ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) or a bare address (a
	 * single-address prefix). The address is parsed as by {@link IpAddress#parse(CharSequence)};
	 * the length is a decimal number without sign, white space or leading zero, within the
	 * family's range; host bits must not be set.
	 * @param text the prefix text
	 * @return the prefix
	 * @throws InvalidSyntaxException if the text is not a prefix in that form
	 */
	public static IpPrefix parse(CharSequence text) {
		int total = text.length();
		if (total > MAX_TEXT_LENGTH) {
			throw new InvalidSyntaxException(text, "longer than " + MAX_TEXT_LENGTH + " characters (" + total + ")");
		}
		int slash = -1;
		for (int i = 0; i < total; i++) {
			if (text.charAt(i) == '/') {
				if (slash >= 0) {
					throw new InvalidSyntaxException(text, "more than one '/'");
				}
				slash = i;
			}
		}
		if (slash < 0) {
			return single(IpAddress.parse(text).unmap());
		}
		AddressBuffer buffer = new AddressBuffer();
		try {
			IpAddressParser.parseInto(text, slash, buffer);
		}
		catch (InvalidSyntaxException ex) {
			throw new InvalidSyntaxException(text, ex.getProblem());
		}
		int length = parseLength(text, slash + 1, buffer.isIpv4() ? 32 : 128);
		long hi = buffer.hi();
		long lo = buffer.lo();
		boolean ipv4 = buffer.isIpv4();
		if (!ipv4 && IpAddress.isMapped(hi, lo) && length >= 96) {
			lo &= 0xFFFF_FFFFL;
			ipv4 = true;
			length -= 96;
		}
		// Host bits are checked on the raw words: no masked copy is made for a valid prefix.
		boolean hostBits = ipv4 ? (lo & ~IpAddress.ipv4Mask(length) & 0xFFFF_FFFFL) != 0
				: (hi & ~IpAddress.hiMask(length)) != 0 || (lo & ~IpAddress.loMask(length)) != 0;
		if (hostBits) {
			throw new InvalidSyntaxException(text, "host bits set (did you mean "
					+ new IpAddress(hi, lo, ipv4).mask(length) + "/" + length + "?)");
		}
		return new IpPrefix(hi, lo, ipv4, length);
	}

	private static int parseLength(CharSequence text, int start, int max) {
		int end = text.length();
		if (start == end) {
			throw new InvalidSyntaxException(text, "prefix length is empty");
		}
		if (end - start > 3) {
			throw new InvalidSyntaxException(text, "prefix length is not a number from 0 to " + max);
		}
		int value = 0;
		for (int i = start; i < end; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				throw new InvalidSyntaxException(text,
						"prefix length is not a number from 0 to " + max + " (" + IpAddressParser.describe(c) + ")");
			}
			value = value * 10 + (c - '0');
		}
		if (end - start > 1 && text.charAt(start) == '0') {
			throw new InvalidSyntaxException(text, "prefix length has a leading zero");
		}
		if (value > max) {
			throw new InvalidSyntaxException(text, "prefix length " + value + " is out of range 0.." + max);
		}
		return value;
	}

	/**
	 * Returns the first address of this prefix.
	 * @return the address
	 */
	public IpAddress address() {
		return new IpAddress(this.hi, this.lo, this.ipv4);
	}

	/**
	 * Returns the high 64 bits of the first address, without building an address (the
	 * lookup table is built from these words).
	 * @return the high word, 0 for IPv4
	 */
	public long hi() {
		return this.hi;
	}

	/**
	 * Returns the low 64 bits of the first address, without building an address.
	 * @return the low word; for IPv4, the 32 bits of the address
	 */
	public long lo() {
		return this.lo;
	}

	/**
	 * Returns the prefix length.
	 * @return the number of leading bits that must match
	 */
	public int length() {
		return this.length;
	}

	/**
	 * Returns whether this is an IPv4 prefix.
	 * @return {@code true} for IPv4
	 */
	public boolean isIpv4() {
		return this.ipv4;
	}

	/**
	 * Returns whether this prefix holds exactly one address.
	 * @return {@code true} for a /32 or /128
	 */
	public boolean isSingleAddress() {
		return this.length == (this.ipv4 ? 32 : 128);
	}

	/**
	 * Returns whether the address lies in this prefix. An address of the other family never
	 * does (an IPv4-mapped IPv6 address must be {@linkplain IpAddress#unmap() unmapped} first).
	 * @param candidate the address
	 * @return {@code true} if it is in this prefix
	 */
	public boolean contains(IpAddress candidate) {
		return containsWords(candidate.isIpv4(), candidate.hi(), candidate.lo());
	}

	private boolean containsWords(boolean ipv4, long hi, long lo) {
		if (ipv4 != this.ipv4) {
			return false;
		}
		if (ipv4) {
			return (lo & IpAddress.ipv4Mask(this.length)) == this.lo;
		}
		return (hi & IpAddress.hiMask(this.length)) == this.hi && (lo & IpAddress.loMask(this.length)) == this.lo;
	}

	/**
	 * Returns whether every address of the other prefix lies in this one.
	 * @param other the other prefix
	 * @return {@code true} if this prefix covers the other
	 */
	public boolean covers(IpPrefix other) {
		return other.length >= this.length && containsWords(other.ipv4, other.hi, other.lo);
	}

	@Override
	public int compareTo(IpPrefix other) {
		int result = (this.ipv4 != other.ipv4) ? (this.ipv4 ? -1 : 1) : Long.compareUnsigned(this.hi, other.hi);
		if (result == 0) {
			result = Long.compareUnsigned(this.lo, other.lo);
		}
		return (result != 0) ? result : Integer.compare(this.length, other.length);
	}

	@Override
	public boolean equals(Object obj) {
		return (obj instanceof IpPrefix other) && this.length == other.length && this.hi == other.hi
				&& this.lo == other.lo && this.ipv4 == other.ipv4;
	}

	@Override
	public int hashCode() {
		long h = this.hi * 0x9E37_79B9_7F4A_7C15L + this.lo;
		h ^= (h >>> 32);
		return ((int) h + (this.ipv4 ? 1 : 0)) * 31 + this.length;
	}

	/**
	 * Returns the canonical text: {@code address/length}, or the bare address for a
	 * single-address prefix ({@code 203.0.113.10}, {@code 2001:db8::1}), as users write it.
	 */
	@Override
	public String toString() {
		return isSingleAddress() ? address().toString() : address() + "/" + this.length;
	}

}
