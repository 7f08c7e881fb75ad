package io.github.ipwhitelist.client;

/**
 * The forwarding header that trusted proxies use to name the client.
 */
public enum ForwardingHeader {

	/** {@code X-Forwarded-For: client, proxy1, proxy2}. */
	X_FORWARDED_FOR("X-Forwarded-For", new XForwardedForParser()),

	/** RFC 7239 {@code Forwarded: for=client;proto=https, for=proxy1}. */
	FORWARDED("Forwarded", new ForwardedParser());

	private final String headerName;

	private final HeaderGrammar grammar;

	ForwardingHeader(String headerName, HeaderGrammar grammar) {
		this.headerName = headerName;
		this.grammar = grammar;
	}

	HeaderGrammar grammar() {
		return this.grammar;
	}

	/**
	 * Returns the HTTP header name.
	 * @return the header name
	 */
	public String headerName() {
		return this.headerName;
	}

}
