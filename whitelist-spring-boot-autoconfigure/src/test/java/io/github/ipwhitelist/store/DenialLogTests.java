package io.github.ipwhitelist.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.github.ipwhitelist.audit.DenialHistory;
import io.github.ipwhitelist.audit.DenialRecord;
import io.github.ipwhitelist.it.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The durable denial log on a real database (PostgreSQL and H2 in the subclasses): denials are
 * counted per tenant, address, code and minute, by several writers (instances) into the same
 * rows; read back newest first, filtered and paged; kept through a database outage; deleted
 * after the retention; and an attack from a million addresses stays within the writer's bound
 * with every denial counted.
 */
abstract class DenialLogTests {

	static final Instant T0 = Instant.parse("2026-12-03T10:00:05Z");

	final MutableClock clock = new MutableClock(T0);

	DataSource dataSource;

	JdbcDenialLog log;

	abstract DataSource newDataSource();

	abstract boolean postgres();

	@BeforeEach
	void createTable() {
		this.dataSource = newDataSource();
		new ResourceDatabasePopulator(new ClassPathResource(
				"io/github/ipwhitelist/store/denials.sql"))
			.execute(this.dataSource);
		this.log = new JdbcDenialLog(this.dataSource, "IPWL_", postgres());
	}

	DenialLogWriter writer(int maxRows) {
		return new DenialLogWriter(this.log, maxRows, Duration.ofDays(30), this.clock);
	}

	static DenialRecord denial(Instant at, String ip, int code, String tenant, String path, String requestId) {
		return new DenialRecord(at, ip, "GET", path, code, requestId, "not listed", tenant,
				(tenant != null) ? DenialRecord.TENANT_GATE : DenialRecord.GLOBAL_GATE);
	}

	static void flushAll(DenialLogWriter writer) {
		writer.flush();
		writer.flush();
	}

	@Test
	void denialsAreCountedPerTenantAddressCodeAndMinuteAcrossInstances() {
		DenialLogWriter first = writer(100);
		DenialLogWriter second = writer(100);
		first.onDenial(denial(T0, "203.0.113.7", 1451, "acme", "/api/a", "r1"));
		first.onDenial(denial(T0.plusSeconds(10), "203.0.113.7", 1451, "acme", "/api/b", "r2"));
		second.onDenial(denial(T0.plusSeconds(20), "203.0.113.7", 1451, "acme", "/api/c", "r3"));
		second.onDenial(denial(T0.plusSeconds(30), "203.0.113.7", 1453, "acme", "/api/d", "r4"));
		second.onDenial(denial(T0.plusSeconds(70), "203.0.113.7", 1451, "acme", "/api/e", "r5"));
		first.onDenial(denial(T0.plusSeconds(5), "198.51.100.1", 1451, null, "/api/f", "r6"));
		// Nothing is written before the flush after next (a request may still be adding to a row).
		first.flush();
		assertThat(this.log.totals()[0]).isZero();
		flushAll(first);
		flushAll(second);
		List<DenialHistory.Row> acme = this.log.query(new DenialHistory.Query("acme", null, null, null, 0, 10))
			.denials();
		assertThat(acme).hasSize(3);
		DenialHistory.Row newest = acme.get(0);
		assertThat(newest.minute()).isEqualTo(Instant.parse("2026-12-03T10:01:00Z"));
		assertThat(newest.count()).isEqualTo(1);
		DenialHistory.Row merged = acme.stream()
			.filter((row) -> row.code() == 1451 && row.minute().equals(Instant.parse("2026-12-03T10:00:00Z")))
			.findFirst()
			.orElseThrow();
		assertThat(merged.count()).isEqualTo(3);
		assertThat(merged.firstSeen()).isEqualTo(T0);
		assertThat(merged.lastSeen()).isEqualTo(T0.plusSeconds(20));
		assertThat(merged.lastPath()).isEqualTo("/api/c");
		assertThat(merged.lastRequestId()).isEqualTo("r3");
		assertThat(merged.tenant()).isEqualTo("acme");
		// The global view holds every tenant's rows and those that named none.
		List<DenialHistory.Row> all = this.log.query(new DenialHistory.Query(null, null, null, null, 0, 10)).denials();
		assertThat(all).hasSize(4);
		assertThat(all).filteredOn((row) -> row.tenant() == null).singleElement()
			.satisfies((row) -> assertThat(row.address()).isEqualTo("198.51.100.1"));
		assertThat(this.log.totals()[1]).isEqualTo(6);
	}

	@Test
	void queriesFilterByTimeAndAddressNewestFirstInPages() {
		DenialLogWriter writer = writer(1000);
		for (int minute = 0; minute < 30; minute++) {
			writer.onDenial(denial(T0.plusSeconds(60L * minute), "203.0.113." + (minute % 3), 1451, "acme", "/p",
					"r" + minute));
		}
		flushAll(writer);
		DenialHistory.Page first = this.log.query(new DenialHistory.Query("acme", null, null, null, 0, 10));
		assertThat(first.denials()).hasSize(10);
		assertThat(first.more()).isTrue();
		assertThat(first.denials().get(0).lastRequestId()).isEqualTo("r29");
		DenialHistory.Page last = this.log.query(new DenialHistory.Query("acme", null, null, null, 2, 10));
		assertThat(last.denials()).hasSize(10);
		assertThat(last.more()).isFalse();
		assertThat(last.denials().get(9).lastRequestId()).isEqualTo("r0");
		List<DenialHistory.Row> window = this.log.query(new DenialHistory.Query("acme",
				T0.plusSeconds(60 * 10), T0.plusSeconds(60 * 19), "203.0.113.1", 0, 100)).denials();
		assertThat(window).extracting(DenialHistory.Row::lastRequestId).containsExactly("r19", "r16", "r13", "r10");
		assertThat(this.log.query(new DenialHistory.Query("globex", null, null, null, 0, 10)).denials()).isEmpty();
	}

