package io.github.ipwhitelist.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.rules.IpEntry;
import io.github.ipwhitelist.rules.Mode;
import io.github.ipwhitelist.rules.TenantPolicy;
import io.github.ipwhitelist.rules.TenantTable;
import io.github.ipwhitelist.source.EntrySource;
import io.github.ipwhitelist.source.IpWhitelistLoader;
import io.github.ipwhitelist.source.ListKind;
import io.github.ipwhitelist.source.TenantSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The synchronizer over a real (H2) store: a poll applies only the tenants that changed, an
 * older version never replaces a newer one, and the configuration's tenants win over the
 * store's while they define them.
 */
class TenantStoreSynchronizerTests {

	private static final AtomicInteger databases = new AtomicInteger();

	private JdbcTenantStore store;

	private DataSource dataSource;

	@BeforeEach
	void database() {
		DataSource dataSource = new SimpleDriverDataSource(new org.h2.Driver(),
				"jdbc:h2:mem:sync" + databases.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
		new ResourceDatabasePopulator(new ClassPathResource("io/github/ipwhitelist/store/schema-h2.sql"))
			.execute(dataSource);
		this.store = new JdbcTenantStore(dataSource, "IPWL_", Clock.systemUTC());
		this.dataSource = dataSource;
	}

	private static TenantDocument listing(String... addresses) {
		return new TenantDocument(true, Mode.STRICT,
				List.of(addresses).stream().map((a) -> new IpEntry(IpPrefix.parse(a), null, null, "test")).toList(),
				List.of());
	}

	private TenantChange put(String tenant, String... addresses) {
		return this.store.change(tenant, null, "someone", TenantChange.REPLACE, null, (before) -> listing(addresses));
	}

	private static IpWhitelistLoader loader(List<EntrySource> sources, Map<String, TenantSettings> settings) {
		return new IpWhitelistLoader(Mode.STRICT, List.of(), List.of(), sources, null, settings, Clock.systemUTC(),
				(rules) -> {
				});
	}

	private static boolean allows(TenantTable table, String tenant, String address) {
		IpAddress ip = IpAddress.parse(address);
		return table.allows(tenant, ip.isIpv4(), ip.hi(), ip.lo(), java.time.Instant.now());
	}

	@Test
	void aPollAppliesOnlyTheTenantsThatChanged() {
		for (int i = 0; i < 50; i++) {
			put("t" + i, "192.0.2." + i);
		}
		IpWhitelistLoader loader = loader(List.of(), Map.of());
		TenantStoreSynchronizer synchronizer = new TenantStoreSynchronizer(this.store, loader, Clock.systemUTC());
		TenantTable table = loader.tenants();
		assertThat(table.size()).isEqualTo(50);
		TenantPolicy untouched = table.get("t7");
		assertThat(synchronizer.poll()).isZero();
		put("t3", "198.51.100.3");
		this.store.change("t4", null, "someone", TenantChange.DELETE, null, (before) -> null);
		put("t50", "198.51.100.50");
		assertThat(synchronizer.poll()).isEqualTo(3);
		assertThat(table.get("t7")).isSameAs(untouched);
		assertThat(allows(table, "t3", "198.51.100.3")).isTrue();
		assertThat(allows(table, "t3", "192.0.2.3")).isFalse();
		assertThat(table.get("t4")).isNull();
		assertThat(table.get("t50").version()).isEqualTo(1);
		assertThat(synchronizer.status().tenants()).isEqualTo(50);
		assertThat(synchronizer.status().revision()).isEqualTo(this.store.revision());
		assertThat(synchronizer.poll()).isZero();
	}

	@Test
	void anOlderVersionNeverReplacesANewerOne() {
		IpWhitelistLoader loader = loader(List.of(), Map.of());
		TenantStoreSynchronizer synchronizer = new TenantStoreSynchronizer(this.store, loader, Clock.systemUTC());
		TenantChange first = put("acme", "192.0.2.1");
		TenantChange second = put("acme", "192.0.2.2");
		synchronizer.applied(second);
		synchronizer.applied(first); // late: ignored
		assertThat(loader.tenants().get("acme").version()).isEqualTo(2);
		assertThat(synchronizer.poll()).isZero(); // the feed has version 2, applied already
		assertThat(allows(loader.tenants(), "acme", "192.0.2.2")).isTrue();
		assertThat(allows(loader.tenants(), "acme", "192.0.2.1")).isFalse();
	}

	@Test
	void theConfigurationWinsWhileItDefinesATenantThenTheStoresPolicyApplies(@TempDir Path dir) throws Exception {
		put("acme", "192.0.2.1");
		put("globex", "192.0.2.2");
		Path file = dir.resolve("tenants.txt");
		Files.writeString(file, "acme 198.51.100.1\n", StandardCharsets.UTF_8);
		IpWhitelistLoader loader = loader(
				List.of(new EntrySource("file:" + file, ListKind.ALLOW, new FileSystemResource(file), true)),
				Map.of("globex", new TenantSettings(true, Mode.PERMISSIVE, List.of(), List.of())));
		TenantStoreSynchronizer synchronizer = new TenantStoreSynchronizer(this.store, loader, Clock.systemUTC());
		assertThat(loader.definedBy("acme")).isEqualTo("file:" + file);
		assertThat(loader.definedBy("globex")).isEqualTo("ip-whitelist.tenants.policies.globex");
		assertThat(loader.tenants().get("acme").origin()).isEqualTo("file:" + file);
		assertThat(loader.tenants().get("globex").mode()).isEqualTo(Mode.PERMISSIVE);
		put("acme", "192.0.2.9");
		synchronizer.poll();
		assertThat(allows(loader.tenants(), "acme", "198.51.100.1")).isTrue();
		assertThat(allows(loader.tenants(), "acme", "192.0.2.9")).isFalse();
		// The file stops naming acme: the store's newest policy takes over.
		Files.writeString(file, "initech 198.51.100.7\n", StandardCharsets.UTF_8);
		// A changed file is taken once two polls in a row read the same content.
		assertThat(loader.poll() || loader.poll()).isTrue();
		assertThat(loader.tenants().get("acme").origin()).isEqualTo("store");
		assertThat(allows(loader.tenants(), "acme", "192.0.2.9")).isTrue();
		assertThat(allows(loader.tenants(), "acme", "198.51.100.1")).isFalse();
		assertThat(loader.definedBy("acme")).isNull();
	}


	/** Stores what this version of the starter cannot read, as a hand edit or a newer version would. */
	private void corrupt(String tenant) {
		org.springframework.jdbc.core.simple.JdbcClient jdbc = org.springframework.jdbc.core.simple.JdbcClient
			.create(this.dataSource);
		jdbc.sql("UPDATE IPWL_STATE SET REVISION = REVISION + 1").update();
		long revision = jdbc.sql("SELECT REVISION FROM IPWL_STATE").query(Long.class).single();
		jdbc.sql("UPDATE IPWL_TENANT SET ALLOW_ENTRIES = ?, VERSION = VERSION + 1, REVISION = ? WHERE TENANT_ID = ?")
			.params("[{\"address\": \"192.0.2.10\", \"priority\": 5}]", revision, tenant)
			.update();
	}

	@Test
	void aStoredPolicyThatCannotBeReadNeverOpensItsTenantsGate() {
		put("known", "192.0.2.1");
		put("newcomer", "192.0.2.2");
		corrupt("newcomer");
		IpWhitelistLoader loader = loader(List.of(), Map.of());
		TenantStoreSynchronizer synchronizer = new TenantStoreSynchronizer(this.store, loader, Clock.systemUTC());
		// Never read before: every address of it is denied.
		assertThat(allows(loader.tenants(), "newcomer", "192.0.2.2")).isFalse();
		assertThat(allows(loader.tenants(), "newcomer", "198.51.100.1")).isFalse();
		assertThat(synchronizer.status().invalidTenants()).containsOnlyKeys("newcomer");
		// Read before: its last good policy stays.
		corrupt("known");
		assertThat(synchronizer.poll()).isEqualTo(1);
		assertThat(allows(loader.tenants(), "known", "192.0.2.1")).isTrue();
		assertThat(synchronizer.status().invalidTenants()).containsOnlyKeys("known", "newcomer");
		assertThat(synchronizer.status().invalidTenants().get("known")).contains("version 2");
		// A good change replaces it, and the tenant is no longer reported.
		put("known", "192.0.2.3");
		assertThat(synchronizer.poll()).isEqualTo(1);
		assertThat(allows(loader.tenants(), "known", "192.0.2.3")).isTrue();
		assertThat(synchronizer.status().invalidTenants()).containsOnlyKeys("newcomer");
		assertThat(synchronizer.status().state()).isEqualTo(StoreStatus.UP);
	}


	@Test
	void aPollReadsEveryChangeWhenThereAreMoreThanOneReadHolds() {
		IpWhitelistLoader loader = loader(List.of(), Map.of());
		TenantStoreSynchronizer synchronizer = new TenantStoreSynchronizer(this.store, loader, Clock.systemUTC());
		int count = JdbcTenantStore.CHANGES_PER_READ * 2 + 5;
		for (int i = 0; i < count; i++) {
			put("bulk-" + i, "198.51.100." + (i % 256));
		}
		assertThat(synchronizer.poll()).isEqualTo(count);
		assertThat(loader.tenants().size()).isEqualTo(count);
		assertThat(synchronizer.status().revision()).isEqualTo(count);
	}

}
