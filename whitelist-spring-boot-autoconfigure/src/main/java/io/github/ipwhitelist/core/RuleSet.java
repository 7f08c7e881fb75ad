package io.github.ipwhitelist.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The compiled, immutable whitelist: a mode, allow entries and deny entries, and for one
 * address the {@link Decision}. Deny wins over allow in both modes. Expiry is evaluated at the
 * instant passed to {@link #decide(IpAddress, Instant)}, so an entry stops matching at its
 * instant without a rebuild.
 * <p>
 * Safe to share between threads. To change the list, compile a new rule set and swap it in.
 */
public final class RuleSet {

	private final Mode mode;

	private final List<IpEntry> allow;

	private final List<IpEntry> deny;

	private final PrefixTable allowTable;

	private final PrefixTable denyTable;

	private final boolean allowHasPermanentEntry;

	private final @Nullable Instant allowLiveUntil;

	private RuleSet(Mode mode, List<IpEntry> allow, List<IpEntry> deny) {
		this.mode = Objects.requireNonNull(mode, "mode");
		this.allow = List.copyOf(allow);
		this.deny = List.copyOf(deny);
		this.allowTable = new HashPrefixTable(this.allow);
		this.denyTable = new HashPrefixTable(this.deny);
		boolean permanent = false;
		Instant until = null;
		for (IpEntry entry : this.allow) {
			Instant at = entry.expiresAt();
			if (at == null) {
				permanent = true;
			}
			else if (until == null || at.isAfter(until)) {
				until = at;
			}
		}
		this.allowHasPermanentEntry = permanent;
		this.allowLiveUntil = until;
	}

	/**
	 * Compiles a rule set.
	 * @param mode the mode
	 * @param allow the allow entries
	 * @param deny the deny entries
	 * @return the rule set
	 */
	public static RuleSet compile(Mode mode, List<IpEntry> allow, List<IpEntry> deny) {
		return new RuleSet(mode, allow, deny);
	}

	/**
	 * Decides one address at the given instant.
	 * @param address the client address; an IPv4-mapped address is matched as IPv4
	 * @param now the instant used for expiry
	 * @return the decision
	 */
	public Decision decide(IpAddress address, Instant now) {
		IpAddress client = address.unmap();
		IpEntry denied = this.denyTable.longestLiveMatch(client, now);
		if (denied != null) {
			return new Decision(client, Decision.Outcome.DENIED_BY_DENY_ENTRY, denied, null, false);
		}
		IpEntry listed = this.allowTable.longestLiveMatch(client, now);
		if (listed != null) {
			return new Decision(client, Decision.Outcome.LISTED, listed, null, false);
		}
		IpEntry expired = this.allowTable.longestExpiredMatch(client, now);
		if (this.mode == Mode.PERMISSIVE) {
			return new Decision(client, Decision.Outcome.NOT_LISTED_ALLOWED, null, expired, false);
		}
		return new Decision(client, Decision.Outcome.NOT_LISTED_DENIED, null, expired, !hasLiveAllowEntry(now));
	}

	/**
	 * Returns whether at least one allow entry is live at the instant.
	 * @param now the instant
	 * @return {@code false} when the allow list is empty or every entry has expired
	 */
	public boolean hasLiveAllowEntry(Instant now) {
		return this.allowHasPermanentEntry || (this.allowLiveUntil != null && now.isBefore(this.allowLiveUntil));
	}

	/**
	 * Returns the mode.
	 * @return the mode
	 */
	public Mode mode() {
		return this.mode;
	}

	/**
	 * Returns the allow entries, expired ones included, in configuration order.
	 * @return the allow entries
	 */
	public List<IpEntry> allowEntries() {
		return this.allow;
	}

	/**
	 * Returns the deny entries, expired ones included, in configuration order.
	 * @return the deny entries
	 */
	public List<IpEntry> denyEntries() {
		return this.deny;
	}

	/**
	 * Returns the number of allow entries live at the instant.
	 * @param now the instant
	 * @return the live allow entries
	 */
	public int liveAllowCount(Instant now) {
		return countLive(this.allow, now);
	}

	/**
	 * Returns the number of deny entries live at the instant.
	 * @param now the instant
	 * @return the live deny entries
	 */
	public int liveDenyCount(Instant now) {
		return countLive(this.deny, now);
	}

	/**
	 * Returns the earliest expiry after the instant, among all entries.
	 * @param now the instant
	 * @return the next expiry, or {@code null} if no entry expires after it
	 */
	public @Nullable Instant nextExpiry(Instant now) {
		Instant next = null;
		for (List<IpEntry> entries : List.of(this.allow, this.deny)) {
			for (IpEntry entry : entries) {
				Instant at = entry.expiresAt();
				if (at != null && at.isAfter(now) && (next == null || at.isBefore(next))) {
					next = at;
				}
			}
		}
		return next;
	}

	private static int countLive(List<IpEntry> entries, Instant now) {
		int count = 0;
		for (IpEntry entry : entries) {
			if (entry.isLiveAt(now)) {
				count++;
			}
		}
		return count;
	}

	@Override
	public String toString() {
		return "RuleSet[mode=" + this.mode + ", allow=" + this.allow.size() + ", deny=" + this.deny.size() + "]";
	}

}