	@Test
	void aMillionDistinctAddressesInAMinuteStayWithinTheBoundAndAreAllCounted() throws Exception {
		DenialLogWriter writer = writer(1000);
		ExecutorService attackers = Executors.newFixedThreadPool(4);
		int flushes = 60;
		int perFlush = 1_000_000 / flushes + 1;
		int sent = 0;
		List<Integer> batchSizes = new ArrayList<>();
		for (int flush = 0; flush < flushes && sent < 1_000_000; flush++) {
			int from = sent;
			int to = Math.min(1_000_000, sent + perFlush);
			Instant at = T0.plusMillis(flush * 900L);
			List<Future<?>> parts = new ArrayList<>();
			for (int part = 0; part < 4; part++) {
				int p = part;
				parts.add(attackers.submit(() -> {
					for (int i = from + p; i < to; i += 4) {
						writer.onDenial(denial(at, "10." + (i >> 16 & 0xFF) + "." + (i >> 8 & 0xFF) + "." + (i & 0xFF),
								1451, (i % 7 == 0) ? "acme" : null, "/api/login", "req-" + i));
					}
				}));
			}
			for (Future<?> future : parts) {
				future.get(60, TimeUnit.SECONDS);
			}
			sent = to;
			long before = writer.status().writtenRows();
			writer.flush();
			batchSizes.add((int) (writer.status().writtenRows() - before));
		}
		attackers.shutdown();
		flushAll(writer);
		DenialLogWriter.Status status = writer.status();
		assertThat(status.writtenDenials()).isEqualTo(1_000_000);
		assertThat(status.largestBatch()).isLessThanOrEqualTo(writer.rowBound());
		assertThat(batchSizes).allSatisfy((size) -> assertThat(size).isLessThanOrEqualTo(writer.rowBound()));
		assertThat(status.writtenBytes()).isLessThanOrEqualTo((long) status.writtenRows() * DenialLogWriter.MAX_ROW_BYTES);
		long[] totals = this.log.totals();
		assertThat(totals[1]).as("every denial counted").isEqualTo(1_000_000);
		assertThat(totals[0]).isLessThanOrEqualTo((long) (flushes + 2) * writer.rowBound());
		// Beyond the first thousand addresses of each flush, denials are counted per tenant at address *.
		assertThat(this.log.query(new DenialHistory.Query("acme", null, null, "*", 0, 10)).denials()).isNotEmpty();
		assertThat(status.overflowed()).isGreaterThan(900_000);
	}

	@Test
	void aMalformedValueIsStoredCutToItsColumn() {
		DenialLogWriter writer = writer(100);
		String hop = "\u00e9".repeat(60) + "x".repeat(200);
		writer.onDenial(denial(T0, hop, 1452, null, "/p", "r1"));
		flushAll(writer);
		assertThat(writer.status().up()).isTrue();
		DenialHistory.Row row = this.log.query(new DenialHistory.Query(null, null, null, null, 0, 10)).denials().get(0);
		assertThat(row.address()).hasSizeLessThanOrEqualTo(JdbcDenialLog.MAX_ADDRESS).endsWith("...");
		assertThat(row.code()).isEqualTo(1452);
	}

	@Test
	void aFlushNeverWritesMoreThanTheBoundAndTheRestFollows() {
		DenialLogWriter writer = writer(10);
		// 30 minutes of 20 addresses each: 10 distinct rows, 1 of address *, and one row of
		// tenant * per minute beyond: more than one flush may write.
		for (int minute = 0; minute < 30; minute++) {
			for (int address = 0; address < 20; address++) {
				writer.onDenial(denial(T0.plusSeconds(60L * minute), "203.0.113." + address, 1451, "acme", "/p", "r"));
			}
		}
		List<Integer> batches = new ArrayList<>();
		for (int flush = 0; flush < 8; flush++) {
			long before = writer.status().writtenRows();
			writer.flush();
			batches.add((int) (writer.status().writtenRows() - before));
		}
		assertThat(batches).allSatisfy((size) -> assertThat(size).isLessThanOrEqualTo(writer.rowBound()));
		assertThat(batches.stream().filter((size) -> size == writer.rowBound()).count()).isGreaterThanOrEqualTo(2);
		assertThat(writer.status().writtenDenials()).isEqualTo(600);
		assertThat(this.log.totals()[1]).isEqualTo(600);
	}

	@Test
	void rowsOlderThanTheRetentionAreDeleted() {
		DenialLogWriter writer = new DenialLogWriter(this.log, 100, Duration.ofDays(30), this.clock);
		writer.onDenial(denial(T0, "203.0.113.7", 1451, "acme", "/p", "old"));
		flushAll(writer);
		this.clock.advance(Duration.ofDays(31));
		writer.onDenial(denial(this.clock.instant(), "203.0.113.7", 1451, "acme", "/p", "new"));
		flushAll(writer);
		this.clock.advance(Duration.ofHours(1));
		writer.flush();
		assertThat(this.log.query(new DenialHistory.Query("acme", null, null, null, 0, 10)).denials())
			.extracting(DenialHistory.Row::lastRequestId)
			.containsExactly("new");
	}

}
