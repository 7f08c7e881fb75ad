package io.github.ipwhitelist.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.ipwhitelist.address.IpAddress;

/**
 * What is kept per tenant, within bounds whatever the number of tenants and attackers:
 * <ul>
 * <li>exact counts, for tenants with a policy only (the caller checks), so at most one small
 * counter per configured tenant, never one per id an attacker sends;</li>
 * <li>recent denials and unlisted callers for the {@code tenantCapacity} tenants with the latest
 * activity (a Caffeine cache), each a ring of {@code recentDenials} records and at most
 * {@code notListedCapacity} callers (least recently seen evicted).</li>
 * </ul>
 */
public final class TenantActivity {

	private static final int ALLOWED = 0;

	private static final int DENIED = 1;

	private static final int MALFORMED = 2;

	private static final int RATE_LIMITED = 3;

	private final ConcurrentHashMap<String, AtomicLongArray> counts = new ConcurrentHashMap<>();

	private final Cache<String, Log> logs;

	private final int recentDenials;

	private final int notListedCapacity;

	/**
	 * Creates the per-tenant records.
	 * @param tenantCapacity how many tenants keep recent denials and unlisted callers
	 * @param recentDenials recent denials kept per tenant
	 * @param notListedCapacity unlisted callers kept per tenant
	 */
	public TenantActivity(int tenantCapacity, int recentDenials, int notListedCapacity) {
		if (tenantCapacity < 1 || recentDenials < 1 || notListedCapacity < 1) {
			throw new IllegalArgumentException("capacities must be at least 1");
		}
		this.logs = Caffeine.newBuilder().maximumSize(tenantCapacity).executor(Runnable::run).build();
		this.recentDenials = recentDenials;
		this.notListedCapacity = notListedCapacity;
	}

	/**
	 * Records a request of a tenant that passed its gate.
	 * @param tenant a tenant with a policy
	 * @param address the client address
	 * @param listed whether the tenant's list named it (otherwise it passed a permissive tenant unlisted)
	 * @param now the instant
	 */
	public void allowed(String tenant, IpAddress address, boolean listed, Instant now) {
		tally(tenant).incrementAndGet(ALLOWED);
		if (!listed) {
			log(tenant).notListed(address, now, this.notListedCapacity);
		}
	}

	/**
	 * Takes back one allowed request of a tenant: the check after authentication denied it.
	 * @param tenant the tenant
	 */
	public void retractAllowed(String tenant) {
		AtomicLongArray tally = this.counts.get(tenant);
		if (tally != null) {
			tally.decrementAndGet(ALLOWED);
		}
	}

	/**
	 * Records a denied request of a tenant.
	 * @param tenant a tenant with a policy
	 * @param record the denial
	 */
	public void denied(String tenant, DenialRecord record) {
		int slot = switch (record.denialCode()) {
			case NOT_AUTHORIZED -> DENIED;
			case MALFORMED -> MALFORMED;
			case RATE_LIMITED -> RATE_LIMITED;
		};
		tally(tenant).incrementAndGet(slot);
		log(tenant).denied(record);
	}

	private AtomicLongArray tally(String tenant) {
		AtomicLongArray tally = this.counts.get(tenant);
		return (tally != null) ? tally : this.counts.computeIfAbsent(tenant, (id) -> new AtomicLongArray(4));
	}

	private Log log(String tenant) {
		return this.logs.get(tenant, (id) -> new Log(this.recentDenials));
	}

	/**
	 * Returns a tenant's counts since start (or since its counts were last forgotten).
	 * @param tenant the tenant
	 * @return the counts, zero when it had no guarded request
	 */
	public AccessCounts counts(String tenant) {
		AtomicLongArray tally = this.counts.get(tenant);
		if (tally == null) {
			return new AccessCounts(0, 0, 0, 0);
		}
		return new AccessCounts(tally.get(ALLOWED), tally.get(DENIED), tally.get(MALFORMED), tally.get(RATE_LIMITED));
	}

	/**
	 * Returns a tenant's recent denials, newest first.
	 * @param tenant the tenant
	 * @return at most {@code recentDenials} records
	 */
	public List<DenialRecord> recentDenied(String tenant) {
		Log log = this.logs.getIfPresent(tenant);
		return (log != null) ? log.recent() : List.of();
	}

	/**
	 * Returns a tenant's unlisted callers, most frequent first.
	 * @param tenant the tenant
	 * @return at most {@code notListedCapacity} callers
	 */
	public List<NotListedCaller> notListed(String tenant) {
		Log log = this.logs.getIfPresent(tenant);
		return (log != null) ? log.notListed() : List.of();
	}

	/**
	 * Forgets everything about a tenant whose policy was removed.
	 * @param tenant the tenant
	 */
	public void forget(String tenant) {
		this.counts.remove(tenant);
		this.logs.invalidate(tenant);
	}

	/**
	 * Returns how many tenants have recent activity kept.
	 * @return at most {@code tenantCapacity}
	 */
	public long trackedTenants() {
		this.logs.cleanUp();
		return this.logs.estimatedSize();
	}

	/**
	 * One tenant's ring of recent denials and its unlisted callers.
	 */
	private static final class Log {

		private final DenialRing ring;

		private final LinkedHashMap<IpAddress, long[]> notListed = new LinkedHashMap<>(16, 0.75f, true);

		Log(int capacity) {
			this.ring = new DenialRing(capacity);
		}

		void denied(DenialRecord record) {
			this.ring.add(record);
		}

		List<DenialRecord> recent() {
			return this.ring.newestFirst();
		}

		synchronized void notListed(IpAddress address, Instant now, int capacity) {
			long[] tally = this.notListed.get(address);
			if (tally == null) {
				if (this.notListed.size() >= capacity) {
					// The least recently seen caller makes room.
					this.notListed.remove(this.notListed.keySet().iterator().next());
				}
				tally = new long[2];
				this.notListed.put(address, tally);
			}
			tally[0]++;
			tally[1] = now.toEpochMilli();
		}

		synchronized List<NotListedCaller> notListed() {
			List<NotListedCaller> result = new ArrayList<>(this.notListed.size());
			for (Map.Entry<IpAddress, long[]> entry : this.notListed.entrySet()) {
				result.add(new NotListedCaller(entry.getKey().toString(), entry.getValue()[0],
						Instant.ofEpochMilli(entry.getValue()[1])));
			}
			result.sort(Comparator.comparingLong(NotListedCaller::count).reversed().thenComparing(NotListedCaller::ip));
			return result;
		}

	}

}
