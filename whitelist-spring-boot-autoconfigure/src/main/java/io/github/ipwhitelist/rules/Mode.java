package io.github.ipwhitelist.rules;

/**
 * How the whitelist treats an address that no entry lists.
 */
public enum Mode {

	/** Only listed addresses pass; an empty list denies everyone (fail closed). */
	STRICT,

	/** Everyone passes except the deny list; callers that pass unlisted are recorded. */
	PERMISSIVE

}
