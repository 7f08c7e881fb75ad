package io.github.ipwhitelist.address;

/**
 * A reusable, mutable holder of one parsed address, for the request path: parsing into a
 * buffer that a thread keeps allocates nothing for valid text. Not thread-safe: one buffer per
 * thread. Parsing is exactly as strict as {@link IpAddress#parse(CharSequence)}.
 */
public final class AddressBuffer {

	private long hi;

	private long lo;

	private boolean ipv4;

	/**
	 * Parses an address literal into this buffer. An IPv4-mapped IPv6 address is stored as the
	 * IPv4 address (as {@link IpAddress#parseClient(CharSequence)} does).
	 * @param text the literal
	 * @return this buffer
	 * @throws InvalidSyntaxException if the text is not an address literal
	 */
	public AddressBuffer parseClient(CharSequence text) {
		IpAddressParser.parseInto(text, this);
		if (!this.ipv4 && IpAddress.isMapped(this.hi, this.lo)) {
			this.lo &= 0xFFFF_FFFFL;
			this.ipv4 = true;
		}
		return this;
	}

	void set(long hi, long lo, boolean ipv4) {
		this.hi = hi;
		this.lo = lo;
		this.ipv4 = ipv4;
	}

	public long hi() {
		return this.hi;
	}

	public long lo() {
		return this.lo;
	}

	public boolean isIpv4() {
		return this.ipv4;
	}

	/**
	 * Returns the buffered address as an immutable value.
	 * @return the address
	 */
	public IpAddress toAddress() {
		return new IpAddress(this.hi, this.lo, this.ipv4);
	}

}
