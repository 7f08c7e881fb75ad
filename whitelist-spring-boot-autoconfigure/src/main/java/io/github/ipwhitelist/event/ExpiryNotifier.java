package io.github.ipwhitelist.event;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.ipwhitelist.event.IpWhitelistEntryExpiryEvent.Kind;
import io.github.ipwhitelist.rules.IpEntry;
import io.github.ipwhitelist.rules.RuleSet;
import io.github.ipwhitelist.rules.TenantTable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Finds, at each run (every second), the entries of the global list and of every tenant that
 * came within the warning period of their expiry, or expired, since the previous run, and
 * publishes one {@link IpWhitelistEntryExpiryEvent} for each, once. A list is looked at only
 * when its next expiry or warning is due; a list that was replaced announces the entries it
 * gained that are already close to their expiry.
 */
public final class ExpiryNotifier implements Runnable {

	private static final Log logger = LogFactory.getLog(ExpiryNotifier.class);

	private final Supplier<RuleSet> global;

	private final TenantTable tenants;

	private final Duration warning;

	private final Clock clock;

	private final Consumer<IpWhitelistEntryExpiryEvent> publisher;

	private final Object source;

	private @Nullable Instant last;

	/** The lists with expiries, as last seen, and the instant of their next event. */
	private final Map<@Nullable String, Tracked> tracked = new HashMap<>();

	/**
	 * Creates a notifier.
	 * @param global the global list
	 * @param tenants the tenants' policies
	 * @param warning how long before its expiry an entry is announced
	 * @param clock the clock
	 * @param source the source of the events
	 * @param publisher publishes an event
	 */
	public ExpiryNotifier(Supplier<RuleSet> global, TenantTable tenants, Duration warning, Clock clock, Object source,
			Consumer<IpWhitelistEntryExpiryEvent> publisher) {
		this.global = global;
		this.tenants = tenants;
		this.warning = warning;
		this.clock = clock;
		this.source = source;
		this.publisher = publisher;
	}

	@Override
	public synchronized void run() {
		Instant now = this.clock.instant();
		if (this.last != null && !now.isAfter(this.last)) {
			return;
		}
		Set<@Nullable String> present = new HashSet<>();
		RuleSet rules = this.global.get();
		present.add(null);
		check(null, rules, rules.allowEntries(), rules.denyEntries(), now);
		this.tenants.forEach((policy) -> {
			if (policy.hasExpiries()) {
				present.add(policy.tenant());
				check(policy.tenant(), policy, policy.allowEntries(), policy.denyEntries(), now);
			}
		});
		this.tracked.keySet().retainAll(present);
		this.last = now;
	}

	private void check(@Nullable String tenant, Object list, List<IpEntry> allow, List<IpEntry> deny, Instant now) {
		Tracked seen = this.tracked.get(tenant);
		if (seen != null && seen.list == list) {
			if (seen.next == null || now.isBefore(seen.next)) {
				return;
			}
			announce(tenant, allow, deny, this.last, now, null);
		}
		else {
			// First sight (from is null), or a replaced list: an entry the previous list had is
			// followed on from the last run; one it did not have is new.
			announce(tenant, allow, deny, (seen != null) ? this.last : null, now, (seen != null) ? seen.keys : null);
		}
		this.tracked.put(tenant, new Tracked(list, next(allow, deny, now), keys(allow, deny)));
	}

	/**
	 * Publishes the events due in {@code (from, now]}. An entry seen for the first time (no
	 * {@code from}, or not among the {@code known} entries of a replaced list) that is already
	 * within the warning period is announced as expiring soon; an entry expired before it was
	 * first seen is not announced.
	 */
	private void announce(@Nullable String tenant, List<IpEntry> allow, List<IpEntry> deny, @Nullable Instant from,
			Instant now, long @Nullable [] known) {
		for (List<IpEntry> entries : List.of(allow, deny)) {
			for (IpEntry entry : entries) {
				Instant at = entry.expiresAt();
				if (at == null) {
					continue;
				}
				Instant warnAt = at.minus(this.warning);
				boolean live = at.isAfter(now);
				boolean isNew = from == null || (known != null && Arrays.binarySearch(known, key(entry)) < 0);
				if (isNew) {
					if (live && !warnAt.isAfter(now)) {
						publish(Kind.EXPIRING_SOON, tenant, entry, at);
					}
				}
				else if (!live && at.isAfter(from)) {
					publish(Kind.EXPIRED, tenant, entry, at);
				}
				else if (live && !warnAt.isAfter(now) && warnAt.isAfter(from)) {
					publish(Kind.EXPIRING_SOON, tenant, entry, at);
				}
			}
		}
	}

	private void publish(Kind kind, @Nullable String tenant, IpEntry entry, Instant at) {
		try {
			this.publisher.accept(new IpWhitelistEntryExpiryEvent(this.source, kind, tenant, entry, at));
		}
		catch (RuntimeException ex) {
			// A failing listener must not make the others hear of it again, nor stop the rest.
			logger.error("IP whitelist: a listener failed on an expiry event of " + entry.label(), ex);
		}
	}

	private @Nullable Instant next(List<IpEntry> allow, List<IpEntry> deny, Instant now) {
		Instant next = null;
		for (List<IpEntry> entries : List.of(allow, deny)) {
			for (IpEntry entry : entries) {
				Instant at = entry.expiresAt();
				if (at == null || !at.isAfter(now)) {
					continue;
				}
				Instant warnAt = at.minus(this.warning);
				Instant candidate = warnAt.isAfter(now) ? warnAt : at;
				next = (next == null || candidate.isBefore(next)) ? candidate : next;
			}
		}
		return next;
	}

	/**
	 * The fingerprints of a list's expiring entries, sorted: 8 bytes an entry, so that a million
	 * expiring entries do not keep a million sets alive. (Two entries sharing a fingerprint would
	 * only cost the newer one its first-sight notice.)
	 */
	private static long[] keys(List<IpEntry> allow, List<IpEntry> deny) {
		long[] keys = new long[allow.size() + deny.size()];
		int count = 0;
		for (List<IpEntry> entries : List.of(allow, deny)) {
			for (IpEntry entry : entries) {
				if (entry.expiresAt() != null) {
					keys[count++] = key(entry);
				}
			}
		}
		long[] result = Arrays.copyOf(keys, count);
		Arrays.sort(result);
		return result;
	}

	private static long key(IpEntry entry) {
		Instant at = Objects.requireNonNull(entry.expiresAt());
		long h = entry.prefix().hi() * 0x9E3779B97F4A7C15L;
		h = (h ^ entry.prefix().lo()) * 0xC2B2AE3D27D4EB4FL;
		h = (h ^ entry.prefix().length() ^ (entry.prefix().isIpv4() ? 1L << 40 : 0L)) * 0x165667B19E3779F9L;
		h = (h ^ at.getEpochSecond()) * 0x9E3779B97F4A7C15L;
		return h ^ at.getNano() ^ (h >>> 29);
	}

	private record Tracked(Object list, @Nullable Instant next, long[] keys) {

	}

}
