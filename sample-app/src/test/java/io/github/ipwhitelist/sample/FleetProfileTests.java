package io.github.ipwhitelist.sample;

import java.io.IOException;
import java.util.List;

import javax.sql.DataSource;

import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.admin.IpWhitelistAdminService;
import io.github.ipwhitelist.rules.IpEntry;
import io.github.ipwhitelist.rules.Mode;
import io.github.ipwhitelist.rules.TenantTable;
import io.github.ipwhitelist.store.StoreStatus;
import io.github.ipwhitelist.store.TenantDocument;
import io.github.ipwhitelist.store.TenantStoreSynchronizer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's "fleet" profile, as the README runs it, on a real PostgreSQL: it starts, creates
 * the tables, and a change lands in PostgreSQL.
 */
@SpringBootTest
@ActiveProfiles("fleet")
class FleetProfileTests {

	static EmbeddedPostgres postgres;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws IOException {
		postgres = EmbeddedPostgres.builder().start();
		registry.add("IPWL_DB_URL", () -> postgres.getJdbcUrl("postgres", "postgres"));
		registry.add("IPWL_DB_USER", () -> "postgres");
	}

	@AfterAll
	static void stop() throws IOException {
		postgres.close();
	}

	@Autowired
	IpWhitelistAdminService service;

	@Autowired
	TenantStoreSynchronizer synchronizer;

	@Autowired
	TenantTable tenants;

	@Autowired
	DataSource dataSource;

	@Test
	void theFleetProfileKeepsThePartnersListsInPostgresql() {
		assertThat(this.synchronizer.status().state()).isEqualTo(StoreStatus.UP);
		this.service.replace("umbrella", new TenantDocument(true, Mode.STRICT,
				List.of(new IpEntry(IpPrefix.parse("127.0.0.50"), "API server", null, "test")), List.of()), null,
				"support", "fleet profile test");
		assertThat(this.tenants.get("umbrella").origin()).isEqualTo("store");
		JdbcClient jdbc = JdbcClient.create(this.dataSource);
		assertThat(jdbc.sql("SELECT version()").query(String.class).single()).startsWith("PostgreSQL");
		assertThat(jdbc.sql("SELECT REASON FROM IPWL_TENANT_HISTORY WHERE TENANT_ID = 'umbrella'")
			.query(String.class)
			.single()).isEqualTo("fleet profile test");
	}

}
