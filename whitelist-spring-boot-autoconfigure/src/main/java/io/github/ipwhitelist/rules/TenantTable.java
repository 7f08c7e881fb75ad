package io.github.ipwhitelist.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The live policies of every tenant, by id. One tenant's policy is replaced or removed on its
 * own ({@link #put}, {@link #remove}): no other tenant is rebuilt, and a request sees either the
 * old policy of its tenant or the new one, never a mix. Reads take no lock.
 * <p>
 * Only ids that have a policy are keys: a request naming an unknown or invalid id finds
 * nothing and adds nothing.
 */
public final class TenantTable {

	private final ConcurrentHashMap<String, TenantPolicy> policies = new ConcurrentHashMap<>();

	private final Object writeLock = new Object();

	private volatile String @Nullable [] sortedIds;

	/**
	 * Returns the policy of a tenant.
	 * @param tenant the tenant id (validated by the caller, or not: an invalid id finds nothing)
	 * @return the policy, {@code null} if the tenant has none
	 */
	public @Nullable TenantPolicy get(@Nullable String tenant) {
		return (tenant != null) ? this.policies.get(tenant) : null;
	}

	/**
	 * Sets the policy of its tenant, replacing the one it had.
	 * @param policy the new policy
	 * @return the previous policy, {@code null} if none
	 */
	public @Nullable TenantPolicy put(TenantPolicy policy) {
		synchronized (this.writeLock) {
			TenantPolicy previous = this.policies.put(policy.tenant(), policy);
			if (previous == null) {
				this.sortedIds = null;
			}
			return previous;
		}
	}

	/**
	 * Removes the policy of a tenant: it has no gate any more.
	 * @param tenant the tenant id
	 * @return the removed policy, {@code null} if none
	 */
	public @Nullable TenantPolicy remove(String tenant) {
		synchronized (this.writeLock) {
			TenantPolicy previous = this.policies.remove(tenant);
			if (previous != null) {
				this.sortedIds = null;
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
		return this.policies.size();
	}

	/**
	 * Returns every policy, in no particular order.
	 * @return a live view
	 */
	public Collection<TenantPolicy> policies() {
		return this.policies.values();
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
			TenantPolicy policy = this.policies.get(ids[(int) i]);
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
				ids = this.policies.keySet().toArray(new String[0]);
				Arrays.sort(ids);
				this.sortedIds = ids;
			}
		}
		return ids;
	}

	@Override
	public String toString() {
		return "TenantTable[" + size() + " tenants]";
	}

}
