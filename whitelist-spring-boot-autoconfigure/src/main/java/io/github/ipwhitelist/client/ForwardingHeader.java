package io.github.ipwhitelist.client;

import java.util.Locale;

import io.github.ipwhitelist.address.LogSafe;
import org.jspecify.annotations.Nullable;

/**
 * The header that trusted proxies use to name the client: a forwarding chain
 * ({@code X-Forwarded-For}, RFC 7239 {@code Forwarded}), walked from the right, or a header that
 * holds exactly one address, the client's, as CDNs and some proxies set it
 * ({@code CF-Connecting-IP}, {@code True-Client-IP}, {@code X-Real-IP}, any other name).
 */
public final class ForwardingHeader {

	/** {@code X-Forwarded-For: client, proxy1, proxy2}. */
	public static final ForwardingHeader X_FORWARDED_FOR = new ForwardingHeader("X-Forwarded-For",
			new XForwardedForParser());

	/** RFC 7239 {@code Forwarded: for=client;proto=https, for=proxy1}. */
	public static final ForwardingHeader FORWARDED = new ForwardingHeader("Forwarded", new ForwardedParser());

	/** Longest header name accepted. */
	public static final int MAX_NAME_LENGTH = 64;

	private final String headerName;

	/** How the chain reads, {@code null} for a single-address header. */
	private final @Nullable HeaderGrammar grammar;

	private ForwardingHeader(String headerName, @Nullable HeaderGrammar grammar) {
		this.headerName = headerName;
		this.grammar = grammar;
	}

	/**
	 * Returns the header of a name: {@code X-Forwarded-For} and {@code Forwarded} (in any case,
	 * {@code _} for {@code -} too) are chains; any other header name holds one address.
	 * @param name the header name
	 * @return the header
	 * @throws IllegalArgumentException if the name is not an HTTP header name (1 to 64 token
	 * characters)
	 */
	public static ForwardingHeader of(String name) {
		String normalized = name.trim().replace('_', '-').toLowerCase(Locale.ROOT);
		if (normalized.equals("x-forwarded-for")) {
			return X_FORWARDED_FOR;
		}
		if (normalized.equals("forwarded")) {
			return FORWARDED;
		}
		String trimmed = name.trim();
		if (trimmed.isEmpty() || trimmed.length() > MAX_NAME_LENGTH || !ForwardedParser.isToken(trimmed)) {
			throw new IllegalArgumentException("'" + LogSafe.escape(name, 80) + "' is not a header name (1 to "
					+ MAX_NAME_LENGTH + " of A-Z a-z 0-9 ! # $ % & ' * + - . ^ _ ` | ~)");
		}
		return new ForwardingHeader(trimmed, null);
	}

	@Nullable HeaderGrammar grammar() {
		return this.grammar;
	}

	/**
	 * Returns whether the header holds exactly one address (not a chain).
	 * @return {@code true} for a single-address header
	 */
	public boolean isSingleAddress() {
		return this.grammar == null;
	}

	/**
	 * Returns the HTTP header name.
	 * @return the header name
	 */
	public String headerName() {
		return this.headerName;
	}

	@Override
	public boolean equals(Object obj) {
		return obj instanceof ForwardingHeader other && other.headerName.equalsIgnoreCase(this.headerName);
	}

	@Override
	public int hashCode() {
		return this.headerName.toLowerCase(Locale.ROOT).hashCode();
	}

	@Override
	public String toString() {
		return this.headerName;
	}

}
