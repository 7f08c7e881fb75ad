package io.github.ipwhitelist.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.github.ipwhitelist.address.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * The compiled whitelist of one tenant (a customer organization): whether its gate is on, its
 * mode, its entries, and for one address the {@link Decision}, exactly as the global
 * {@link RuleSet} decides (deny wins, most specific entry, expiry at its instant).
 * <p>
 * Most tenants have a few entries: theirs are scanned ({@link ScanTable}), a few bytes per
 * entry, nothing rebuilt when one expires. A tenant with more than {@value ScanTable#MAX_ENTRIES}
 * entries gets a full {@link RuleSet}. Immutable; a change compiles a new policy, which replaces
 * this one in the {@link TenantTable} without touching any other tenant.
 */
public final class TenantPolicy {

	private final String tenant;

	private final boolean enabled;

	private final Mode mode;

	private final List<IpEntry> allow;

	private final List<IpEntry> deny;

	private final List<IpEntry> allowElsewhere;

	private final List<IpEntry> denyElsewhere;

	// The id and, for a small tenant, its scanned entries (see TenantRecord).
	private final long[] record;

	private final @Nullable RuleSet rules;

	private final String origin;

	private final long version;

	private final boolean hasExpiries;

	private TenantPolicy(String tenant, boolean enabled, Mode mode, List<IpEntry> allow, List<IpEntry> deny,
			List<IpEntry> allowElsewhere, List<IpEntry> denyElsewhere, @Nullable ScanTable scan, @Nullable RuleSet rules, String origin, long version) {
		this.tenant = tenant;
		this.enabled = enabled;
		this.mode = mode;
		this.allow = allow;
		this.deny = deny;
		this.allowElsewhere = allowElsewhere;
		this.denyElsewhere = denyElsewhere;
		this.record = TenantRecord.build(tenant, enabled, mode, scan);
		this.rules = rules;
		this.origin = origin;
		this.version = version;
		boolean expiries = false;
		for (List<IpEntry> entries : List.of(allow, deny)) {
			for (IpEntry entry : entries) {
				expiries |= entry.expiresAt() != null;
			}
		}
		this.hasExpiries = expiries;
	}

	/**
	 * Returns whether some entry that applies here has an expiry.
	 * @return {@code true} if some entry expires
	 */
	public boolean hasExpiries() {
		return this.hasExpiries;
	}

	/**
	 * Compiles a tenant's policy.
	 * @param tenant the tenant id
	 * @param enabled whether its gate is on
	 * @param mode its mode
	 * @param allow its allow entries
	 * @param deny its deny entries
	 * @param environment the deployment's environment (lower case), {@code null} when none is set
	 * @param origin where the policy comes from ({@code properties}, a file, {@code store})
	 * @param version its version (0 when not versioned)
	 * @param now the instant whose live entries a full table is built for
	 * @return the policy
	 * @throws IllegalArgumentException if the tenant id is not valid
	 */
	public static TenantPolicy compile(String tenant, boolean enabled, Mode mode, List<IpEntry> allow,
			List<IpEntry> deny, @Nullable String environment, String origin, long version, Instant now) {
		if (!TenantIds.isValid(tenant)) {
			throw new IllegalArgumentException("not a tenant id (" + TenantIds.RULE + ")");
		}
		Objects.requireNonNull(mode, "mode");
		List<IpEntry> allowElsewhere = new ArrayList<>();
		List<IpEntry> denyElsewhere = new ArrayList<>();
		List<IpEntry> applyingAllow = RuleSet.applying(allow, environment, allowElsewhere);
		List<IpEntry> applyingDeny = RuleSet.applying(deny, environment, denyElsewhere);
		if (applyingAllow.size() + applyingDeny.size() <= ScanTable.MAX_ENTRIES) {
			return new TenantPolicy(tenant, enabled, mode, applyingAllow, applyingDeny, List.copyOf(allowElsewhere),
					List.copyOf(denyElsewhere), ScanTable.build(applyingAllow, applyingDeny), null, origin, version);
		}
		RuleSet rules = RuleSet.compile(mode, applyingAllow, applyingDeny, environment, now, true);
		return new TenantPolicy(tenant, enabled, mode, rules.allowEntries(), rules.denyEntries(),
				List.copyOf(allowElsewhere), List.copyOf(denyElsewhere), null, rules, origin, version);
	}

	/**
	 * Returns whether the address may pass this tenant's gate, allocating nothing.
	 * @param ipv4 whether the address is IPv4 (an IPv4-mapped address given as IPv4)
	 * @param hi the high 64 bits (IPv6)
	 * @param lo the low 64 bits
	 * @param now the instant used for expiry
	 * @return {@code true} if allowed (always, when the gate is off)
	 */
	public boolean allows(boolean ipv4, long hi, long lo, Instant now) {
		if (!this.enabled) {
			return true;
		}
		int code = code(ipv4, hi, lo, now);
		return (code == LookupTable.NONE) ? this.mode == Mode.PERMISSIVE : code > 0;
	}

	private int code(boolean ipv4, long hi, long lo, Instant now) {
		if (this.rules == null) {
			return TenantRecord.lookup(this.record, ipv4, hi, lo, ScanTable.nanos(now));
		}
		return Objects.requireNonNull(this.rules).lookup(ipv4, hi, lo, now);
	}

	/**
	 * Decides one address by this tenant's list (whether or not the gate is on: the caller
	 * asks {@link #enabled()} first).
	 * @param address the client address; an IPv4-mapped address is matched as IPv4
	 * @param now the instant used for expiry
	 * @return the decision
	 */
	public Decision decide(IpAddress address, Instant now) {
		RuleSet full = this.rules;
		if (full != null) {
			return full.decide(address, now);
		}
		IpAddress client = address.unmap();
		Decision decided = Decision.ofCode(client, code(client.isIpv4(), client.hi(), client.lo(), now), this.allow,
				this.deny);
		if (decided != null) {
			return decided;
		}
		// A few entries: the expired one that would have listed the address is found by a scan.
		IpEntry expired = null;
		for (IpEntry entry : this.allow) {
			if (!entry.isLiveAt(now) && entry.prefix().contains(client)
					&& (expired == null || entry.prefix().length() > expired.prefix().length())) {
				expired = entry;
			}
		}
		return Decision.unlisted(client, this.mode, expired, this.mode == Mode.STRICT && !hasLiveAllowEntry(now));
	}

	/**
	 * Returns whether at least one allow entry is live at the instant.
	 * @param now the instant
	 * @return {@code false} when the allow list is empty or every entry has expired
	 */
	public boolean hasLiveAllowEntry(Instant now) {
		for (IpEntry entry : this.allow) {
			if (entry.isLiveAt(now)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Builds ahead of time the table of a tenant with a full rule set for its next expiry (see
	 * {@link RuleSet#prepare}); a scanned tenant needs nothing.
	 * @param now the instant
	 */
	public void prepareNextExpiry(Instant now) {
		RuleSet full = this.rules;
		if (full != null && full.hasExpiries()) {
			full.refresh(now);
			Instant next = full.nextExpiry(now);
			if (next != null) {
				full.prepare(next);
			}
		}
	}

	long[] record() {
		return this.record;
	}

	/**
	 * Returns the tenant id.
	 * @return the id
	 */
	public String tenant() {
		return this.tenant;
	}

	/**
	 * Returns whether this tenant's gate is on.
	 * @return {@code true} if requests of the tenant must pass its list
	 */
	public boolean enabled() {
		return this.enabled;
	}

	/**
	 * Returns the mode.
	 * @return the mode
	 */
	public Mode mode() {
		return this.mode;
	}

	/**
	 * Returns the allow entries that apply in this deployment, expired ones included.
	 * @return the entries
	 */
	public List<IpEntry> allowEntries() {
		return this.allow;
	}

	/**
	 * Returns the deny entries that apply in this deployment, expired ones included.
	 * @return the entries
	 */
	public List<IpEntry> denyEntries() {
		return this.deny;
	}

	/**
	 * Returns the allow entries that name only other environments.
	 * @return the entries that take no part in decisions here
	 */
	public List<IpEntry> allowEntriesElsewhere() {
		return this.allowElsewhere;
	}

	/**
	 * Returns the deny entries that name only other environments.
	 * @return the entries that take no part in decisions here
	 */
	public List<IpEntry> denyEntriesElsewhere() {
		return this.denyElsewhere;
	}

	/**
	 * Returns where the policy comes from.
	 * @return {@code properties}, a file location, or {@code store}
	 */
	public String origin() {
		return this.origin;
	}

	/**
	 * Returns the policy's version (0 when not versioned).
	 * @return the version
	 */
	public long version() {
		return this.version;
	}

	/**
	 * Returns the number of live allow entries.
	 * @param now the instant
	 * @return the count
	 */
	public int liveAllowCount(Instant now) {
		return RuleSet.countLive(this.allow, now);
	}

	/**
	 * Returns the number of live deny entries.
	 * @param now the instant
	 * @return the count
	 */
	public int liveDenyCount(Instant now) {
		return RuleSet.countLive(this.deny, now);
	}

	/**
	 * Returns the bytes of the primitive arrays of its lookup (array headers left out).
	 * @param now the instant
	 * @return the size
	 */
	public long tableBytes(Instant now) {
		return 8L * this.record.length
				+ ((this.rules != null) ? this.rules.tableSize(now).bytes() : 0);
	}

	@Override
	public String toString() {
		return "TenantPolicy[tenant=" + this.tenant + ", enabled=" + this.enabled + ", mode=" + this.mode + ", allow="
				+ this.allow.size() + ", deny=" + this.deny.size() + ", origin=" + this.origin + "]";
	}

}
