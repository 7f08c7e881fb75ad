package io.github.ipwhitelist.autoconfigure;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.ipwhitelist.admin.IpWhitelistAdminService;
import io.github.ipwhitelist.rules.TenantTable;
import io.github.ipwhitelist.store.JdbcTenantStore;
import io.github.ipwhitelist.store.TenantDocument;
import io.github.ipwhitelist.store.TenantStoreSynchronizer;
import io.github.ipwhitelist.rules.IpEntry;
import io.github.ipwhitelist.rules.Mode;
import io.github.ipwhitelist.address.IpPrefix;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.github.ipwhitelist.autoconfigure.InvalidConfigurationTests.allMessages;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's and the management API's auto-configuration: each condition, the tables per
 * {@code initialize-schema} and prefix, and every bad setting stopping the startup with a
 * message that names it.
 */
class TenantStoreConfigurationTests {

	private static final AtomicInteger databases = new AtomicInteger();

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(IpWhitelistAutoConfiguration.class, IpWhitelistRateLimitAutoConfiguration.class,
					IpWhitelistSecurityAutoConfiguration.class, IpWhitelistStoreAutoConfiguration.class,
					SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class));

	private WebApplicationContextRunner withH2() {
		return this.runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:h2:mem:config" + databases.incrementAndGet()
					+ ";DB_CLOSE_DELAY=-1");
	}

	@Test
	void withoutAStoreThereIsNoStoreNoServiceAndNoApi() {
		withH2().run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(JdbcTenantStore.class);
			assertThat(context).doesNotHaveBean(IpWhitelistAdminService.class);
			assertThat(context).doesNotHaveBean("ipWhitelistAdminRoutes");
		});
	}

	@Test
	void theJdbcStoreCreatesItsTablesOnAnEmbeddedDatabaseAndOffersTheServiceButNoHttpApiUnlessEnabled() {
		withH2().withPropertyValues("ip-whitelist.store.type=jdbc").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(IpWhitelistAdminService.class);
			assertThat(context).hasSingleBean(TenantStoreSynchronizer.class);
			assertThat(context).hasBean("ipWhitelistStorePoller");
			assertThat(context).doesNotHaveBean("ipWhitelistAdminRoutes");
			JdbcClient jdbc = JdbcClient.create(context.getBean(javax.sql.DataSource.class));
			assertThat(jdbc.sql("SELECT REVISION FROM IPWL_STATE").query(Long.class).single()).isZero();
		});
		withH2().withPropertyValues("ip-whitelist.store.type=jdbc", "ip-whitelist.admin.enabled=true")
			.run((context) -> assertThat(context).hasBean("ipWhitelistAdminRoutes"));
	}

	@Test
	void aChangeThroughTheServiceIsLiveAtOnceAndTablesTakeTheConfiguredPrefix() {
		withH2().withPropertyValues("ip-whitelist.store.type=jdbc", "ip-whitelist.store.jdbc.table-prefix=ACME_WL_")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				IpWhitelistAdminService service = context.getBean(IpWhitelistAdminService.class);
				service.replace("portal", new TenantDocument(true, Mode.STRICT,
						List.of(new IpEntry(IpPrefix.parse("203.0.113.0/24"), "office", null, "portal")), List.of()),
						null, "portal-user", "self service");
				assertThat(context.getBean(TenantTable.class).get("portal").version()).isEqualTo(1);
				assertThat(context.getBean(TenantTable.class).get("portal").origin()).isEqualTo("store");
				JdbcClient jdbc = JdbcClient.create(context.getBean(javax.sql.DataSource.class));
				assertThat(jdbc.sql("SELECT CHANGED_BY FROM ACME_WL_TENANT_HISTORY").query(String.class).single())
					.isEqualTo("portal-user");
			});
	}

	@Test
	void neverCreatingTablesThatDoNotExistStopsTheStartupSayingHowToCreateThem() {
		withH2().withPropertyValues("ip-whitelist.store.type=jdbc", "ip-whitelist.store.jdbc.initialize-schema=never")
			.run((context) -> {
				assertThat(context).hasFailed();
				String messages = allMessages(context.getStartupFailure());
				assertThat(messages).contains("could not be read at startup").contains("IPWL_STATE")
					.contains("initialize-schema");
			});
	}

	@Test
	void theAdminApiWithoutTheJdbcStoreStopsTheStartupNamingBothProperties() {
		this.runner.withPropertyValues("ip-whitelist.admin.enabled=true").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(allMessages(context.getStartupFailure())).contains("ip-whitelist.admin.enabled")
				.contains("ip-whitelist.store.type=jdbc");
		});
	}

	@Test
	void theJdbcStoreWithoutADataSourceStopsTheStartup() {
		this.runner.withPropertyValues("ip-whitelist.store.type=jdbc").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(allMessages(context.getStartupFailure())).contains("ip-whitelist.store.type")
				.contains("spring.datasource.url");
		});
	}

	@Test
	void anUnreachableDatabaseAtStartupStopsTheStartup() {
		this.runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("ip-whitelist.store.type=jdbc", "spring.datasource.url=jdbc:postgresql://127.0.0.1:9/none",
					"spring.datasource.hikari.connection-timeout=500")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(allMessages(context.getStartupFailure())).contains("could not be read at startup")
					.contains("no last good policies");
			});
	}

	@Test
	void badStoreAndAdminSettingsStopTheStartupNamingThem() {
		failsNaming("ip-whitelist.store.jdbc.table-prefix", "ip-whitelist.store.type=jdbc",
				"ip-whitelist.store.jdbc.table-prefix=IPWL; DROP");
		failsNaming("ip-whitelist.store.poll-interval", "ip-whitelist.store.poll-interval=0s");
		failsNaming("ip-whitelist.admin.base-path", "ip-whitelist.admin.base-path=admin/");
		failsNaming("ip-whitelist.admin.base-path", "ip-whitelist.admin.base-path=/admin/");
		failsNaming("ip-whitelist.admin.authority", "ip-whitelist.admin.authority= ");
		failsNaming("ip-whitelist.store.type", "ip-whitelist.store.type=mongo");
		failsNaming("ip-whitelist.store.jdbc.initialize-schema", "ip-whitelist.store.jdbc.initialize-schema=sometimes");
	}

	private void failsNaming(String property, String... values) {
		withH2().withPropertyValues(values).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(allMessages(context.getStartupFailure())).contains(property);
		});
	}

}
