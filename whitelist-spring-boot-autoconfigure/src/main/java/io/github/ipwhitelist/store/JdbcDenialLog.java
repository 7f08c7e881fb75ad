package io.github.ipwhitelist.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.github.ipwhitelist.audit.DenialHistory;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The durable denial log in the application's database: one row per tenant, address, code and
 * minute ({@code IPWL_DENIAL}), with a count that every instance adds to. Rows are written in
 * batches by {@link DenialLogWriter}, each batch in key order, so that instances writing the
 * same rows at once never deadlock.
 */
public final class JdbcDenialLog implements DenialHistory {

	/** The tenant column's value for a denial that named no tenant. */
	public static final String NO_TENANT = "";

	/** Longest path kept. */
	public static final int MAX_PATH = 256;

	/** Longest request id kept. */
	public static final int MAX_REQUEST_ID = 128;

	/** Longest address text kept (a malformed value, escaped). */
	public static final int MAX_ADDRESS = 100;

	private static final String COLUMNS = "TENANT_ID, ADDRESS, CODE, MINUTE_START, DENIALS, FIRST_SEEN, LAST_SEEN, LAST_PATH, "
			+ "LAST_REQUEST_ID";

	private final JdbcTemplate jdbc;

	private final JdbcClient client;

	private final TransactionTemplate transactions;

	private final String table;

	private final Supplier<Boolean> prepare;

	private volatile @Nullable String upsert;

	/**
	 * Creates the log.
	 * @param dataSource the application's database
	 * @param tablePrefix the prefix of the starter's tables
	 * @param postgres whether the database is PostgreSQL (else H2, whose MERGE is used)
	 */
	public JdbcDenialLog(DataSource dataSource, String tablePrefix, boolean postgres) {
		this(dataSource, tablePrefix, () -> postgres);
	}

