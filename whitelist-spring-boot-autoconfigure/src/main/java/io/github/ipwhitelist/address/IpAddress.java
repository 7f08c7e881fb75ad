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
		IpAddressParser.parseInto(text, buffer);
		return buffer.toAddress();
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
