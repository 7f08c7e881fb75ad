package io.github.ipwhitelist.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.address.LogSafe;
import io.github.ipwhitelist.event.IpWhitelistChangedEvent;
import io.github.ipwhitelist.rules.IpEntry;
import io.github.ipwhitelist.rules.WrittenEntry;
import io.github.ipwhitelist.rules.TenantIds;
import io.github.ipwhitelist.source.IpWhitelistLoader;
import io.github.ipwhitelist.source.ListKind;
import io.github.ipwhitelist.store.InvalidTenantChangeException;
import io.github.ipwhitelist.store.JdbcTenantStore;
import io.github.ipwhitelist.store.StoredTenant;
import io.github.ipwhitelist.store.TenantChange;
import io.github.ipwhitelist.store.TenantConfiguredElsewhereException;
import io.github.ipwhitelist.store.TenantDocument;
import io.github.ipwhitelist.store.TenantJson;
import io.github.ipwhitelist.store.TenantNotFoundException;
import io.github.ipwhitelist.store.TenantStoreSynchronizer;
import io.github.ipwhitelist.store.TenantStoreUnavailableException;
import io.github.ipwhitelist.store.Violation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Reads and changes the tenant policies of the store: what the HTTP management API calls, and
 * what an application that builds its own portal calls directly.
 * <p>
 * Every change is checked first (a bad value changes nothing: {@link InvalidTenantChangeException}
 * names each), stored in one transaction with the next version and a history record (who, when,
 * what, why, before and after), applied on this instance before the method returns, and
 * published as an {@link IpWhitelistChangedEvent}. The other instances apply it at their next
 * poll. A change may name the version it was made from: if another change came in between, it
 * fails with {@link io.github.ipwhitelist.store.StaleVersionException} and stores nothing.
 * Tenants that the configuration defines cannot be changed here
 * ({@link TenantConfiguredElsewhereException}).
 */
public class IpWhitelistAdminService {

	/** An expected version that any existing policy matches ({@code If-Match: *}). */
	public static final long ANY_VERSION = JdbcTenantStore.ANY_VERSION;

	/** Longest name of the author of a change. */
	public static final int MAX_AUTHOR_LENGTH = 256;

	private static final Log logger = LogFactory.getLog(IpWhitelistAdminService.class);

	private final JdbcTenantStore store;

	private final TenantStoreSynchronizer synchronizer;

	private final IpWhitelistLoader loader;

	private final ApplicationEventPublisher publisher;

	public IpWhitelistAdminService(JdbcTenantStore store, TenantStoreSynchronizer synchronizer, IpWhitelistLoader loader,
			ApplicationEventPublisher publisher) {
		this.store = store;
		this.synchronizer = synchronizer;
		this.loader = loader;
		this.publisher = publisher;
	}

	/**
	 * Reads a tenant's stored policy.
	 * @param tenant the tenant id
	 * @return the policy and its version
	 * @throws TenantNotFoundException if it has none in the store
	 */
	public StoredTenant get(String tenant) {
		checkId(tenant);
		return read(() -> this.store.find(tenant))
			.orElseThrow(() -> new TenantNotFoundException("Tenant " + tenant + " has no policy in the store"));
	}

	/**
	 * Replaces a tenant's policy, or creates it.
	 * @param tenant the tenant id
	 * @param policy the new policy
	 * @param expectedVersion the version it replaces, {@code null} for whatever is there,
	 * {@link #ANY_VERSION} for any existing one
	 * @param by who makes the change
	 * @param reason why, {@code null} if not said
	 * @return the change
	 */
	public TenantChange replace(String tenant, TenantDocument policy, @Nullable Long expectedVersion, String by,
			@Nullable String reason) {
		List<Violation> violations = new ArrayList<>();
		TenantDocument checked = new TenantDocument(policy.enabled(), policy.mode(),
				checked(policy.allow(), "/entries", violations), checked(policy.deny(), "/deny", violations));
		return change(tenant, expectedVersion, by, TenantChange.REPLACE, reason, violations, (before) -> checked);
	}

