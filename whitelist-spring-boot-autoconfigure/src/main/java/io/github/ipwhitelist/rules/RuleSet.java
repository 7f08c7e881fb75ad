package io.github.ipwhitelist.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import io.github.ipwhitelist.address.AddressBuffer;
import io.github.ipwhitelist.address.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * The compiled, immutable whitelist: a mode, allow entries and deny entries, and for one
 * address the {@link Decision}. Deny wins over allow in both modes. Expiry is evaluated at the
 * instant passed to {@link #decide(IpAddress, Instant)}: an entry stops matching at its instant
 * exactly. Inside, a {@link LookupTable} table answers lookups; it holds the entries live in a
 * window of time. The table for the next window is built ahead of time by {@link #prepare}
 * (auto-configuration calls it off the request path); a clock that jumps elsewhere makes one
 * caller build the table while the others wait. A per-length hash table of the allow entries
 * is built only to name an expired entry in an explanation.
 * <p>
 * Entries that name environments other than the deployment's are kept aside
 * ({@link #allowEntriesElsewhere()}, {@link #denyEntriesElsewhere()}) for people to see; they
 * take no part in any decision.
 * <p>
 * Safe to share between threads. To change the list, compile a new rule set and swap it in.
 */
public final class RuleSet {

	private final Mode mode;

	private final List<IpEntry> allow;

	private final List<IpEntry> deny;

	private final List<IpEntry> allowElsewhere;

	private final List<IpEntry> denyElsewhere;

	private final @Nullable String environment;

	/** A tenant's table: no direct index while its intervals are few. */
	private final boolean compact;

	private volatile @Nullable ExpiredEntryIndex expiredIndex;

	private volatile @Nullable LookupTable compiled;

	private volatile @Nullable LookupTable prepared;

	private final @Nullable Instant allowFirstExpiry;

	private final boolean hasExpiries;

	private final ReentrantLock rebuild = new ReentrantLock();

	private final boolean allowHasPermanentEntry;

	private final @Nullable Instant allowLiveUntil;

	private RuleSet(Mode mode, List<IpEntry> allow, List<IpEntry> deny, @Nullable String environment,
			boolean compact) {
		this.mode = Objects.requireNonNull(mode, "mode");
		this.compact = compact;
		this.environment = environment;
		List<IpEntry> elsewhere = new ArrayList<>();
		this.allow = applying(allow, environment, elsewhere);
		this.allowElsewhere = List.copyOf(elsewhere);
		elsewhere.clear();
		this.deny = applying(deny, environment, elsewhere);
		this.denyElsewhere = List.copyOf(elsewhere);
		boolean permanent = false;
		Instant until = null;
		Instant first = null;
		for (IpEntry entry : this.allow) {
			Instant at = entry.expiresAt();
			if (at == null) {
				permanent = true;
				continue;
			}
			if (until == null || at.isAfter(until)) {
				until = at;
			}
			if (first == null || at.isBefore(first)) {
				first = at;
			}
		}
		this.allowHasPermanentEntry = permanent;
		this.allowLiveUntil = until;
		this.allowFirstExpiry = first;
		boolean expiries = first != null;
		for (IpEntry entry : this.deny) {
			expiries |= entry.expiresAt() != null;
		}
		this.hasExpiries = expiries;
	}

	/**
	 * Compiles a rule set.
	 * @param mode the mode
	 * @param allow the allow entries
	 * @param deny the deny entries
	 * @return the rule set
	 */
	public static RuleSet compile(Mode mode, List<IpEntry> allow, List<IpEntry> deny) {
		return new RuleSet(mode, allow, deny, null, false);
	}

	/**
	 * Returns the entries that apply in an environment, and adds the others to {@code elsewhere}.
	 */
	static List<IpEntry> applying(List<IpEntry> entries, @Nullable String environment, List<IpEntry> elsewhere) {
		boolean all = true;
		for (IpEntry entry : entries) {
			all &= entry.appliesIn(environment);
		}
		if (all) {
			return List.copyOf(entries);
		}
		List<IpEntry> applying = new ArrayList<>(entries.size());
		for (IpEntry entry : entries) {
			(entry.appliesIn(environment) ? applying : elsewhere).add(entry);
		}
		return List.copyOf(applying);
	}

	/**
	 * Compiles a rule set and builds its lookup table for the given instant, so that the first
	 * request does not pay for it.
	 * @param mode the mode
	 * @param allow the allow entries
	 * @param deny the deny entries
	 * @param now the instant whose live entries the table holds
	 * @return the rule set
	 */
	public static RuleSet compile(Mode mode, List<IpEntry> allow, List<IpEntry> deny, Instant now) {
		return compile(mode, allow, deny, null, now);
	}

	/**
	 * Compiles a rule set for a deployment's environment and builds its lookup table for the
	 * given instant: entries that name other environments take no part in decisions.
	 * @param mode the mode
	 * @param allow the allow entries
	 * @param deny the deny entries
	 * @param environment the deployment's environment (lower case), {@code null} when none is
	 * set (then only entries that name no environment apply)
	 * @param now the instant whose live entries the table holds
	 * @return the rule set
	 */
	public static RuleSet compile(Mode mode, List<IpEntry> allow, List<IpEntry> deny, @Nullable String environment,
			Instant now) {
		return compile(mode, allow, deny, environment, now, false);
	}

	/**
	 * Compiles the rule set of a tenant: its tables have no direct index while they are small.
	 */
	static RuleSet compile(Mode mode, List<IpEntry> allow, List<IpEntry> deny, @Nullable String environment,
			Instant now, boolean compact) {
		RuleSet rules = new RuleSet(mode, allow, deny, environment, compact);
		rules.compiled = LookupTable.build(rules.allow, rules.deny, now, compact);
		return rules;
	}

	/**
	 * Builds the lookup table for the instant now if the current one does not cover it.
	 * @param now the instant
	 */
	public void refresh(Instant now) {
		compiledFor(now);
	}

	/**
	 * Builds, ahead of time and off the request path, the lookup table for a coming instant
	 * (the next expiry): when the clock reaches it, requests switch to that table at once
	 * instead of one of them building it.
	 * @param at the instant the table must cover
	 */
	public void prepare(Instant at) {
		LookupTable current = this.compiled;
		LookupTable ready = this.prepared;
		if ((current != null && current.isValidAt(at)) || (ready != null && ready.isValidAt(at))) {
			return;
		}
		this.prepared = LookupTable.build(this.allow, this.deny, at, this.compact);
	}

	/**
	 * Returns whether any entry has an expiry (and so whether the table ever needs rebuilding).
	 * @return {@code true} if some entry expires
	 */
	public boolean hasExpiries() {
		return this.hasExpiries;
	}

	/**
	 * Returns whether the address may pass, allocating nothing on the fast path.
	 * @param address the client address; an IPv4-mapped address is matched as IPv4
	 * @param now the instant used for expiry
	 * @return {@code true} if allowed
	 */
	public boolean allows(IpAddress address, Instant now) {
		if (address.isIpv4Mapped()) {
			return allows(true, 0L, address.lo() & 0xFFFF_FFFFL, now);
		}
		return allows(address.isIpv4(), address.hi(), address.lo(), now);
	}

	/**
	 * Returns whether the parsed address may pass, allocating nothing on the fast path.
	 * @param address the parsed client address
	 * @param now the instant used for expiry
	 * @return {@code true} if allowed
	 */
	public boolean allows(AddressBuffer address, Instant now) {
		return allows(address.isIpv4(), address.hi(), address.lo(), now);
	}

	int lookup(boolean ipv4, long hi, long lo, Instant now) {
		return compiledFor(now).lookup(ipv4, hi, lo);
	}

	/**
	 * Returns whether the address given by its bits may pass, allocating nothing.
	 * @param ipv4 whether the address is IPv4 (an IPv4-mapped address given as IPv4), its bits
	 * in the low 32 bits of {@code lo}
	 * @param hi the high 64 bits (IPv6)
	 * @param lo the low 64 bits
	 * @param now the instant used for expiry
	 * @return {@code true} if allowed
	 */
	public boolean allows(boolean ipv4, long hi, long lo, Instant now) {
		int code = compiledFor(now).lookup(ipv4, hi, lo);
		return (code == LookupTable.NONE) ? this.mode == Mode.PERMISSIVE : code > 0;
	}

	private LookupTable compiledFor(Instant now) {
		LookupTable table = this.compiled;
		if (table != null && table.isValidAt(now)) {
			return table;
		}
		LookupTable ready = this.prepared;
		if (ready != null && ready.isValidAt(now)) {
			this.compiled = ready;
			return ready;
		}
		// Not prepared ahead (a clock that jumped, say): one caller builds, the others wait for it.
		this.rebuild.lock();
		try {
			table = this.compiled;
			if (table == null || !table.isValidAt(now)) {
				table = LookupTable.build(this.allow, this.deny, now, this.compact);
				this.compiled = table;
			}
			return table;
		}
		finally {
			this.rebuild.unlock();
		}
	}

	/**
	 * Returns the size of the lookup table that decides at the instant, as the endpoint shows
	 * it and memory measurements read it.
	 * @param now the instant
	 * @return the table's intervals and the bytes of its primitive arrays
	 */
	public TableSize tableSize(Instant now) {
		LookupTable table = compiledFor(now);
		return new TableSize(table.ranges(), table.bytes());
	}

	/**
	 * The size of a lookup table.
	 *
	 * @param intervals the intervals of both families
	 * @param bytes the bytes held by its primitive arrays (array headers left out)
	 */
	public record TableSize(int intervals, long bytes) {

	}

	private ExpiredEntryIndex expiredIndex() {
		ExpiredEntryIndex table = this.expiredIndex;
		if (table == null) {
			synchronized (this) {
				table = this.expiredIndex;
				if (table == null) {
					table = new ExpiredEntryIndex(this.allow);
					this.expiredIndex = table;
				}
			}
		}
		return table;
	}

	/**
	 * Decides one address at the given instant.
	 * @param address the client address; an IPv4-mapped address is matched as IPv4
	 * @param now the instant used for expiry
	 * @return the decision
	 */
	public Decision decide(IpAddress address, Instant now) {
		IpAddress client = address.unmap();
		Decision decided = Decision.ofCode(client, compiledFor(now).lookup(client.isIpv4(), client.hi(), client.lo()),
				this.allow, this.deny);
		if (decided != null) {
			return decided;
		}
		// The per-length hash table of allow entries is built only once some entry has expired.
		IpEntry expired = (this.allowFirstExpiry != null && !now.isBefore(this.allowFirstExpiry))
				? expiredIndex().longestExpiredMatch(client, now) : null;
		return Decision.unlisted(client, this.mode, expired, this.mode == Mode.STRICT && !hasLiveAllowEntry(now));
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
	 * Returns the allow entries that name only other environments than the deployment's.
	 * @return the entries that take no part in decisions here
	 */
	public List<IpEntry> allowEntriesElsewhere() {
		return this.allowElsewhere;
	}

	/**
	 * Returns the deny entries that name only other environments than the deployment's.
	 * @return the entries that take no part in decisions here
	 */
	public List<IpEntry> denyEntriesElsewhere() {
		return this.denyElsewhere;
	}

	/**
	 * Returns the deployment's environment this rule set was compiled for.
	 * @return the environment, {@code null} when none is set
	 */
	public @Nullable String environment() {
		return this.environment;
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

	static int countLive(List<IpEntry> entries, Instant now) {
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
