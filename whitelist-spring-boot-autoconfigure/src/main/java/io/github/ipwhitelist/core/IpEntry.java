package io.github.ipwhitelist.core;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One configured entry: a prefix, what it is for, until when it holds, and where it was
 * written (a property path such as {@code ip-whitelist.entries[2]}, or a file and line), so
 * that every message about it can point back to its source.
 *
 * @param prefix the addresses the entry covers
 * @param description what the entry is for, or {@code null}
 * @param expiresAt the instant at which the entry stops matching, or {@code null} for never
 * @param origin where the entry was configured
 */
public record IpEntry(IpPrefix prefix, @Nullable String description, @Nullable Instant expiresAt, String origin) {

	public IpEntry {
		Objects.requireNonNull(prefix, "prefix");
		Objects.requireNonNull(origin, "origin");
	}

	/**
	 * Returns whether the entry matches at the given instant: it has no expiry, or the
	 * instant is before its expiry.
	 * @param now the instant
	 * @return {@code true} if the entry is live
	 */
	public boolean isLiveAt(Instant now) {
		return this.expiresAt == null || now.isBefore(this.expiresAt);
	}

	/**
	 * Returns the entry as a person reads it: {@code 203.0.113.0/24 (HQ)}.
	 * @return a short label
	 */
	public String label() {
		return (this.description != null && !this.description.isBlank())
				? this.prefix + " (" + LogSafe.escape(this.description) + ")" : this.prefix.toString();
	}

}
