package io.github.ipwhitelist.rules;

import org.jspecify.annotations.Nullable;

/**
 * Tenant ids: 1 to {@value #MAX_LENGTH} characters of {@code [A-Za-z0-9._-]}, compared exactly.
 * Anything else never names a tenant: a request that sends it names none, and the value is
 * neither logged raw nor used as a key, so ids an attacker rotates cannot grow memory.
 */
public final class TenantIds {

	/** Longest tenant id. */
	public static final int MAX_LENGTH = 64;

	/** What a tenant id is, as messages say it. */
	public static final String RULE = "1 to 64 characters of A-Z a-z 0-9 . _ -";

	private TenantIds() {
	}

	/**
	 * Returns whether the text is a valid tenant id. Allocates nothing.
	 * @param text the text, {@code null} allowed
	 * @return {@code true} if valid
	 */
	public static boolean isValid(@Nullable CharSequence text) {
		return Environments.isValid(text);
	}

	/**
	 * Returns the text if it is a valid tenant id, else {@code null} (the request names no tenant).
	 * @param text the text
	 * @return the id, or {@code null}
	 */
	public static @Nullable String orNull(@Nullable String text) {
		return isValid(text) ? text : null;
	}

}
