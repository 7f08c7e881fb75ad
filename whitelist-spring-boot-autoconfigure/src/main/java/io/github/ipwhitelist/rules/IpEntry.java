package io.github.ipwhitelist.rules;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.address.LogSafe;
import org.jspecify.annotations.Nullable;

/**
 * One configured entry: a prefix, what it is for, until when it holds, and where it was
 * written (a property path such as {@code ip-whitelist.entries[2]}, or a file and line), so
 * that every message about it can point back to its source.
 * <p>
 * An entry read from a file keeps the file's name (shared by all its lines) and its line
 * number, and writes {@code name:line} only when asked: a million-line list does not hold a
 * million origin strings. An entry may name the environments it applies in
 * ({@link Environments}); one that names none applies everywhere. Entries are values: equal when
 * all their components are equal.
 * <p>
 * The description and the environments share one field (a {@code String}, or a small holder
 * when environments are named), so that the common entry without environments stays 32 bytes.
 */
public final class IpEntry {

	private final IpPrefix prefix;

	/** The description ({@code String}), or a {@link Described} when environments are named. */
	private final @Nullable Object description;

	private final @Nullable Instant expiresAt;

	private final String origin;

	/** The line within {@link #origin}, or -1 when the origin is complete as it is. */
	private final int line;

	/**
	 * Creates an entry.
	 * @param prefix the addresses the entry covers
	 * @param description what the entry is for, or {@code null}
	 * @param expiresAt the instant at which the entry stops matching, or {@code null} for never
	 * @param origin where the entry was configured
	 */
	public IpEntry(IpPrefix prefix, @Nullable String description, @Nullable Instant expiresAt, String origin) {
		this(prefix, description, expiresAt, origin, -1);
	}

	/**
	 * Creates an entry read from a line of a named source; its origin is {@code name:line}.
	 */
	IpEntry(IpPrefix prefix, @Nullable String description, @Nullable Instant expiresAt, String name, int line) {
		this(prefix, description, List.of(), expiresAt, name, line);
	}

	/**
	 * Creates an entry that applies only in some environments.
	 * @param prefix the addresses the entry covers
	 * @param description what the entry is for, or {@code null}
	 * @param environments the environments it applies in (checked names, lower case), empty
	 * for everywhere
	 * @param expiresAt the instant at which the entry stops matching, or {@code null} for never
	 * @param origin where the entry was configured
	 */
	public IpEntry(IpPrefix prefix, @Nullable String description, List<String> environments,
			@Nullable Instant expiresAt, String origin) {
		this(prefix, description, environments, expiresAt, origin, -1);
	}

	IpEntry(IpPrefix prefix, @Nullable String description, List<String> environments, @Nullable Instant expiresAt,
			String name, int line) {
		this(prefix, description, environments, expiresAt, name, line, null);
	}

	private IpEntry(IpPrefix prefix, @Nullable String description, List<String> environments,
			@Nullable Instant expiresAt, String name, int line, @Nullable String range) {
		this.prefix = Objects.requireNonNull(prefix, "prefix");
		this.description = (environments.isEmpty() && range == null) ? description
				: new Described(description, List.copyOf(environments), range);
		this.expiresAt = expiresAt;
		this.origin = Objects.requireNonNull(name, "origin");
		this.line = line;
	}

	/**
	 * Returns the addresses the entry covers.
	 * @return the prefix
	 */
	public IpPrefix prefix() {
		return this.prefix;
	}

	/**
	 * Returns what the entry is for.
	 * @return the description, or {@code null}
	 */
	public @Nullable String description() {
		return (this.description instanceof Described described) ? described.description()
				: (String) this.description;
	}

	/**
	 * Returns the environments the entry applies in.
	 * @return the environment names (lower case), empty when it applies everywhere
	 */
	public List<String> environments() {
		return (this.description instanceof Described described) ? described.environments() : List.of();
	}

	/**
	 * Returns the range this entry is one of the covering prefixes of, as it was written.
	 * @return the range ({@code 192.0.2.10-192.0.2.20}), {@code null} for an entry written as an
	 * address or a prefix
	 */
	public @Nullable String range() {
		return (this.description instanceof Described described) ? described.range() : null;
	}

	/**
	 * Returns the entry's addresses as they were written: the range it comes from, or its prefix.
	 * @return the range or the prefix in canonical text
	 */
	public String written() {
		String range = range();
		return (range != null) ? range : this.prefix.toString();
	}

	/**
	 * Returns this entry as one of the prefixes that cover a range: the same entry, shown as the
	 * range (in the endpoint, the explain view and the management API).
	 * @param range the range as written, in canonical text ({@code 192.0.2.10-192.0.2.20})
	 * @return the entry carrying the range
	 */
	public IpEntry inRange(String range) {
		return new IpEntry(this.prefix, description(), environments(), this.expiresAt, this.origin, this.line, range);
	}

	/**
	 * Returns whether the entry applies in a deployment's environment.
	 * @param environment the deployment's environment (lower case), {@code null} when none is set
	 * @return {@code true} if it names no environment, or names this one
	 */
	public boolean appliesIn(@Nullable String environment) {
		return Environments.applies(environments(), environment);
	}

	/**
	 * Returns the instant at which the entry stops matching.
	 * @return the expiry, or {@code null} for never
	 */
	public @Nullable Instant expiresAt() {
		return this.expiresAt;
	}

	/**
	 * Returns where the entry was configured: a property path, or a file and line.
	 * @return the origin
	 */
	public String origin() {
		return (this.line < 0) ? this.origin : this.origin + ":" + this.line;
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
		String text = description();
		return (text != null && !text.isBlank()) ? written() + " (" + LogSafe.escape(text) + ")" : written();
	}

	@Override
	public boolean equals(Object obj) {
		return obj == this || (obj instanceof IpEntry other && this.prefix.equals(other.prefix)
				&& Objects.equals(this.description, other.description)
				&& Objects.equals(this.expiresAt, other.expiresAt) && origin().equals(other.origin()));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.prefix, this.description, this.expiresAt, origin());
	}

	@Override
	public String toString() {
		return "IpEntry[prefix=" + this.prefix + ((range() != null) ? ", range=" + range() : "") + ", description="
				+ description() + ", environments="
				+ environments() + ", expiresAt=" + this.expiresAt + ", origin=" + origin() + "]";
	}

	/**
	 * The description of an entry that names environments, with them.
	 */
	private record Described(@Nullable String description, List<String> environments, @Nullable String range) {

	}

}
