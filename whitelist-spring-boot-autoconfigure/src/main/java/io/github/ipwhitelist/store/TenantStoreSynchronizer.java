package io.github.ipwhitelist.store;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.github.ipwhitelist.address.LogSafe;
import io.github.ipwhitelist.rules.Mode;
import io.github.ipwhitelist.rules.TenantPolicy;
import io.github.ipwhitelist.source.IpWhitelistLoader;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.BadSqlGrammarException;

/**
 * Keeps this instance's tenant policies in step with the store: loads them all at start, then
 * polls for changes made anywhere in the fleet and applies only the tenants that changed. A
 * change made through this instance is applied at once ({@link #applied(TenantChange)}).
 * <p>
 * While the store cannot be read, the last good policies stay live: a failed poll changes no
 * decision; the state and the error are in {@link #status()}, and the next poll that works
 * catches up with every change made in between. The database is queried outside the lock that
 * guards the state, so that health and the management API never wait for a hanging query.
 * <p>
 * A stored policy that cannot be read (edited by hand, or written by a newer version of the
 * starter) never opens its tenant's gate: the tenant keeps its last good policy, or, without
 * one, gets a policy that denies every address; it is named in the status and the log.
 */
public final class TenantStoreSynchronizer {

	/** What to do when the store's tables are missing. */
	static final String MISSING_TABLES = ". If its tables are missing, set ip-whitelist.store.jdbc.initialize-schema="
			+ "always, or create them with the script classpath:io/github/ipwhitelist/store/schema-postgresql.sql "
			+ "(or schema-h2.sql)";

	/** Most unreadable tenants named in the status. */
	static final int MAX_INVALID_LISTED = 20;

	private static final Log logger = LogFactory.getLog(TenantStoreSynchronizer.class);

	private final JdbcTenantStore store;

	private final IpWhitelistLoader loader;

	private final Clock clock;

	/** Held by a poll from its query to its last change (one poll at a time). */
	private final Object pollLock = new Object();

	/** The version of every tenant seen in the store, deleted ones included (never go back). */
	private final Map<String, Long> versions = new HashMap<>();

	/** The tenants of {@link #versions} whose policy was deleted. */
	private final Set<String> deleted = new HashSet<>();

	/** Tenants whose stored policy cannot be read, and why. */
	private final Map<String, String> invalid = new TreeMap<>();

	private long revision;

	private @Nullable Instant lastSuccess;

	private @Nullable String lastError;

	private @Nullable Instant failingSince;

	/**
	 * Loads every policy of the store.
	 * @param store the store
	 * @param loader where the policies go live (next to those of the configuration)
	 * @param clock the clock
	 * @throws TenantStoreUnavailableException if the store cannot be read: with no last good
	 * policies, the application must not start
	 */
	public TenantStoreSynchronizer(JdbcTenantStore store, IpWhitelistLoader loader, Clock clock) {
		this.store = store;
		this.loader = loader;
		this.clock = clock;
		JdbcTenantStore.Snapshot snapshot;
		try {
			snapshot = store.loadAll();
		}
		catch (RuntimeException ex) {
			throw new TenantStoreUnavailableException("The IP whitelist's tenant store (ip-whitelist.store.type=jdbc) "
					+ "could not be read at startup, and there are no last good policies to decide with: "
					+ describe(ex) + ((ex instanceof BadSqlGrammarException) ? MISSING_TABLES : ""), ex);
		}
		Instant now = clock.instant();
		// Compiling 100,000 policies is the other half of a startup: on every core too.
		Map<String, TenantPolicy> compiled = snapshot.rows()
			.parallelStream()
			.filter((row) -> row.document() != null)
			.collect(Collectors.toConcurrentMap(JdbcTenantStore.Row::tenant,
					(row) -> compile(row.tenant(), java.util.Objects.requireNonNull(row.document()), row.version(), now)));
		synchronized (this) {
			apply(snapshot.rows(), now, compiled);
			this.revision = snapshot.revision();
			this.lastSuccess = clock.instant();
		}
		logger.info("IP whitelist: " + snapshot.rows().size() + " tenant policies loaded from the store (revision "
				+ snapshot.revision() + ")");
	}

	/**
	 * Reads the changes made since the last poll and applies them; on failure, keeps the last
	 * good policies and records the error.
	 * @return the number of tenants changed, -1 if the store could not be read
	 */
	public int poll() {
		synchronized (this.pollLock) {
			int changed = 0;
			List<JdbcTenantStore.Row> rows;
			do {
				long from;
				synchronized (this) {
					from = this.revision;
				}
				try {
					rows = this.store.changesSince(from, JdbcTenantStore.CHANGES_PER_READ);
				}
				catch (RuntimeException ex) {
					synchronized (this) {
						failed(ex);
					}
					return -1;
				}
				synchronized (this) {
					changed += apply(rows, this.clock.instant(), Map.of());
					for (JdbcTenantStore.Row row : rows) {
						this.revision = Math.max(this.revision, row.revision());
					}
				}
			}
			while (rows.size() == JdbcTenantStore.CHANGES_PER_READ);
			synchronized (this) {
				if (changed > 0) {
					logger.info("IP whitelist: " + changed + " tenant policies changed in the store applied (revision "
							+ this.revision + ")");
				}
				recovered(this.clock.instant());
			}
			return changed;
		}
	}

