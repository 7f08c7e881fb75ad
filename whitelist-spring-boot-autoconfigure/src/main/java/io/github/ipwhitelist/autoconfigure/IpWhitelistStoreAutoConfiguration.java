package io.github.ipwhitelist.autoconfigure;

import java.time.Clock;

import javax.sql.DataSource;

import io.github.ipwhitelist.admin.IpWhitelistAdminHandler;
import io.github.ipwhitelist.admin.IpWhitelistAdminService;
import io.github.ipwhitelist.audit.DenialHistory;
import io.github.ipwhitelist.source.IpWhitelistLoader;
import io.github.ipwhitelist.store.JdbcTenantStore;
import io.github.ipwhitelist.store.TenantStoreSynchronizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Auto-configuration of the tenant store ({@code ip-whitelist.store.type=jdbc}) in the
 * application's {@link DataSource}: the tables (per {@code store.jdbc.initialize-schema}), the
 * store, the synchronizer that loads every policy at start (the application does not start
 * without them) and polls for changes every {@code store.poll-interval}, the
 * {@link IpWhitelistAdminService}, and the HTTP management API when {@code admin.enabled}.
 */
@AutoConfiguration(after = IpWhitelistAutoConfiguration.class,
		afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration",
				"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
				"org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration" })
@ConditionalOnClass(JdbcClient.class)
@ConditionalOnBean(IpWhitelistLoader.class)
@ConditionalOnProperty(name = "ip-whitelist.store.type", havingValue = "jdbc")
public final class IpWhitelistStoreAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@DependsOnDatabaseInitialization
	JdbcTenantStore ipWhitelistTenantStore(ObjectProvider<DataSource> dataSources, IpWhitelistProperties properties,
			ObjectProvider<Clock> clock) {
		DataSource dataSource = IpWhitelistConfigurationReader.dataSource(dataSources, "ip-whitelist.store.type", "jdbc",
				"the JDBC store keeps tenant policies");
		IpWhitelistProperties.Store.Jdbc jdbc = properties.getStore().getJdbc();
		TenantStoreSchema.initialize(dataSource, jdbc.getInitializeSchema(), jdbc.getTablePrefix());
		return new JdbcTenantStore(dataSource, jdbc.getTablePrefix(), IpWhitelistAutoConfiguration.clock(clock));
	}

	@Bean
	@ConditionalOnMissingBean
	@DependsOnDatabaseInitialization
	TenantStoreSynchronizer ipWhitelistStoreSynchronizer(JdbcTenantStore store, IpWhitelistLoader loader,
			ObjectProvider<Clock> clock) {
		return new TenantStoreSynchronizer(store, loader, IpWhitelistAutoConfiguration.clock(clock));
	}

	@Bean
	@ConditionalOnMissingBean(name = "ipWhitelistStorePoller")
	PeriodicTask ipWhitelistStorePoller(TenantStoreSynchronizer synchronizer, IpWhitelistProperties properties) {
		return new PeriodicTask("ip-whitelist-store", properties.getStore().getPollInterval(), synchronizer::poll);
	}

	@Bean
	@ConditionalOnMissingBean
	IpWhitelistAdminService ipWhitelistAdminService(JdbcTenantStore store, TenantStoreSynchronizer synchronizer,
			IpWhitelistLoader loader, ApplicationEventPublisher publisher) {
		return new IpWhitelistAdminService(store, synchronizer, loader, publisher);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RouterFunction.class)
	@ConditionalOnBooleanProperty("ip-whitelist.admin.enabled")
	static class AdminApiConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "ipWhitelistAdminRoutes")
		RouterFunction<ServerResponse> ipWhitelistAdminRoutes(IpWhitelistAdminService service,
				IpWhitelistProperties properties, ObjectProvider<SecurityContextHolderStrategy> contexts,
				ObjectProvider<DenialHistory> denials) {
			SecurityContextHolderStrategy security = contexts
				.getIfAvailable(SecurityContextHolder::getContextHolderStrategy);
			return new IpWhitelistAdminHandler(service, properties.getAdmin().getAuthority(), security,
					denials.getIfUnique())
				.routes(properties.getAdmin().getBasePath());
		}

	}

}
