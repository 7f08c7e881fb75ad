package io.github.ipwhitelist.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.admin.IpWhitelistAdminService;
import io.github.ipwhitelist.rules.EntryFileParser;
import io.github.ipwhitelist.rules.IpEntry;
import io.github.ipwhitelist.rules.Mode;
import io.github.ipwhitelist.rules.TenantPolicy;
import io.github.ipwhitelist.rules.TenantTable;
import io.github.ipwhitelist.source.IpWhitelistLoader;
import io.github.ipwhitelist.source.ListKind;
import io.github.ipwhitelist.store.JdbcTenantStore;
import io.github.ipwhitelist.store.TenantChange;
import io.github.ipwhitelist.store.TenantDocument;
import io.github.ipwhitelist.store.TenantJson;
import io.github.ipwhitelist.store.TenantStoreSynchronizer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * The tenant store's targets, on a real PostgreSQL (embedded binaries from Maven Central) with
 * 100,000 tenants and 1,000,000 entries (the tenant benchmark's fixtures):
 * <ol>
 * <li>startup: load every policy from PostgreSQL and compile it ({@code TenantStoreSynchronizer}'s
 * constructor), three times;</li>
 * <li>one tenant changed elsewhere: the poll that sees it, compiles it and makes it enforced, 300
 * times (and the compile-and-apply part alone);</li>
 * <li>the management service sustained for 20 s from 4 threads (each change one transaction with
 * its history), while another thread decides requests: decisions per second with and without
 * the changes.</li>
 * </ol>
 * {@code http URL SECONDS THREADS USER:PASSWORD} instead sends changes to a running application's
 * HTTP management API ({@code POST {URL}/tenants/bench-N/entries}) and reports changes per second;
 * {@code postgres PORT} runs a PostgreSQL for that application until killed.
 *
 * <pre>
 * java -Xmx4g -cp whitelist-benchmarks/target/benchmarks.jar io.github.ipwhitelist.benchmarks.StoreBenchmark
 * java -cp whitelist-benchmarks/target/benchmarks.jar io.github.ipwhitelist.benchmarks.StoreBenchmark \
 *     postgres 15432 &
 * IPWL_DB_URL=jdbc:postgresql://127.0.0.1:15432/postgres IPWL_DB_USER=postgres \
 *     java -jar sample-app/target/sample-app-0.1.0-SNAPSHOT.jar --spring.profiles.active=fleet &
 * java -cp whitelist-benchmarks/target/benchmarks.jar io.github.ipwhitelist.benchmarks.StoreBenchmark \
 *     http http://127.0.0.1:8080/admin/ip-whitelist 20 8 admin:admin-password
 * </pre>
 */
public final class StoreBenchmark {

	private StoreBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals("http")) {
			http(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4]);
			return;
		}
		if (args.length > 0 && args[0].equals("postgres")) {
			// A PostgreSQL for an application under test (user postgres, any password), until killed.
			try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setDataDirectory(Files.createTempDirectory("store-benchmark"))
				.setPort(Integer.parseInt(args[1]))
				.start()) {
				System.out.println("PostgreSQL ready: " + postgres.getJdbcUrl("postgres", "postgres"));
				Thread.sleep(Long.MAX_VALUE);
			}
			return;
		}
		Path data = Files.createTempDirectory("store-benchmark");
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(data).start()) {
			HikariConfig config = new HikariConfig();
			config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres") + "&reWriteBatchedInserts=true");
			config.setUsername("postgres");
			config.setMaximumPoolSize(8);
			try (HikariDataSource dataSource = new HikariDataSource(config)) {
				run(dataSource);
			}
		}
	}

	private static void run(DataSource dataSource) throws Exception {
		new ResourceDatabasePopulator(new ClassPathResource("io/github/ipwhitelist/store/schema-postgresql.sql"))
			.execute(dataSource);
		TenantFixtures fixtures = new TenantFixtures(42);
		Map<String, List<IpEntry>> byTenant = EntryFileParser.parseTenants("tenants.txt", fixtures.file).byTenant();
		long start = System.nanoTime();
		insert(dataSource, byTenant);
		System.out.printf("inserted %,d tenants / %,d entries in %.1f s%n", byTenant.size(), fixtures.entryCount,
				(System.nanoTime() - start) / 1e9);

		JdbcTenantStore store = new JdbcTenantStore(dataSource, "IPWL_", Clock.systemUTC());
		IpWhitelistLoader loader = null;
		TenantStoreSynchronizer synchronizer = null;
		for (int round = 1; round <= 3; round++) {
			// Round 1 runs in a cold JVM, as a real startup does.
			System.gc();
			loader = new IpWhitelistLoader(Mode.STRICT, List.of(), List.of(), List.of(), null, Map.of(),
					Clock.systemUTC(), (rules) -> {
					});
			long t0 = System.nanoTime();
			synchronizer = new TenantStoreSynchronizer(store, loader, Clock.systemUTC());
			long loaded = System.nanoTime() - t0;
			long query = System.nanoTime();
			int rows = store.loadAll().rows().size();
			long queried = System.nanoTime() - query;
			long fetch = System.nanoTime();
			long bytes = fetchOnly(dataSource);
			long fetched = System.nanoTime() - fetch;
			System.out.printf("startup load %d: %,d tenants in %.2f s (then: query and JSON %.2f s, of which the "
					+ "fetch of %,d MB of text %.2f s); table %,d%n", round, rows, loaded / 1e9, queried / 1e9,
					bytes >> 20, fetched / 1e9, loader.tenants().size());
		}

		// One tenant changed through another instance; this instance's poll applies it.
		JdbcTenantStore elsewhere = new JdbcTenantStore(dataSource, "IPWL_", Clock.systemUTC());
		SplittableRandom random = new SplittableRandom(7);
		long[] polls = new long[300];
		long[] applies = new long[300];
		for (int i = 0; i < polls.length; i++) {
			String tenant = TenantFixtures.id(random.nextInt(TenantFixtures.TENANTS));
			List<IpEntry> entries = new ArrayList<>();
			for (int e = 0; e < 10; e++) {
				entries.add(new IpEntry(IpPrefix.single(IpAddress.ofIpv4(random.nextInt())), null, null, "bench"));
			}
			TenantDocument document = new TenantDocument(true, Mode.STRICT, entries, List.of());
			TenantChange change = elsewhere.change(tenant, null, "bench", TenantChange.REPLACE, null, (before) -> document);
			long t0 = System.nanoTime();
			int changed = synchronizer.poll();
			polls[i] = System.nanoTime() - t0;
			if (changed != 1 || loader.tenants().get(tenant).version() != change.version()) {
				throw new IllegalStateException("the poll did not apply " + tenant);
			}
			long t1 = System.nanoTime();
			TenantPolicy policy = TenantPolicy.compile(tenant, true, Mode.STRICT, entries, List.of(), null, "store",
					change.version(), java.time.Instant.now());
			Map<String, TenantPolicy> one = new java.util.HashMap<>();
			one.put(tenant, policy);
			loader.tenants().apply(new java.util.HashMap<>(one));
			applies[i] = System.nanoTime() - t1;
		}
		System.out.printf("one change, whole poll (query + compile + apply), %d changes: median %.2f ms, p99 %.2f ms, "
				+ "max %.2f ms%n", polls.length, pct(polls, 50), pct(polls, 99), pct(polls, 100));
		System.out.printf("one change, compile + apply alone: median %.1f us, p99 %.1f us%n", pct(applies, 50) * 1000,
				pct(applies, 99) * 1000);

		// The management service under sustained changes, next to request decisions.
		IpWhitelistAdminService service = new IpWhitelistAdminService(store, synchronizer, loader, (event) -> {
		});
		TenantTable table = loader.tenants();
		fixtures.pickProbes(table, 11);
		double alone = decisions(table, fixtures, Duration.ofSeconds(10), null);
		for (int rate : new int[] { 0, 500 }) {
			AtomicBoolean running = new AtomicBoolean(true);
			AtomicLong changes = new AtomicLong();
			int threads = 4;
			ExecutorService writers = Executors.newFixedThreadPool(threads);
			long begin = System.nanoTime();
			for (int w = 0; w < threads; w++) {
				int worker = w;
				writers.submit(() -> {
					SplittableRandom r = new SplittableRandom(worker);
					int n = 0;
					while (running.get()) {
						if (rate > 0) {
							// Paced: this worker's share of the rate, on a fixed schedule.
							long due = begin + (long) (n * 1e9 * threads / rate);
							long wait = due - System.nanoTime();
							if (wait > 0) {
								Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
							}
						}
						String tenant = "bench-" + worker + "-" + (n++ % 5000);
						service.addEntries(tenant, ListKind.ALLOW, List.of(
								new IpEntry(IpPrefix.single(IpAddress.ofIpv4(r.nextInt())), "bench", null, "bench")),
								null, "bench", "sustained changes");
						changes.incrementAndGet();
					}
					return null;
				});
			}
			Thread.sleep(2000);
			long before = changes.get();
			double during = decisions(table, fixtures, Duration.ofSeconds(20), null);
			long made = changes.get() - before;
			running.set(false);
			writers.shutdown();
			writers.awaitTermination(30, TimeUnit.SECONDS);
			System.out.printf("management service, %d threads, %s, 20 s: %.0f changes/s; decisions (both gates, IPv4) "
					+ "on one thread: %.1f M/s alone, %.1f M/s during the changes%n", threads,
					(rate == 0) ? "as fast as they go" : "paced at " + rate + "/s", made / 20.0, alone / 1e6,
					during / 1e6);
		}
	}

	private static double decisions(TenantTable table, TenantFixtures fixtures, Duration duration, Object unused) {
		long end = System.nanoTime() + duration.toNanos();
		long count = 0;
		long allowed = 0;
		java.time.Instant now = java.time.Instant.now();
		long start = System.nanoTime();
		while (System.nanoTime() < end) {
			for (int i = 0; i < 1024; i++) {
				int p = (int) (count & (TenantFixtures.PROBES - 1));
				allowed += table.allows(fixtures.probeTenants[p], true, 0, fixtures.v4Lo[p], now) ? 1 : 0;
				count++;
			}
		}
		if (allowed == 0) {
			throw new IllegalStateException("no probe allowed");
		}
		return count / ((System.nanoTime() - start) / 1e9);
	}

	private static void insert(DataSource dataSource, Map<String, List<IpEntry>> byTenant) throws Exception {
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try (PreparedStatement insert = connection.prepareStatement("INSERT INTO IPWL_TENANT (TENANT_ID, ENABLED, "
					+ "MODE, ALLOW_ENTRIES, DENY_ENTRIES, VERSION, REVISION, DELETED, CHANGED_AT, CHANGED_BY) "
					+ "VALUES (?, TRUE, 'strict', ?, '[]', 1, ?, FALSE, ?, 'bench')")) {
				long revision = 0;
				OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
				for (Map.Entry<String, List<IpEntry>> tenant : byTenant.entrySet()) {
					insert.setString(1, tenant.getKey());
					insert.setString(2, TenantJson.stored(tenant.getValue()));
					insert.setLong(3, ++revision);
					insert.setObject(4, now);
					insert.addBatch();
					if (revision % 1000 == 0) {
						insert.executeBatch();
					}
				}
				insert.executeBatch();
				try (PreparedStatement state = connection.prepareStatement("UPDATE IPWL_STATE SET REVISION = ?")) {
					state.setLong(1, revision);
					state.executeUpdate();
				}
			}
			connection.commit();
		}
	}

	private static long fetchOnly(DataSource dataSource) throws Exception {
		long bytes = 0;
		try (Connection connection = dataSource.getConnection();
				PreparedStatement select = connection.prepareStatement(
						"SELECT TENANT_ID, ALLOW_ENTRIES, DENY_ENTRIES FROM IPWL_TENANT WHERE DELETED = FALSE");
				java.sql.ResultSet rs = select.executeQuery()) {
			while (rs.next()) {
				bytes += rs.getString(1).length() + rs.getString(2).length() + rs.getString(3).length();
			}
		}
		return bytes;
	}

	private static double pct(long[] nanos, int percentile) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		int index = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
		return sorted[Math.max(0, index)] / 1e6;
	}

	/**
	 * Sends additions to a running application's management API from several threads.
	 */
	private static void http(String base, int seconds, int threads, String credentials) throws Exception {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		String authorization = "Basic "
				+ Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong ok = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		long start = System.nanoTime();
		for (int t = 0; t < threads; t++) {
			int worker = t;
			pool.submit(() -> {
				SplittableRandom random = new SplittableRandom(worker);
				int n = 0;
				while (running.get()) {
					String body = "{\"entries\":[\"" + IpAddress.ofIpv4(random.nextInt()) + "\"],\"reason\":\"load\"}";
					HttpRequest request = HttpRequest.newBuilder(
							URI.create(base + "/tenants/bench-" + worker + "-" + (n++ % 2000) + "/entries"))
						.header("Authorization", authorization)
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString(body))
						.build();
					long t0 = System.nanoTime();
					HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
					latencies.add(System.nanoTime() - t0);
					(response.statusCode() == 200 ? ok : failed).incrementAndGet();
				}
				return null;
			});
		}
		Thread.sleep(seconds * 1000L);
		running.set(false);
		pool.shutdown();
		pool.awaitTermination(30, TimeUnit.SECONDS);
		double elapsed = (System.nanoTime() - start) / 1e9;
		long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
		System.out.printf("HTTP management API, %d threads, %d s: %.0f changes/s (%d ok, %d not 200); latency median "
				+ "%.1f ms, p99 %.1f ms%n", threads, seconds, ok.get() / elapsed, ok.get(), failed.get(), pct(sorted, 50),
				pct(sorted, 99));
	}

}