	/**
	 * Adds entries to one of a tenant's lists; an entry whose address is already on that list
	 * replaces it (new description, expiry, environments). A tenant without a policy gets one:
	 * enabled, strict, with these entries.
	 * @param tenant the tenant id
	 * @param list the list
	 * @param entries the entries, at least one
	 * @param expectedVersion as for {@link #replace}
	 * @param by who makes the change
	 * @param reason why, {@code null} if not said
	 * @return the change
	 */
	public TenantChange addEntries(String tenant, ListKind list, List<IpEntry> entries, @Nullable Long expectedVersion,
			String by, @Nullable String reason) {
		List<Violation> violations = new ArrayList<>();
		List<IpEntry> added = checked(entries, "/entries", violations);
		if (entries.isEmpty()) {
			violations.add(new Violation("/entries", null, "at least one entry is needed"));
		}
		return change(tenant, expectedVersion, by, TenantChange.ADD_ENTRIES, reason, violations, (before) -> {
			TenantDocument current = (before != null) ? before : TenantDocument.empty();
			List<IpEntry> merged = new ArrayList<>((list == ListKind.ALLOW) ? current.allow() : current.deny());
			Map<IpPrefix, Integer> positions = new HashMap<>();
			for (int i = 0; i < merged.size(); i++) {
				positions.put(merged.get(i).prefix(), i);
			}
			for (IpEntry entry : added) {
				Integer at = positions.get(entry.prefix());
				if (at != null) {
					merged.set(at, entry);
				}
				else {
					positions.put(entry.prefix(), merged.size());
					merged.add(entry);
				}
			}
			return (list == ListKind.ALLOW) ? new TenantDocument(current.enabled(), current.mode(), merged, current.deny())
					: new TenantDocument(current.enabled(), current.mode(), current.allow(), merged);
		});
	}

	/**
	 * Removes one entry from one of a tenant's lists.
	 * @param tenant the tenant id
	 * @param list the list
	 * @param address the entry's address or CIDR
	 * @param expectedVersion as for {@link #replace}
	 * @param by who makes the change
	 * @param reason why, {@code null} if not said
	 * @return the change
	 * @throws TenantNotFoundException if the tenant has no policy or the list no such entry
	 */
	public TenantChange removeEntry(String tenant, ListKind list, IpPrefix address, @Nullable Long expectedVersion,
			String by, @Nullable String reason) {
		return removeEntry(tenant, list, address.toString(), expectedVersion, by, reason);
	}

	/**
	 * Removes one entry as it was written: an address, a prefix, or a whole range.
	 * @param tenant the tenant id
	 * @param list the list
	 * @param address the entry as the API shows it, in canonical text: a prefix
	 * ({@code 192.0.2.0/24}, {@code 2001:db8::1}) or a range ({@code 192.0.2.10-192.0.2.20})
	 * @param expectedVersion as for {@link #replace}
	 * @param by who makes the change
	 * @param reason why, {@code null} if not said
	 * @return the change
	 * @throws TenantNotFoundException if the tenant has no policy or the list no such entry
	 */
	public TenantChange removeEntry(String tenant, ListKind list, String address, @Nullable Long expectedVersion,
			String by, @Nullable String reason) {
		return change(tenant, expectedVersion, by, TenantChange.REMOVE_ENTRY, reason, new ArrayList<>(), (before) -> {
			if (before == null) {
				throw new TenantNotFoundException("Tenant " + tenant + " has no policy in the store");
			}
			List<IpEntry> kept = new ArrayList<>();
			boolean removed = false;
			String within = null;
			for (WrittenEntry written : WrittenEntry
				.of((list == ListKind.ALLOW) ? before.allow() : before.deny())) {
				if (written.address().equals(address)) {
					removed = true;
				}
				else {
					kept.addAll(written.entries());
					if (written.isRange() && written.entries().stream()
						.anyMatch((entry) -> entry.prefix().toString().equals(address))) {
						within = written.address();
					}
				}
			}
			if (!removed) {
				throw new TenantNotFoundException(address + " is not on the " + list.name().toLowerCase(java.util.Locale.ROOT)
						+ " list of tenant " + tenant + ((within != null) ? "; it is part of the range " + within
								+ ", which is removed whole" : ""));
			}
			return (list == ListKind.ALLOW) ? new TenantDocument(before.enabled(), before.mode(), kept, before.deny())
					: new TenantDocument(before.enabled(), before.mode(), before.allow(), kept);
		});
	}

	/**
	 * Removes a tenant's policy: it has no gate any more (its history is kept).
	 * @param tenant the tenant id
	 * @param expectedVersion as for {@link #replace}
	 * @param by who makes the change
	 * @param reason why, {@code null} if not said
	 * @return the change
	 * @throws TenantNotFoundException if it has no policy in the store
	 */
	public TenantChange delete(String tenant, @Nullable Long expectedVersion, String by, @Nullable String reason) {
		return change(tenant, expectedVersion, by, TenantChange.DELETE, reason, new ArrayList<>(), (before) -> {
			if (before == null) {
				throw new TenantNotFoundException("Tenant " + tenant + " has no policy in the store");
			}
			return null;
		});
	}

	/**
	 * Reads a tenant's history, newest first, kept also after its policy was deleted.
	 * @param tenant the tenant id
	 * @return its changes
	 * @throws TenantNotFoundException if it never had a policy in the store
	 */
	public List<TenantChange> history(String tenant) {
		checkId(tenant);
		List<TenantChange> changes = read(() -> this.store.history(tenant));
		if (changes.isEmpty()) {
			throw new TenantNotFoundException("Tenant " + tenant + " never had a policy in the store");
		}
		return changes;
	}

