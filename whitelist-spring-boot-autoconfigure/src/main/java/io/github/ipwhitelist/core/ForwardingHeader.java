package io.github.ipwhitelist.core;

/**
 * The forwarding header that trusted proxies use to name the client.
 */
public enum ForwardingHeader {

	/** {@code X-Forwarded-For: client, proxy1, proxy2}. */
	X_FORWARDED_FOR("X-Forwarded-For"),

	/** RFC 7239 {@code Forwarded: for=client;proto=https, for=proxy1}. */
	FORWARDED("Forwarded");

	private final String headerName;

	ForwardingHeader(String headerName) {
		this.headerName = headerName;
	}

	/**
	 * Returns the HTTP header name.
	 * @return the header name
	 */
	public String headerName() {
		return this.headerName;
	}

}
