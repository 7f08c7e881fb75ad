package io.github.ipwhitelist.sample.security;

import org.springframework.security.core.AuthenticationException;

/**
 * Why layer 2 or 3 refused a request, with the code of the JSON error:
 * 2001 API key missing or unknown, 2002 signature missing or wrong, 2003 request replayed,
 * 2004 timestamp outside the window.
 */
final class ApiAuthenticationException extends AuthenticationException {

	private static final long serialVersionUID = 1L;

	static final int BAD_API_KEY = 2001;

	static final int BAD_SIGNATURE = 2002;

	static final int REPLAYED = 2003;

	static final int STALE_TIMESTAMP = 2004;

	private final int code;

	ApiAuthenticationException(int code, String message) {
		super(message);
		this.code = code;
	}

	int code() {
		return this.code;
	}

}