	private TenantChange change(String tenant, @Nullable Long expectedVersion, String by, String action,
			@Nullable String reason, List<Violation> violations, java.util.function.UnaryOperator<@Nullable TenantDocument> edit) {
		if (!TenantIds.isValid(tenant)) {
			violations.add(0, Violation.badTenant(tenant));
		}
		if (reason != null && (reason.length() > TenantJson.MAX_REASON_LENGTH || TenantJson.hasControl(reason))) {
			violations.add(new Violation("/reason", LogSafe.escape(reason, 80), "longer than "
					+ TenantJson.MAX_REASON_LENGTH + " characters, or holds a control character"));
		}
		if (by.isBlank() || by.length() > MAX_AUTHOR_LENGTH || TenantJson.hasControl(by)) {
			violations.add(new Violation("by", LogSafe.escape(by, 80), "who makes the change must be named, in at most "
					+ MAX_AUTHOR_LENGTH + " characters without control characters"));
		}
		if (!violations.isEmpty()) {
			throw new InvalidTenantChangeException(violations);
		}
		String definedBy = this.loader.definedBy(tenant);
		if (definedBy != null) {
			throw new TenantConfiguredElsewhereException(tenant, definedBy);
		}
		TenantChange change;
		try {
			change = this.store.change(tenant, expectedVersion, by, action, reason, edit);
		}
		catch (TransactionSystemException ex) {
			// The commit itself failed: whether it took effect cannot be known here.
			this.synchronizer.storeFailed(ex);
			throw new TenantStoreUnavailableException("The tenant store failed while committing the change; it may or "
					+ "may not be stored: read the tenant's policy or history before retrying", ex);
		}
		catch (DataAccessException | TransactionException ex) {
			if (unreachable(ex)) {
				this.synchronizer.storeFailed(ex);
				throw new TenantStoreUnavailableException("The tenant store cannot be reached; nothing was changed", ex);
			}
			throw new TenantStoreUnavailableException(
					"The tenant store refused the change for now (" + ex.getClass().getSimpleName()
							+ "); nothing was changed: retry",
					ex);
		}
		// Stored: whatever happens now, the caller must hear that it is (a retry would be refused
		// as stale, or be a second change).
		try {
			this.synchronizer.applied(change);
		}
		catch (RuntimeException ex) {
			logger.error("IP whitelist: the change of tenant " + tenant + " to version " + change.version()
					+ " is stored but could not be applied here; the next poll applies it", ex);
		}
		try {
			this.publisher.publishEvent(new IpWhitelistChangedEvent(this, change));
		}
		catch (RuntimeException ex) {
			logger.error("IP whitelist: a listener of the change of tenant " + tenant + " to version "
					+ change.version() + " failed", ex);
		}
		return change;
	}

	/**
	 * Checks entries given by a Java caller as the JSON reader checks them: one entry per
	 * address, descriptions within bounds; they are stored with the store's origin.
	 */
	private static List<IpEntry> checked(List<IpEntry> entries, String pointer, List<Violation> violations) {
		List<IpEntry> result = new ArrayList<>(entries.size());
		Map<IpPrefix, Integer> seen = new HashMap<>();
		for (int i = 0; i < entries.size(); i++) {
			IpEntry entry = entries.get(i);
			Integer first = seen.putIfAbsent(entry.prefix(), i);
			if (first != null) {
				violations.add(new Violation(pointer + "/" + i + "/address", entry.prefix().toString(),
						"listed twice: already at " + pointer + "/" + first));
				continue;
			}
			String description = entry.description();
			if (description != null && (description.length() > TenantJson.MAX_DESCRIPTION_LENGTH
					|| TenantJson.hasControl(description))) {
				violations.add(new Violation(pointer + "/" + i + "/description", LogSafe.escape(description, 80),
						"longer than " + TenantJson.MAX_DESCRIPTION_LENGTH + " characters, or holds a control character"));
				continue;
			}
			IpEntry stored = new IpEntry(entry.prefix(), description, entry.environments(), entry.expiresAt(),
					TenantJson.ORIGIN);
			String range = entry.range();
			result.add((range != null) ? stored.inRange(range) : stored);
		}
		return result;
	}

	private static void checkId(String tenant) {
		if (!TenantIds.isValid(tenant)) {
			throw new InvalidTenantChangeException(List.of(Violation.badTenant(tenant)));
		}
	}

	private <T> T read(java.util.function.Supplier<T> query) {
		try {
			return query.get();
		}
		catch (DataAccessException | TransactionException ex) {
			if (unreachable(ex)) {
				this.synchronizer.storeFailed(ex);
			}
			throw new TenantStoreUnavailableException("The tenant store cannot be read", ex);
		}
	}

	/**
	 * Whether a failure means the database cannot be reached (health says so), rather than a
	 * refusal of one statement (a lock timeout, a conflict).
	 */
	private static boolean unreachable(RuntimeException ex) {
		return ex instanceof DataAccessResourceFailureException || ex instanceof CannotCreateTransactionException
				|| ex instanceof org.springframework.dao.QueryTimeoutException;
	}

}