	/**
	 * Creates the log of a database that may not be reachable yet: its table and dialect are
	 * settled at the first write or query that reaches it.
	 * @param dataSource the application's database
	 * @param tablePrefix the prefix of the starter's tables
	 * @param prepare creates the table if need be and says whether the database is PostgreSQL
	 * (else H2); it throws while the database cannot be reached, and is called again then
	 */
	public JdbcDenialLog(DataSource dataSource, String tablePrefix, Supplier<Boolean> prepare) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.client = JdbcClient.create(dataSource);
		this.table = tablePrefix + "DENIAL";
		this.prepare = prepare;
	}

	/**
	 * Returns the upsert of this database, settling its table and dialect at the first call that
	 * reaches it (every write and query goes through here first).
	 */
	private String prepared() {
		String upsert = this.upsert;
		if (upsert == null) {
			upsert = upsert(this.table, this.prepare.get());
			this.upsert = upsert;
		}
		return upsert;
	}

	private static String upsert(String table, boolean postgres) {
		String later = "S.LAST_SEEN >= T.LAST_SEEN";
		String set = " DENIALS = T.DENIALS + S.DENIALS, FIRST_SEEN = LEAST(T.FIRST_SEEN, S.FIRST_SEEN), "
				+ "LAST_PATH = CASE WHEN " + later + " THEN S.LAST_PATH ELSE T.LAST_PATH END, "
				+ "LAST_REQUEST_ID = CASE WHEN " + later + " THEN S.LAST_REQUEST_ID ELSE T.LAST_REQUEST_ID END, "
				+ "LAST_SEEN = GREATEST(T.LAST_SEEN, S.LAST_SEEN)";
		if (postgres) {
			return "INSERT INTO " + table + " AS T (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
					+ "ON CONFLICT (TENANT_ID, ADDRESS, CODE, MINUTE_START) DO UPDATE SET"
					+ set.replace("S.", "EXCLUDED.");
		}
		return "MERGE INTO " + table + " T USING (VALUES (CAST(? AS VARCHAR(64)), "
				+ "CAST(? AS VARCHAR(100)), CAST(? AS INTEGER), CAST(? AS TIMESTAMP WITH TIME ZONE), "
				+ "CAST(? AS BIGINT), CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE), "
				+ "CAST(? AS VARCHAR(256)), CAST(? AS VARCHAR(128)))) S(" + COLUMNS + ") "
				+ "ON T.TENANT_ID = S.TENANT_ID AND T.ADDRESS = S.ADDRESS AND T.CODE = S.CODE "
				+ "AND T.MINUTE_START = S.MINUTE_START WHEN MATCHED THEN UPDATE SET" + set
				+ " WHEN NOT MATCHED THEN INSERT (" + COLUMNS + ") VALUES (S." + COLUMNS.replace(", ", ", S.") + ")";
	}

	/**
	 * Adds rows: a row of the same tenant, address, code and minute adds its count to the stored
	 * one and keeps the later last denial.
	 * @param rows the rows, in any order
	 */
	public void write(List<DenialHistory.Row> rows) {
		List<DenialHistory.Row> sorted = new ArrayList<>(rows);
		sorted.sort(Comparator.comparing((DenialHistory.Row row) -> tenantColumn(row.tenant()))
			.thenComparing(DenialHistory.Row::address)
			.thenComparingInt(DenialHistory.Row::code)
			.thenComparing(DenialHistory.Row::minute));
		// One transaction: a batch is written whole or not at all, so a failed one can be added
		// back and written again without counting any of its denials twice.
		String upsert = prepared();
		this.transactions.executeWithoutResult((status) -> this.jdbc.batchUpdate(upsert,
				new BatchPreparedStatementSetter() {

			@Override
			public void setValues(PreparedStatement statement, int i) throws SQLException {
				DenialHistory.Row row = sorted.get(i);
				statement.setString(1, tenantColumn(row.tenant()));
				statement.setString(2, row.address());
				statement.setInt(3, row.code());
				statement.setObject(4, time(row.minute()));
				statement.setLong(5, row.count());
				statement.setObject(6, time(row.firstSeen()));
				statement.setObject(7, time(row.lastSeen()));
				statement.setString(8, row.lastPath());
				statement.setString(9, row.lastRequestId());
			}

			@Override
			public int getBatchSize() {
				return sorted.size();
			}

		}));
	}

	@Override
	public DenialHistory.Page query(DenialHistory.Query query) {
		prepared();
		StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM " + this.table + " WHERE 1 = 1");
		List<Object> parameters = new ArrayList<>();
		if (query.tenant() != null) {
			sql.append(" AND TENANT_ID = ?");
			parameters.add(query.tenant());
		}
		if (query.since() != null) {
			// The minute index bounds the scan; the last denial decides.
			sql.append(" AND MINUTE_START >= ? AND LAST_SEEN >= ?");
			parameters.add(time(Instant.ofEpochSecond(query.since().getEpochSecond() / 60 * 60)));
			parameters.add(time(query.since()));
		}
		if (query.until() != null) {
			sql.append(" AND MINUTE_START <= ? AND FIRST_SEEN <= ?");
			parameters.add(time(query.until()));
			parameters.add(time(query.until()));
		}
		if (query.address() != null) {
			sql.append(" AND ADDRESS = ?");
			parameters.add(query.address());
		}
		sql.append(" ORDER BY MINUTE_START DESC, LAST_SEEN DESC, TENANT_ID, ADDRESS, CODE LIMIT ? OFFSET ?");
		parameters.add(query.size() + 1);
		parameters.add((long) query.page() * query.size());
		List<DenialHistory.Row> rows = this.client.sql(sql.toString())
			.params(parameters)
			.query((rs, n) -> new DenialHistory.Row(tenantOf(rs.getString(1)), rs.getString(2), rs.getInt(3),
					instant(rs.getObject(4, OffsetDateTime.class)), rs.getLong(5),
					instant(rs.getObject(6, OffsetDateTime.class)), instant(rs.getObject(7, OffsetDateTime.class)),
					rs.getString(8), rs.getString(9)))
			.list();
		boolean more = rows.size() > query.size();
		return new DenialHistory.Page(more ? List.copyOf(rows.subList(0, query.size())) : rows, query.page(),
				query.size(), more);
	}

	/**
	 * Deletes the rows of minutes before an instant (retention).
	 * @param cutoff the first minute kept
	 * @return the rows deleted
	 */
	public int deleteBefore(Instant cutoff) {
		return this.client.sql("DELETE FROM " + this.table + " WHERE MINUTE_START < ?")
			.params(Arrays.asList(time(cutoff)))
			.update();
	}

	/**
	 * Returns how many rows the log holds, and the denials they count.
	 * @return {rows, denials}
	 */
	public long[] totals() {
		return this.client.sql("SELECT COUNT(*), COALESCE(SUM(DENIALS), 0) FROM " + this.table)
			.query((rs, n) -> new long[] { rs.getLong(1), rs.getLong(2) })
			.single();
	}

	private static String tenantColumn(@Nullable String tenant) {
		return (tenant != null) ? tenant : NO_TENANT;
	}

	private static @Nullable String tenantOf(String column) {
		return NO_TENANT.equals(column) ? null : column;
	}

	private static OffsetDateTime time(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	private static Instant instant(@Nullable OffsetDateTime time) {
		if (time == null) {
			throw new IllegalStateException("A stored denial row has no time");
		}
		return time.toInstant();
	}

}
