package io.github.ipwhitelist.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.ipwhitelist.address.LogSafe;
import io.github.ipwhitelist.audit.DenialHistory;
import io.github.ipwhitelist.audit.DenialRecord;
import io.github.ipwhitelist.audit.IpWhitelistDenialListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Writes denials to the durable log off the request path: a denial only adds to a count in
 * memory (one map update), and a background flush writes the counts in one batch every
 * {@code audit.flush-interval}.
 * <p>
 * <b>The bound.</b> A flush writes at most {@code maxRows} rows of distinct tenant, address,
 * code and minute. Once that many are waiting, a denial of a new address is counted in its
 * tenant's row for address {@code *} (at most {@code maxRows / 10} such rows), and beyond those
 * in the row of tenant {@code *} and address {@code *} (one per code and minute). So an attack
 * from a million addresses costs at most {@code maxRows + maxRows / 10 + 6} rows per flush, each
 * of at most {@value #MAX_ROW_BYTES} bytes of values, whatever its rate, and every denial is
 * still counted. Memory is bounded alike: two generations of pending rows.
 * <p>
 * Rows are collected in one generation while the one before is written, one flush later, so a
 * request never waits for the database, never blocks on the writer, and never adds to a row
 * already read: a denial reaches the database within two flush intervals. A batch that cannot be written (the
 * database is down) is added back into the next generation, within the same bound, and
 * written once the database answers; the state shows in health.
 */
public final class DenialLogWriter implements IpWhitelistDenialListener {

	private static final Log logger = LogFactory.getLog(DenialLogWriter.class);

	/** Address and tenant of the rows that count denials beyond the bound. */
	public static final String OTHERS = "*";

	/** Most bytes of values in one row: tenant, address, path, request id and the fixed columns. */
	public static final int MAX_ROW_BYTES = 64 + JdbcDenialLog.MAX_ADDRESS + JdbcDenialLog.MAX_PATH
			+ JdbcDenialLog.MAX_REQUEST_ID + 4 + 8 * 4;

	private final JdbcDenialLog log;

	private final int maxRows;

	private final int maxOverflowRows;

	private final Clock clock;

	private final Duration retention;

	private volatile Generation current;

	/** The generation collected before the last flush, written at the next. */
	private volatile Generation retired = new Generation();

	private final AtomicLong written = new AtomicLong();

	private final AtomicLong writtenRows = new AtomicLong();

	private final AtomicLong writtenBytes = new AtomicLong();

	private final AtomicLong overflowed = new AtomicLong();

	private final AtomicInteger largestBatch = new AtomicInteger();

	private volatile @Nullable String lastError;

	private volatile @Nullable Instant failingSince;

	private volatile @Nullable Instant lastWrite;

	private volatile Instant lastRetention = Instant.EPOCH;

	/**
	 * Creates a writer.
	 * @param log the log
	 * @param maxRows the most rows of distinct addresses a flush writes
	 * @param retention how long rows are kept
	 * @param clock the clock of retention
	 */
	public DenialLogWriter(JdbcDenialLog log, int maxRows, Duration retention, Clock clock) {
		if (maxRows < 10) {
			throw new IllegalArgumentException("maxRows must be at least 10, was " + maxRows);
		}
		this.log = log;
		this.maxRows = maxRows;
		this.maxOverflowRows = maxRows / 10;
		this.retention = retention;
		this.clock = clock;
		this.current = new Generation();
	}

	@Override
	public void onDenial(DenialRecord record) {
		add(this.current, record.tenant(), address(record.ip()), record.code(),
				minute(record.timestamp()), 1, record.timestamp(), record.timestamp(), record.path(),
				record.requestId());
	}

	/**
	 * Writes what was collected since the last flush, and deletes rows older than the retention
	 * once an hour. Called periodically on one thread.
	 */
	public synchronized void flush() {
		// The generation retired at the previous flush is written now: a request that read it
		// just before it was retired has long finished adding to it.
		Generation done = this.retired;
		this.retired = this.current;
		this.current = new Generation();
		write(done.rows());
	}

	/**
	 * Writes everything collected, the current generation included (at shutdown).
	 */
	public synchronized void close() {
		Generation retiredNow = this.retired;
		Generation currentNow = this.current;
		this.retired = new Generation();
		this.current = new Generation();
		List<DenialHistory.Row> rows = new ArrayList<>(retiredNow.rows());
		rows.addAll(currentNow.rows());
		write(rows);
	}

	private void write(List<DenialHistory.Row> collected) {
		List<DenialHistory.Row> rows = collected;
		if (rows.size() > rowBound()) {
			// A backlog (rows kept through an outage): the oldest go now, the rest at the next flushes.
			rows = new ArrayList<>(collected);
			rows.sort(java.util.Comparator.comparing(DenialHistory.Row::minute));
			Generation next = this.current;
			for (DenialHistory.Row row : rows.subList(rowBound(), rows.size())) {
				add(next, row.tenant(), row.address(), row.code(), row.minute(), row.count(), row.firstSeen(),
						row.lastSeen(), row.lastPath(), row.lastRequestId());
			}
			rows = List.copyOf(rows.subList(0, rowBound()));
		}
		if (!rows.isEmpty()) {
			try {
				this.log.write(rows);
				long denials = 0;
				long bytes = 0;
				for (DenialHistory.Row row : rows) {
					denials += row.count();
					bytes += bytes(row);
				}
				this.written.addAndGet(denials);
				this.writtenRows.addAndGet(rows.size());
				this.writtenBytes.addAndGet(bytes);
				this.largestBatch.accumulateAndGet(rows.size(), Math::max);
				this.lastWrite = this.clock.instant();
				if (this.lastError != null) {
					logger.info("IP whitelist: the denial log is written again");
				}
				this.lastError = null;
				this.failingSince = null;
			}
			catch (RuntimeException ex) {
				Throwable cause = org.springframework.core.NestedExceptionUtils.getMostSpecificCause(ex);
				String why = LogSafe.escape(cause.getClass().getSimpleName() + ": " + cause.getMessage(), 300);
				if (this.lastError == null) {
					logger.warn("IP whitelist: the denial log cannot be written (" + why + "); denials are counted in "
							+ "memory, within the writer's bound, until it can");
					this.failingSince = this.clock.instant();
				}
				this.lastError = why;
				Generation next = this.current;
				for (DenialHistory.Row row : rows) {
					add(next, row.tenant(), row.address(), row.code(), row.minute(), row.count(), row.firstSeen(),
							row.lastSeen(), row.lastPath(), row.lastRequestId());
				}
			}
		}
		Instant now = this.clock.instant();
		if (Duration.between(this.lastRetention, now).compareTo(Duration.ofHours(1)) >= 0) {
			try {
				int deleted = this.log.deleteBefore(now.minus(this.retention));
				this.lastRetention = now;
				if (deleted > 0) {
					logger.debug("IP whitelist: " + deleted + " denial log rows older than " + this.retention + " deleted");
				}
			}
			catch (RuntimeException ex) {
				logger.debug("IP whitelist: deleting old denial log rows failed; trying again at the next flush", ex);
			}
		}
	}

	/**
	 * Returns the writer's state, as health shows it.
	 * @return the state
	 */
	public Status status() {
		return new Status(this.lastError == null, this.current.size() + this.retired.size(), this.written.get(), this.writtenRows.get(),
				this.writtenBytes.get(), this.largestBatch.get(), this.overflowed.get(), this.lastWrite,
				this.lastError, this.failingSince);
	}

	/**
	 * Returns the most rows one flush writes.
	 * @return {@code maxRows + maxRows / 10 + 6}
	 */
	public int rowBound() {
		return this.maxRows + this.maxOverflowRows + 6;
	}

	private void add(Generation generation, @Nullable String tenant, String address, int code, Instant minute,
			long count, Instant first, Instant last, String path, String requestId) {
		Key key = new Key(tenant, address, code, minute);
		Pending pending = generation.rows.get(key);
		if (pending == null) {
			boolean others = OTHERS.equals(address);
			// A slot is taken before the row is made, so that concurrent requests never overshoot.
			if (!others && !generation.take(generation.distinct, this.maxRows)) {
				this.overflowed.addAndGet(count);
				key = new Key(tenant, OTHERS, code, minute);
				others = true;
				pending = generation.rows.get(key);
			}
			if (pending == null && others && !OTHERS.equals(key.tenant())
					&& !generation.take(generation.overflow, this.maxOverflowRows)) {
				key = new Key(OTHERS, OTHERS, code, minute);
				pending = generation.rows.get(key);
			}
			if (pending == null) {
				Pending created = new Pending();
				pending = generation.rows.putIfAbsent(key, created);
				if (pending == null) {
					pending = created;
				}
			}
		}
		pending.add(count, first, last, path, requestId);
	}

	/**
	 * The address as stored: the canonical text of a resolved client, or the escaped text of a
	 * malformed value, cut to the column's width.
	 */
	static String address(String text) {
		String escaped = LogSafe.escape(text, JdbcDenialLog.MAX_ADDRESS);
		return (escaped.length() <= JdbcDenialLog.MAX_ADDRESS) ? escaped
				: escaped.substring(0, JdbcDenialLog.MAX_ADDRESS - 3) + "...";
	}

	private static Instant minute(Instant time) {
		return Instant.ofEpochSecond(Math.floorDiv(time.getEpochSecond(), 60) * 60);
	}

	private static long bytes(DenialHistory.Row row) {
		String tenant = (row.tenant() != null) ? row.tenant() : "";
		return tenant.length() + row.address().length() + row.lastPath().length() + row.lastRequestId().length() + 4
				+ 8 * 4;
	}

	private record Key(@Nullable String tenant, String address, int code, Instant minute) {

	}

	/** One generation of pending rows. */
	private static final class Generation {

		final Map<Key, Pending> rows = new ConcurrentHashMap<>();

		final AtomicInteger distinct = new AtomicInteger();

		final AtomicInteger overflow = new AtomicInteger();

		int size() {
			return this.rows.size();
		}

		/** Takes one of a counter's slots, if one is left below the bound. */
		boolean take(AtomicInteger counter, int bound) {
			if (counter.incrementAndGet() <= bound) {
				return true;
			}
			counter.decrementAndGet();
			return false;
		}

		List<DenialHistory.Row> rows() {
			List<DenialHistory.Row> result = new ArrayList<>(this.rows.size());
			this.rows.forEach((key, pending) -> result.add(pending.row(key)));
			return result;
		}

	}

	/** The counts of one row, updated by concurrent requests. */
	private static final class Pending {

		private long count;

		private @Nullable Instant first;

		private @Nullable Instant last;

		private String path = "";

		private String requestId = "";

		synchronized void add(long count, Instant first, Instant last, String path, String requestId) {
			this.count += count;
			if (this.first == null || first.isBefore(this.first)) {
				this.first = first;
			}
			if (this.last == null || !last.isBefore(this.last)) {
				this.last = last;
				this.path = truncate(path, JdbcDenialLog.MAX_PATH);
				this.requestId = truncate(requestId, JdbcDenialLog.MAX_REQUEST_ID);
			}
		}

		synchronized DenialHistory.Row row(Key key) {
			Instant firstSeen = (this.first != null) ? this.first : key.minute();
			Instant lastSeen = (this.last != null) ? this.last : firstSeen;
			return new DenialHistory.Row(key.tenant(), key.address(), key.code(), key.minute(), this.count, firstSeen,
					lastSeen, this.path, this.requestId);
		}

		private static String truncate(String text, int max) {
			return (text.length() <= max) ? text : text.substring(0, max);
		}

	}

	/**
	 * The writer's state.
	 *
	 * @param up whether the last flush was written
	 * @param pendingRows rows collected and not yet written
	 * @param writtenDenials denials written since start
	 * @param writtenRows rows written since start (a row of a later flush may add to a stored one)
	 * @param writtenBytes bytes of values written since start
	 * @param largestBatch the most rows one flush wrote
	 * @param overflowed denials counted in a row of address {@code *} since start
	 * @param lastWrite when a batch was last written
	 * @param lastError why the last flush failed, {@code null} if it did not
	 * @param failingSince since when flushes fail
	 */
	public record Status(boolean up, int pendingRows, long writtenDenials, long writtenRows, long writtenBytes,
			int largestBatch, long overflowed, @Nullable Instant lastWrite, @Nullable String lastError,
			@Nullable Instant failingSince) {

	}

}
