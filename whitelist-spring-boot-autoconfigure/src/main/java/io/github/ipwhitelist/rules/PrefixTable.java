package io.github.ipwhitelist.rules;

import java.time.Instant;

import io.github.ipwhitelist.address.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * A per-prefix-length lookup of entries, used by a {@link RuleSet} to name the expired entry
 * that would have listed an address. Implementations are immutable and thread-safe.
 */
interface PrefixTable {

	/**
	 * Returns the entry with the longest prefix covering the address that has expired at
	 * {@code now}.
	 * @param address the address, already unmapped
	 * @param now the instant
	 * @return the entry, or {@code null}
	 */
	@Nullable IpEntry longestExpiredMatch(IpAddress address, Instant now);

}
