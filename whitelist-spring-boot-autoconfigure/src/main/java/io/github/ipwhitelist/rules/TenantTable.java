package io.github.ipwhitelist.rules;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The live policies of every tenant, by id. One tenant's policy is replaced or removed on its
 * own ({@link #put}, {@link #remove}): no other tenant is rebuilt, and a request sees either the
 * old policy of its tenant or the new one, never a mix. Reads take no lock and allocate nothing.
 * <p>
 * Inside, an open-addressing index: one slot array of tenant records ({@link TenantRecord}: the
 * id and, for a small tenant, its entries, in one {@code long[]}), probed linearly, and a parallel
 * array of the policies. Deciding a small tenant's address ({@link #allows}) reads one slot and
 * one record. Writers hold a lock; a slot is written with release semantics, policy first, and
 * the index is replaced whole when it grows (kept at most half full).
 * <p>
 * Only ids that have a policy are keys: a request naming an unknown or invalid id finds nothing
 * and adds nothing.
 */
public final class TenantTable {

	private static final VarHandle RECORDS = MethodHandles.arrayElementVarHandle(long[][].class);

	private static final VarHandle POLICIES = MethodHandles.arrayElementVarHandle(TenantPolicy[].class);

	/** A removed tenant's slot: its header matches no id (length 0). */
	private static final long[] TOMBSTONE = new long[1];

	private final Object writeLock = new Object();

	private volatile Index index = new Index(16);

	private volatile String @Nullable [] sortedIds;

	private final List<Consumer<String>> removalListeners = new CopyOnWriteArrayList<>();

	/**
	 * Registers a listener told of every tenant whose policy is removed (to forget what was kept
	 * about it).
	 * @param listener told the tenant id
	 */
	public void onRemove(Consumer<String> listener) {
		this.removalListeners.add(listener);
	}

	/**
	 * Returns the policy of a tenant.
	 * @param tenant the tenant id (validated by the caller, or not: an invalid id finds nothing)
	 * @return the policy, {@code null} if the tenant has none
	 */
	public @Nullable TenantPolicy get(@Nullable String tenant) {
		if (tenant == null || tenant.isEmpty()) {
			return null;
		}
		int hash = TenantRecord.hash(tenant);
		while (true) {
			Index current = this.index;
			int slot = current.find(tenant, hash);
			if (slot < 0) {
				return null;
			}
			long[] record = (long[]) RECORDS.getAcquire(current.records, slot);
			TenantPolicy policy = (TenantPolicy) POLICIES.getAcquire(current.policies, slot);
			if (policy != null && policy.record() == record) {
				return policy;
			}
			// A writer changed the slot between the two reads: read it again.
			Thread.onSpinWait();
		}
	}

	/**
	 * Returns whether an address passes a tenant's gate, allocating nothing: {@code true} when
	 * the tenant has no policy or its gate is off.
	 * @param tenant the tenant id
	 * @param ipv4 whether the address is IPv4 (an IPv4-mapped address given as IPv4)
	 * @param hi the high 64 bits (IPv6)
	 * @param lo the low 64 bits
	 * @param now the instant used for expiry
	 * @return whether the tenant's gate lets the address pass
	 */
	public boolean allows(String tenant, boolean ipv4, long hi, long lo, Instant now) {
		int hash = TenantRecord.hash(tenant);
		Index current = this.index;
		int slot = current.find(tenant, hash);
		if (slot < 0) {
			return true;
		}
		long[] record = (long[]) RECORDS.getAcquire(current.records, slot);
		int flags = TenantRecord.flags(record);
		if ((flags & TenantRecord.ENABLED) == 0) {
			return true;
		}
		if ((flags & TenantRecord.LARGE) != 0) {
			TenantPolicy policy = (TenantPolicy) POLICIES.getAcquire(current.policies, slot);
			if (policy == null || policy.record() != record) {
				// A writer changed the slot between the two reads: find it again.
				policy = get(tenant);
			}
			return policy == null || policy.allows(ipv4, hi, lo, now);
		}
		int code = TenantRecord.lookup(record, ipv4, hi, lo, ScanTable.nanos(now));
		return (code == LookupTable.NONE) ? (flags & TenantRecord.PERMISSIVE) != 0 : code > 0;
	}

	/**
	 * Sets the policy of its tenant, replacing the one it had.
	 * @param policy the new policy
	 * @return the previous policy, {@code null} if none
	 */
	public @Nullable TenantPolicy put(TenantPolicy policy) {
		synchronized (this.writeLock) {
			String tenant = policy.tenant();
			int hash = TenantRecord.hash(tenant);
			Index current = this.index;
			int slot = current.find(tenant, hash);
			if (slot >= 0) {
				TenantPolicy previous = current.policies[slot];
				current.set(slot, policy);
				return previous;
			}
			if ((current.used + 1) * 2 > current.records.length) {
				current = current.grown();
			}
			current.insert(policy, hash);
			this.index = current;
			this.sortedIds = null;
			return null;
		}
	}

	/**
	 * Removes the policy of a tenant: it has no gate any more.
	 * @param tenant the tenant id
	 * @return the removed policy, {@code null} if none
	 */
	public @Nullable TenantPolicy remove(String tenant) {
		synchronized (this.writeLock) {
			Index current = this.index;
			int slot = current.find(tenant, TenantRecord.hash(tenant));
			if (slot < 0) {
				return null;
			}
			TenantPolicy previous = current.policies[slot];
			RECORDS.setRelease(current.records, slot, TOMBSTONE);
			POLICIES.setRelease(current.policies, slot, (TenantPolicy) null);
			current.live--;
			this.sortedIds = null;
			for (Consumer<String> listener : this.removalListeners) {
				listener.accept(tenant);
			}
			return previous;
		}
	}

	/**
	 * Applies many changes, each tenant on its own: a policy replaces, {@code null} removes.
	 * @param changes the new policy of each changed tenant
	 */
	public void apply(Map<String, @Nullable TenantPolicy> changes) {
		synchronized (this.writeLock) {
			changes.forEach((tenant, policy) -> {
				if (policy == null) {
					remove(tenant);
				}
				else {
					put(policy);
				}
			});
		}
	}

	/**
	 * Returns the number of tenants with a policy, enabled or not.
	 * @return the count
	 */
	public int size() {
		return this.index.live;
	}

	/**
	 * Returns every policy, in no particular order.
	 * @return a snapshot
	 */
	public Collection<TenantPolicy> policies() {
		List<TenantPolicy> result = new ArrayList<>(size());
		forEach(result::add);
		return result;
	}

	/**
	 * Hands every policy to an action, without copying them first (the periodic tasks visit
	 * every tenant each second).
	 * @param action told each policy, in no particular order
	 */
	public void forEach(Consumer<TenantPolicy> action) {
		Index current = this.index;
		for (int slot = 0; slot < current.policies.length; slot++) {
			TenantPolicy policy = (TenantPolicy) POLICIES.getAcquire(current.policies, slot);
			if (policy != null) {
				action.accept(policy);
			}
		}
	}

	/**
	 * Returns one page of the policies, sorted by tenant id.
	 * @param page the page, from 0
	 * @param size the page size, at least 1
	 * @return the policies of the page (fewer, or none, past the end)
	 */
	public List<TenantPolicy> page(int page, int size) {
		String[] ids = sortedIds();
		long from = (long) page * size;
		List<TenantPolicy> result = new ArrayList<>();
		for (long i = from; i < ids.length && i < from + size; i++) {
			TenantPolicy policy = get(ids[(int) i]);
			if (policy != null) {
				result.add(policy);
			}
		}
		return result;
	}

	private String[] sortedIds() {
		String[] ids = this.sortedIds;
		if (ids == null) {
			synchronized (this.writeLock) {
				ids = policies().stream().map(TenantPolicy::tenant).sorted(Comparator.naturalOrder()).toArray(String[]::new);
				this.sortedIds = ids;
			}
		}
		return ids;
	}

	@Override
	public String toString() {
		return "TenantTable[" + size() + " tenants]";
	}

	/**
	 * The slots. Written only under the table's lock; read without.
	 */
	private static final class Index {

		final long[] @Nullable [] records;

		final @Nullable TenantPolicy[] policies;

		final int mask;

		/** Slots in use, tombstones included. */
		int used;

		volatile int live;

		Index(int capacity) {
			this.records = new long[capacity][];
			this.policies = new TenantPolicy[capacity];
			this.mask = capacity - 1;
		}

		/** The slot holding the tenant, or -1. */
		int find(String tenant, int hash) {
			long[] @Nullable [] records = this.records;
			int mask = this.mask;
			for (int slot = hash & mask, probes = 0; probes <= mask; slot = (slot + 1) & mask, probes++) {
				long[] record = (long[]) RECORDS.getAcquire(records, slot);
				if (record == null) {
					return -1;
				}
				if (TenantRecord.matches(record, tenant, hash)) {
					return slot;
				}
			}
			return -1;
		}

		void set(int slot, TenantPolicy policy) {
			POLICIES.setRelease(this.policies, slot, policy);
			RECORDS.setRelease(this.records, slot, policy.record());
		}

		void insert(TenantPolicy policy, int hash) {
			int slot = hash & this.mask;
			while (this.records[slot] != null && this.records[slot] != TOMBSTONE) {
				slot = (slot + 1) & this.mask;
			}
			if (this.records[slot] == null) {
				this.used++;
			}
			set(slot, policy);
			this.live++;
		}

		/** A new index twice as large (or as large, to drop tombstones) holding the live tenants. */
		Index grown() {
			int capacity = this.records.length;
			while ((this.live + 1) * 2 > capacity) {
				capacity *= 2;
			}
			// As large when only tombstones filled it, larger when live tenants did.
			Index next = new Index(capacity);
			for (TenantPolicy policy : this.policies) {
				if (policy != null) {
					next.insert(policy, TenantRecord.hash(policy.tenant()));
				}
			}
			return next;
		}

	}

}
