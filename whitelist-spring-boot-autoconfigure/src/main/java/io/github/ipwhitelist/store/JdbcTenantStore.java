package io.github.ipwhitelist.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.github.ipwhitelist.rules.Mode;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tenant store in the application's database, through {@link JdbcClient}.
 * <p>
 * Three tables, named with the configured prefix: {@code STATE} holds one row with the store's
 * revision; {@code TENANT} one row per tenant that ever had a policy (a deleted one keeps its
 * row, marked deleted, so that its version never goes back); {@code TENANT_HISTORY} one row per
 * change. Every change runs in its own transaction that increments the revision: the
 * row lock this takes orders all changes, so revisions become visible in the order they are
 * numbered and a reader that has seen revision {@code N} never later finds a change below it.
 * On PostgreSQL the revision is taken last (the tenant's own row is locked first, then one
 * statement writes everything), so that this lock is held for as short a time as possible.
 * That makes {@link #changesSince(long)} a complete feed of changes.
 */
public final class JdbcTenantStore {

	/** What a table prefix may be: a letter, then letters, digits and underscores. */
	public static final Pattern PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,29}");

	/** An expected version that any existing policy matches ({@code If-Match: *}). */
	public static final long ANY_VERSION = -1;

	/** Longest a statement may run before it is cancelled (a poll never hangs on a lost connection). */
	static final int QUERY_TIMEOUT_SECONDS = 30;

	/** Most changed tenants read by one query of a poll (a poll reads on until it has them all). */
	public static final int CHANGES_PER_READ = 1000;

	private static final String COLUMNS = "TENANT_ID, ENABLED, MODE, ALLOW_ENTRIES, DENY_ENTRIES, VERSION, REVISION, "
			+ "DELETED, CHANGED_AT, CHANGED_BY";

	private final JdbcClient jdbc;

	private final TransactionTemplate writes;

	private final TransactionTemplate snapshots;

	private final Clock clock;

	private final String state;

	private final String tenants;

	private final String history;

	/** Whether the database is PostgreSQL, once known. */
	private volatile @Nullable Boolean postgresql;

	/**
	 * Creates a store over a data source.
	 * @param dataSource the application's data source
	 * @param tablePrefix the prefix of the tables ({@link #PREFIX})
	 * @param clock the clock of change times
	 */
	public JdbcTenantStore(DataSource dataSource, String tablePrefix, Clock clock) {
		if (!PREFIX.matcher(tablePrefix).matches()) {
			throw new IllegalArgumentException("not a table prefix: " + tablePrefix);
		}
		JdbcTemplate template = new JdbcTemplate(dataSource);
		template.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
		this.jdbc = JdbcClient.create(template);
		DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
		this.writes = new TransactionTemplate(transactions);
		this.writes.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.snapshots = new TransactionTemplate(transactions);
		this.snapshots.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.snapshots.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.snapshots.setReadOnly(true);
		this.clock = clock;
		this.state = tablePrefix + "STATE";
		this.tenants = tablePrefix + "TENANT";
		this.history = tablePrefix + "TENANT_HISTORY";
	}

	/**
	 * Reads every live policy and the revision they are at, in one consistent snapshot.
	 * @return the policies
	 * @throws DataAccessException if the database cannot be read
	 */
	public Snapshot loadAll() {
		Snapshot snapshot = this.snapshots.execute((status) -> {
			long revision = revision();
			List<RawRow> raw = this.jdbc.sql("SELECT " + COLUMNS + " FROM " + this.tenants + " WHERE DELETED = FALSE")
				.query(JdbcTenantStore::raw)
				.list();
			// Reading the JSON of a million entries is most of a startup: on every core.
			return new Snapshot(revision, raw.parallelStream().map(RawRow::parse).toList());
		});
		return java.util.Objects.requireNonNull(snapshot);
	}

	/**
	 * Returns the store's revision: the number of changes ever made.
	 * @return the revision
	 */
	public long revision() {
		return this.jdbc.sql("SELECT REVISION FROM " + this.state + " WHERE ID = 1")
			.query(Long.class)
			.optional()
			.orElseThrow(this::missingStateRow);
	}

	/**
	 * Reads the tenants changed after a revision, deleted ones included, in revision order.
	 * @param revision the revision already seen
	 * @return the changed tenants (each at its newest state)
	 */
	public List<Row> changesSince(long revision) {
		return changesSince(revision, CHANGES_PER_READ);
	}

	/**
	 * Reads at most {@code limit} tenants changed after a revision, in revision order. The limit
	 * also keeps the query on the revision index whatever plan the database caches for it (a
	 * generic plan of {@code REVISION > ?} alone may scan the whole table).
	 * @param revision the revision already seen
	 * @param limit the most rows returned
	 * @return the changed tenants (each at its newest state)
	 */
	public List<Row> changesSince(long revision, int limit) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM " + this.tenants + " WHERE REVISION > ? ORDER BY REVISION LIMIT ?")
			.param(revision)
			.param(limit)
			.query(JdbcTenantStore::row)
			.list();
	}

	/**
	 * Reads a tenant's policy.
	 * @param tenant the tenant id
	 * @return the policy, empty if it has none
	 */
	public Optional<StoredTenant> find(String tenant) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM " + this.tenants + " WHERE TENANT_ID = ?")
			.param(tenant)
			.query(JdbcTenantStore::row)
			.optional()
			.filter((row) -> !row.deleted())
			.map(Row::stored);
	}

	/**
	 * Reads a tenant's history, newest first.
	 * @param tenant the tenant id
	 * @return its changes, empty if it never had a policy in the store
	 */
	public List<TenantChange> history(String tenant) {
		return this.jdbc
			.sql("SELECT TENANT_ID, VERSION, CHANGED_AT, CHANGED_BY, ACTION, REASON, BEFORE_STATE, AFTER_STATE FROM "
					+ this.history + " WHERE TENANT_ID = ? ORDER BY VERSION DESC")
			.param(tenant)
			.query((rs, n) -> new TenantChange(rs.getString(1), rs.getLong(2), instant(rs, 3), rs.getString(4),
					rs.getString(5), rs.getString(6), TenantJson.readHistory(rs.getString(7)),
					TenantJson.readHistory(rs.getString(8))))
			.list();
	}

	/**
	 * Changes a tenant's policy in one transaction: checks the expected version, computes the new
	 * policy from the current one, writes it with the next version, and adds the change to the
	 * history. If anything fails, nothing is written.
	 * @param tenant the tenant id
	 * @param expectedVersion the version the caller read ({@code If-Match}), {@code null} for
	 * whatever is there, {@link #ANY_VERSION} for any existing policy
	 * @param by who makes the change
	 * @param action what the change is ({@link TenantChange#REPLACE}, ...)
	 * @param reason why, {@code null} if not said
	 * @param edit from the current policy ({@code null} if none) to the new one ({@code null} to
	 * delete); may throw to refuse the change
	 * @return the change made
	 * @throws StaleVersionException if the expected version is not the current one
	 */
	public TenantChange change(String tenant, @Nullable Long expectedVersion, String by, String action,
			@Nullable String reason, UnaryOperator<@Nullable TenantDocument> edit) {
		try {
			return java.util.Objects.requireNonNull(
					this.writes.execute((status) -> changeOnce(tenant, expectedVersion, by, action, reason, edit)));
		}
		catch (DuplicateKeyException ex) {
			// Another instance created the same tenant at the same moment: its row is there now,
			// and this change is made on top of it (or refused as stale).
			return java.util.Objects.requireNonNull(
					this.writes.execute((status) -> changeOnce(tenant, expectedVersion, by, action, reason, edit)));
		}
	}

	/**
	 * One attempt at a change. The tenant's row is locked first and everything is written
	 * before the store's revision is taken: the revision row's lock, which orders all changes
	 * of the fleet, is held only from that last statement to the commit.
	 */
	private TenantChange changeOnce(String tenant, @Nullable Long expectedVersion, String by, String action,
			@Nullable String reason, UnaryOperator<@Nullable TenantDocument> edit) {
		Optional<Row> row = this.jdbc
			.sql("SELECT " + COLUMNS + " FROM " + this.tenants + " WHERE TENANT_ID = ? FOR UPDATE")
			.param(tenant)
			.query(JdbcTenantStore::row)
			.optional();
		Row live = row.filter((r) -> !r.deleted()).orElse(null);
		long current = row.map(Row::version).orElse(0L);
		if (expectedVersion != null && (live == null || (expectedVersion != ANY_VERSION && expectedVersion != current))) {
			throw new StaleVersionException(tenant, expectedVersion, (live != null) ? current : 0);
		}
		TenantDocument before = (live != null) ? live.document() : null;
		TenantDocument after;
		if (live != null && before == null) {
			// What is stored cannot be read: it can only be replaced or deleted.
			if (action.equals(TenantChange.DELETE)) {
				after = null;
			}
			else if (action.equals(TenantChange.REPLACE)) {
				after = edit.apply(null);
			}
			else {
				throw new InvalidTenantChangeException(List.of(new Violation("tenant", tenant,
						"its stored policy cannot be read (" + live.problem() + "); replace it (PUT) or delete it")));
			}
		}
		else {
			after = edit.apply(before);
		}
		if (live == null && after == null) {
			throw new TenantNotFoundException("Tenant " + tenant + " has no policy in the store");
		}
		long version = current + 1;
		Instant at = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		OffsetDateTime time = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
		TenantDocument written = (after != null) ? after
				: (before != null) ? before : new TenantDocument(false, Mode.STRICT, List.of(), List.of());
		String allow = TenantJson.stored(written.allow());
		String deny = TenantJson.stored(written.deny());
		String beforeJson = (before != null) ? TenantJson.text(TenantJson.write(before)) : null;
		String afterJson = (after != null) ? TenantJson.text(TenantJson.write(after)) : null;
		List<Object> history = Arrays.asList(tenant, version, time, by, action, reason, beforeJson, afterJson);
		String historyColumns = "INSERT INTO " + this.history + " (TENANT_ID, VERSION, CHANGED_AT, CHANGED_BY, ACTION, "
				+ "REASON, BEFORE_STATE, AFTER_STATE) ";
		String historyInsert = historyColumns + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
		if (isPostgresql()) {
			// One statement writes the tenant and its history and takes the revision: the lock of
			// the revision row is held from it to the commit, no longer.
			String next = "WITH NEXT AS (UPDATE " + this.state + " SET REVISION = REVISION + 1 WHERE ID = 1 "
					+ "RETURNING REVISION), HISTORY AS (" + historyColumns + "SELECT ?, ?, ?, ?, ?, ?, ?, ? FROM NEXT) ";
			List<Object> params = new java.util.ArrayList<>(history);
			int written2;
			if (row.isPresent()) {
				params.addAll(Arrays.asList(written.enabled(), TenantJson.mode(written.mode()), allow, deny, version,
						after == null, time, by, tenant));
				written2 = this.jdbc.sql(next + "UPDATE " + this.tenants + " SET ENABLED = ?, MODE = ?, "
						+ "ALLOW_ENTRIES = ?, DENY_ENTRIES = ?, VERSION = ?, DELETED = ?, CHANGED_AT = ?, CHANGED_BY = ?, "
						+ "REVISION = (SELECT REVISION FROM NEXT) WHERE TENANT_ID = ?").params(params).update();
			}
			else {
				params.addAll(Arrays.asList(tenant, written.enabled(), TenantJson.mode(written.mode()), allow, deny,
						version, after == null, time, by));
				written2 = this.jdbc.sql(next + "INSERT INTO " + this.tenants + " (" + COLUMNS + ") SELECT ?, ?, ?, ?, ?, "
						+ "?, REVISION, ?, ?, ? FROM NEXT").params(params).update();
			}
			if (written2 != 1) {
				throw missingStateRow();
			}
		}
		else {
			// An embedded database has no round trips to save: the revision first (its lock also
			// makes a concurrent creation of the same tenant wait, then fail as a duplicate).
			long revision = nextRevision();
			if (row.isPresent()) {
				this.jdbc
					.sql("UPDATE " + this.tenants + " SET ENABLED = ?, MODE = ?, ALLOW_ENTRIES = ?, DENY_ENTRIES = ?, "
							+ "VERSION = ?, REVISION = ?, DELETED = ?, CHANGED_AT = ?, CHANGED_BY = ? WHERE TENANT_ID = ?")
					.params(Arrays.asList(written.enabled(), TenantJson.mode(written.mode()), allow, deny, version,
							revision, after == null, time, by, tenant))
					.update();
			}
			else {
				this.jdbc.sql("INSERT INTO " + this.tenants + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
					.params(Arrays.asList(tenant, written.enabled(), TenantJson.mode(written.mode()), allow, deny,
							version, revision, after == null, time, by))
					.update();
			}
			this.jdbc.sql(historyInsert).params(history).update();
		}
		return new TenantChange(tenant, version, at, by, action, reason, before, after);
	}

	/**
	 * Takes the store's next revision (the databases other than PostgreSQL, where the change
	 * takes it in the statement that writes the tenant).
	 */
	private long nextRevision() {
		int bumped = this.jdbc.sql("UPDATE " + this.state + " SET REVISION = REVISION + 1 WHERE ID = 1").update();
		if (bumped != 1) {
			throw missingStateRow();
		}
		return revision();
	}

	private IllegalStateException missingStateRow() {
		return new IllegalStateException(
				"The table " + this.state + " has no row; create the tables with the starter's schema script");
	}

	private boolean isPostgresql() {
		Boolean postgresql = this.postgresql;
		if (postgresql == null) {
			String product = this.jdbc.sql("SELECT 1").query((rs, n) -> rs.getStatement()
				.getConnection()
				.getMetaData()
				.getDatabaseProductName()).single();
			postgresql = product.toLowerCase(java.util.Locale.ROOT).contains("postgresql");
			this.postgresql = postgresql;
		}
		return postgresql;
	}

	private static Row row(ResultSet rs, int rowNum) throws SQLException {
		return raw(rs, rowNum).parse();
	}

	private static RawRow raw(ResultSet rs, int rowNum) throws SQLException {
		return new RawRow(rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getString(4), rs.getString(5),
				rs.getLong(6), rs.getLong(7), rs.getBoolean(8), instant(rs, 9), rs.getString(10));
	}

	/**
	 * A tenant's row as read, its policy not yet parsed.
	 */
	private record RawRow(String tenant, boolean enabled, String mode, String allow, String deny, long version,
			long revision, boolean deleted, Instant changedAt, String changedBy) {

		Row parse() {
			TenantDocument document = null;
			String problem = null;
			try {
				document = TenantJson.readStored(this.tenant, this.enabled, this.mode, this.allow, this.deny);
			}
			catch (RuntimeException ex) {
				problem = String.valueOf(ex.getMessage());
			}
			return new Row(this.tenant, document, problem, this.version, this.revision, this.deleted, this.changedAt,
					this.changedBy);
		}

	}

	private static Instant instant(ResultSet rs, int column) throws SQLException {
		OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
		return time.toInstant();
	}

	/**
	 * Every live policy at one revision.
	 *
	 * @param revision the revision
	 * @param rows the live policies
	 */
	public record Snapshot(long revision, List<Row> rows) {

		public Snapshot {
			rows = List.copyOf(rows);
		}

	}

	/**
	 * A tenant's row.
	 *
	 * @param tenant the tenant id
	 * @param document its policy (the last one, if deleted), {@code null} if what is stored
	 * cannot be read (edited by hand, or written by a newer version of the starter)
	 * @param problem why the policy cannot be read, {@code null} if it can
	 * @param version its version
	 * @param revision the store revision of its last change
	 * @param deleted whether its policy was deleted
	 * @param changedAt when it was last changed
	 * @param changedBy who last changed it
	 */
	public record Row(String tenant, @Nullable TenantDocument document, @Nullable String problem, long version,
			long revision, boolean deleted, Instant changedAt, String changedBy) {

		StoredTenant stored() {
			return new StoredTenant(this.tenant, readable(), this.version, this.changedAt, this.changedBy);
		}

		/**
		 * Returns the policy.
		 * @throws IllegalStateException if what is stored cannot be read
		 */
		TenantDocument readable() {
			if (this.document == null) {
				throw new IllegalStateException(String.valueOf(this.problem));
			}
			return this.document;
		}

	}

}
