package io.github.ipwhitelist.core;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The lookup structure inside a {@link RuleSet}: for an address, the most specific live entry
 * that covers it. Implementations are immutable and safe to share between threads; a faster
 * structure replaces this one without touching the rule set's callers.
 */
interface PrefixTable {

	/**
	 * Returns the entry with the longest prefix covering the address that is live at
	 * {@code now}.
	 * @param address the address, already unmapped
	 * @param now the instant
	 * @return the entry, or {@code null}
	 */
	@Nullable IpEntry longestLiveMatch(IpAddress address, Instant now);

	/**
	 * Returns the entry with the longest prefix covering the address that has expired at
	 * {@code now}.
	 * @param address the address, already unmapped
	 * @param now the instant
	 * @return the entry, or {@code null}
	 */
	@Nullable IpEntry longestExpiredMatch(IpAddress address, Instant now);

}
