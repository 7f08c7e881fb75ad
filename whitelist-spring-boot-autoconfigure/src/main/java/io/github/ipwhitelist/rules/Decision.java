package io.github.ipwhitelist.rules;

import java.util.List;
import java.util.Objects;

import io.github.ipwhitelist.address.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * What the rule set decided for one address, and why.
 *
 * @param address the address that was decided (IPv4 for a mapped client)
 * @param outcome the outcome
 * @param entry the live entry that decided: the allow entry for {@link Outcome#LISTED}, the
 * deny entry for {@link Outcome#DENIED_BY_DENY_ENTRY}; {@code null} otherwise
 * @param expiredEntry for an unlisted address, the most specific entry that would have listed
 * it had it not expired; {@code null} otherwise
 * @param strictListEmpty whether the address was denied because strict mode has no live entry
 */
public record Decision(IpAddress address, Outcome outcome, @Nullable IpEntry entry, @Nullable IpEntry expiredEntry,
		boolean strictListEmpty) {

	/**
	 * Returns the decision a lookup code gives, when an entry decides: the deny or allow entry the
	 * code points at (see {@code LookupTable}).
	 * @return the decision, {@code null} for {@link LookupTable#NONE}
	 */
	static @Nullable Decision ofCode(IpAddress client, int code, List<IpEntry> allow, List<IpEntry> deny) {
		if (code < 0) {
			return new Decision(client, Outcome.DENIED_BY_DENY_ENTRY, deny.get(-code - 1), null, false);
		}
		if (code > 0) {
			return new Decision(client, Outcome.LISTED, allow.get(code - 1), null, false);
		}
		return null;
	}

	/**
	 * Returns the decision for an address no live entry covers.
	 * @param strictListEmpty whether the mode is strict and no allow entry is live
	 */
	static Decision unlisted(IpAddress client, Mode mode, @Nullable IpEntry expired, boolean strictListEmpty) {
		if (mode == Mode.PERMISSIVE) {
			return new Decision(client, Outcome.NOT_LISTED_ALLOWED, null, expired, false);
		}
		return new Decision(client, Outcome.NOT_LISTED_DENIED, null, expired, strictListEmpty);
	}

	/**
	 * Returns whether the address may pass.
	 * @return {@code true} if allowed
	 */
	public boolean allowed() {
		return this.outcome.allowed;
	}

	/**
	 * Returns a sentence a person understands: which entry decided, or why none did.
	 * @return the reason
	 */
	public String reason() {
		return switch (this.outcome) {
			case LISTED -> "listed by " + decidingEntry().label();
			case DENIED_BY_DENY_ENTRY -> "denied by deny entry " + decidingEntry().label();
			case NOT_LISTED_ALLOWED -> withExpiry("not listed; allowed because the mode is permissive"
					+ " (strict mode would deny it)");
			case NOT_LISTED_DENIED -> this.strictListEmpty
					? withExpiry("not listed; strict mode has no live entries, so every guarded request is denied")
					: withExpiry("not listed; strict mode denies every address that no live entry lists");
		};
	}

	private IpEntry decidingEntry() {
		return Objects.requireNonNull(this.entry, "a LISTED or DENIED_BY_DENY_ENTRY decision has its entry");
	}

	private String withExpiry(String base) {
		if (this.expiredEntry == null) {
			return base;
		}
		return "entry " + this.expiredEntry.label() + " expired at " + this.expiredEntry.expiresAt() + "; " + base;
	}

	/**
	 * The possible outcomes.
	 */
	public enum Outcome {

		/** A live allow entry lists the address. */
		LISTED(true),

		/** A live deny entry covers the address; deny wins over allow in both modes. */
		DENIED_BY_DENY_ENTRY(false),

		/** No live entry covers the address and the mode is permissive. */
		NOT_LISTED_ALLOWED(true),

		/** No live entry covers the address and the mode is strict. */
		NOT_LISTED_DENIED(false);

		private final boolean allowed;

		Outcome(boolean allowed) {
			this.allowed = allowed;
		}

		/**
		 * Returns whether this outcome lets the request pass.
		 * @return {@code true} if allowed
		 */
		public boolean allowed() {
			return this.allowed;
		}

	}

}
