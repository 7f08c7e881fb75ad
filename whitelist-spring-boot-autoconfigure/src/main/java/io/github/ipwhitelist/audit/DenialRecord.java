package io.github.ipwhitelist.audit;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One denied request.
 *
 * @param timestamp when it was denied
 * @param ip the client address in canonical text, or the escaped malformed text (code 1452)
 * @param method the HTTP method
 * @param path the request path, cut to {@value IpWhitelistRecorder#MAX_PATH_LENGTH} characters
 * @param code the error code: 1451 not authorized, 1452 malformed address, 1453 rate limited
 * @param requestId the request id sent back to the client
 * @param reason why it was denied, for a person
 * @param tenant the tenant the request named or its credentials proved, {@code null} if none
 * @param gate which gate denied: {@value #GLOBAL_GATE} (the global list, a malformed address,
 * the rate limit) or {@value #TENANT_GATE} (the tenant's list, or credentials of another tenant)
 */
public record DenialRecord(Instant timestamp, String ip, String method, String path, int code, String requestId,
		String reason, @Nullable String tenant, String gate) {

	/** The gate of the global list. */
	public static final String GLOBAL_GATE = "global";

	/** The gate of a tenant's list. */
	public static final String TENANT_GATE = "tenant";

	/**
	 * Creates the record of a denial by the global gate, naming no tenant.
	 * @param timestamp when it was denied
	 * @param ip the client address text
	 * @param method the HTTP method
	 * @param path the request path
	 * @param code the error code
	 * @param requestId the request id
	 * @param reason why it was denied
	 */
	public DenialRecord(Instant timestamp, String ip, String method, String path, int code, String requestId,
			String reason) {
		this(timestamp, ip, method, path, code, requestId, reason, null, GLOBAL_GATE);
	}

	/** Code of a request from an address that is not authorized; use {@link DenialCode}. */
	@Deprecated(since = "0.1.0", forRemoval = true)
	public static final int NOT_AUTHORIZED = 1451;

	/** Code of a request whose client address could not be validated; use {@link DenialCode}. */
	@Deprecated(since = "0.1.0", forRemoval = true)
	public static final int MALFORMED = 1452;

	/** Code of a request over the rate limit of its address; use {@link DenialCode}. */
	@Deprecated(since = "0.1.0", forRemoval = true)
	public static final int RATE_LIMITED = 1453;

	/**
	 * Returns the denial code of this record.
	 * @return the code as a {@link DenialCode}
	 */
	public DenialCode denialCode() {
		return DenialCode.of(this.code);
	}

}