	/**
	 * Applies a change this instance just made, before its caller is answered.
	 * @param change the change
	 */
	public synchronized void applied(TenantChange change) {
		Long known = this.versions.get(change.tenant());
		if (known != null && known >= change.version()) {
			return;
		}
		TenantDocument after = change.after();
		Map<String, @Nullable TenantPolicy> changes = new HashMap<>();
		changes.put(change.tenant(),
				(after != null) ? compile(change.tenant(), after, change.version(), this.clock.instant()) : null);
		warnShadowed(this.loader.applyStore(changes));
		track(change.tenant(), change.version(), after == null);
		this.invalid.remove(change.tenant());
	}

	/**
	 * Records that a read or write of the management API failed because the store could not be
	 * reached.
	 * @param ex the failure
	 */
	public synchronized void storeFailed(RuntimeException ex) {
		failed(ex);
	}

	/**
	 * Returns how the store is doing.
	 * @return the status
	 */
	public synchronized StoreStatus status() {
		Map<String, String> invalidTenants = new LinkedHashMap<>();
		this.invalid.entrySet().stream().limit(MAX_INVALID_LISTED).forEach((e) -> invalidTenants.put(e.getKey(), e.getValue()));
		return new StoreStatus((this.failingSince == null) ? StoreStatus.UP : StoreStatus.UNREACHABLE, this.revision,
				this.versions.size() - this.deleted.size(), this.lastSuccess, this.lastError, this.failingSince,
				invalidTenants);
	}

	/**
	 * Applies rows newer than what this instance has; returns how many tenants changed.
	 */
	private int apply(List<JdbcTenantStore.Row> rows, Instant now, Map<String, TenantPolicy> compiled) {
		Map<String, @Nullable TenantPolicy> changes = new LinkedHashMap<>();
		Map<String, JdbcTenantStore.Row> applied = new LinkedHashMap<>();
		for (JdbcTenantStore.Row row : rows) {
			Long known = this.versions.get(row.tenant());
			if (known != null && known >= row.version()) {
				continue; // applied already, by this instance's own change
			}
			TenantDocument document = row.document();
			if (row.deleted()) {
				changes.put(row.tenant(), null);
				this.invalid.remove(row.tenant());
			}
			else if (document != null) {
				TenantPolicy policy = compiled.get(row.tenant());
				changes.put(row.tenant(), (policy != null) ? policy : compile(row.tenant(), document, row.version(), now));
				this.invalid.remove(row.tenant());
			}
			else {
				String problem = LogSafe.escape(String.valueOf(row.problem()), 300);
				this.invalid.put(row.tenant(), "version " + row.version() + ": " + problem);
				boolean hasPolicy = known != null && !this.deleted.contains(row.tenant());
				logger.error("IP whitelist: the stored policy of tenant " + row.tenant() + " (version " + row.version()
						+ ") cannot be read; " + (hasPolicy ? "its last good policy stays live"
								: "every address of it is denied until a good policy is stored")
						+ ": " + problem);
				if (!hasPolicy) {
					changes.put(row.tenant(), TenantPolicy.compile(row.tenant(), true, Mode.STRICT, List.of(), List.of(),
							this.loader.environment(), TenantJson.ORIGIN, row.version(), now));
				}
			}
			applied.put(row.tenant(), row);
		}
		if (!changes.isEmpty()) {
			warnShadowed(this.loader.applyStore(changes));
		}
		applied.forEach((tenant, row) -> track(tenant, row.version(), row.deleted()));
		return applied.size();
	}

	private void track(String tenant, long version, boolean deleted) {
		this.versions.put(tenant, version);
		if (deleted) {
			this.deleted.add(tenant);
		}
		else {
			this.deleted.remove(tenant);
		}
	}

	private void failed(RuntimeException ex) {
		Instant now = this.clock.instant();
		String message = describe(ex);
		if (this.failingSince == null) {
			this.failingSince = now;
			logger.warn("IP whitelist: the tenant store cannot be read; requests are decided from the last good "
					+ "policies (revision " + this.revision + ") until it can: " + message);
		}
		this.lastError = message;
	}

	private void recovered(Instant now) {
		if (this.failingSince != null) {
			logger.info("IP whitelist: the tenant store can be read again (revision " + this.revision + ")");
		}
		this.failingSince = null;
		this.lastError = null;
		this.lastSuccess = now;
	}

	private TenantPolicy compile(String tenant, TenantDocument document, long version, Instant now) {
		return TenantPolicy.compile(tenant, document.enabled(), document.mode(), document.allow(), document.deny(),
				this.loader.environment(), TenantJson.ORIGIN, version, now);
	}

	private void warnShadowed(Set<String> shadowed) {
		for (String tenant : shadowed) {
			logger.warn("IP whitelist: tenant " + tenant + " has a policy in the store, but " + this.loader.definedBy(tenant)
					+ " defines it; the configuration's policy applies");
		}
	}

	static String describe(Throwable ex) {
		StringBuilder text = new StringBuilder();
		Throwable cause = ex;
		for (int depth = 0; cause != null && depth < 4; depth++, cause = cause.getCause()) {
			if (text.length() > 0) {
				text.append("; caused by ");
			}
			text.append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
		}
		return LogSafe.escape(text, 600);
	}

}
