package io.github.ipwhitelist.audit;

/**
 * Why a request was denied: the code the response, the records, the logs and the audit events
 * carry, with its title, severity and HTTP status.
 */
public enum DenialCode {

	/** 1451: the client address is not authorized. */
	NOT_AUTHORIZED(1451, "IP address not authorized", "high", false),

	/** 1452: the client address could not be validated (a malformed forwarding hop, say). */
	MALFORMED(1452, "IP address validation failed", "high", false),

	/** 1453: the client address exceeded its rate limit. */
	RATE_LIMITED(1453, "Rate limit exceeded for IP address", "medium", true);

	private final int code;

	private final String title;

	private final String severity;

	private final boolean tooManyRequests;

	DenialCode(int code, String title, String severity, boolean tooManyRequests) {
		this.code = code;
		this.title = title;
		this.severity = severity;
		this.tooManyRequests = tooManyRequests;
	}

	/**
	 * Returns the numeric code.
	 * @return 1451, 1452 or 1453
	 */
	public int code() {
		return this.code;
	}

	/**
	 * Returns the title a response gives.
	 * @return the title
	 */
	public String title() {
		return this.title;
	}

	/**
	 * Returns the severity a response and the audit give.
	 * @return {@code high} or {@code medium}
	 */
	public String severity() {
		return this.severity;
	}

	/**
	 * Returns the HTTP status of a denial with this code.
	 * @param configured the status configured for address denials ({@code response.status})
	 * @return 429 for a rate limit, the configured status otherwise
	 */
	public int status(int configured) {
		return this.tooManyRequests ? 429 : configured;
	}

	/**
	 * Returns the denial code of a numeric code.
	 * @param code 1451, 1452 or 1453
	 * @return the denial code
	 * @throws IllegalArgumentException for any other number
	 */
	public static DenialCode of(int code) {
		for (DenialCode candidate : values()) {
			if (candidate.code == code) {
				return candidate;
			}
		}
		throw new IllegalArgumentException("Unknown denial code " + code);
	}

}
