package io.github.ipwhitelist.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.github.ipwhitelist.store.DenialLogWriter;
import io.github.ipwhitelist.store.JdbcDenialLog;
import io.github.ipwhitelist.store.TenantStoreUnavailableException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The durable denial log ({@code ip-whitelist.audit.store=jdbc}): its table in the application's
 * DataSource (per {@code store.jdbc.initialize-schema}), the writer that every denial is told to
 * (it only counts in memory; a background task writes the counts in batches every
 * {@code audit.flush-interval} and deletes rows older than {@code audit.retention}), and the
 * log that the actuator endpoint and the management API query.
 */
@AutoConfiguration(after = IpWhitelistAutoConfiguration.class,
		afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
				"org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration",
				"org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
				"org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration" })
@ConditionalOnClass(JdbcClient.class)
@ConditionalOnProperty(name = "ip-whitelist.audit.store", havingValue = "jdbc")
public final class IpWhitelistDenialLogAutoConfiguration {

	private static final Log logger = LogFactory.getLog(IpWhitelistDenialLogAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	@DependsOnDatabaseInitialization
	JdbcDenialLog ipWhitelistDenialLog(ObjectProvider<DataSource> dataSources, IpWhitelistProperties properties) {
		DataSource dataSource = IpWhitelistConfigurationReader.dataSource(dataSources, "ip-whitelist.audit.store", "jdbc",
				"the durable denial log lives");
		IpWhitelistProperties.Store.Jdbc jdbc = properties.getStore().getJdbc();
		Supplier<Boolean> prepare = () -> {
			String platform = TenantStoreSchema.platform(dataSource);
			if (!"postgresql".equals(platform) && !"h2".equals(platform)) {
				throw new InvalidIpWhitelistConfigurationException("ip-whitelist.audit.store", "jdbc",
						"the durable denial log is written with PostgreSQL's and H2's upserts, and the DataSource is "
								+ platform);
			}
			TenantStoreSchema.initialize(dataSource, jdbc.getInitializeSchema(), jdbc.getTablePrefix(),
					"io/github/ipwhitelist/store/denials.sql", "PostgreSQL and H2");
			return "postgresql".equals(platform);
		};
		boolean postgres;
		try {
			postgres = prepare.get();
		}
		catch (TenantStoreUnavailableException ex) {
			// The log must not stop the application: denials are counted in memory until it can write.
			logger.warn("IP whitelist: the denial log's database is not reachable at startup (" + ex.getMessage()
					+ "); denials are kept in memory until it is");
			return new JdbcDenialLog(dataSource, jdbc.getTablePrefix(), prepare);
		}
		return new JdbcDenialLog(dataSource, jdbc.getTablePrefix(), postgres);
	}

	@Bean
	@ConditionalOnMissingBean
	DenialLogWriter ipWhitelistDenialLogWriter(JdbcDenialLog log, IpWhitelistProperties properties,
			ObjectProvider<Clock> clock) {
		IpWhitelistProperties.Audit audit = properties.getAudit();
		if (audit.getMaxRowsPerFlush() < 10) {
			throw new InvalidIpWhitelistConfigurationException("ip-whitelist.audit.max-rows-per-flush",
					Integer.toString(audit.getMaxRowsPerFlush()), "must be at least 10");
		}
		positive("ip-whitelist.audit.retention", audit.getRetention());
		positive("ip-whitelist.audit.flush-interval", audit.getFlushInterval());
		return new DenialLogWriter(log, audit.getMaxRowsPerFlush(), audit.getRetention(),
				IpWhitelistAutoConfiguration.clock(clock));
	}

	@Bean
	@ConditionalOnMissingBean(name = "ipWhitelistDenialLogFlush")
	PeriodicTask ipWhitelistDenialLogFlush(DenialLogWriter writer, IpWhitelistProperties properties) {
		return new PeriodicTask("ip-whitelist-denial-log", properties.getAudit().getFlushInterval(), writer::flush);
	}

	/** Writes what is collected when the application stops (after the flush task has stopped). */
	@Bean
	DisposableBean ipWhitelistDenialLogClose(DenialLogWriter writer) {
		return writer::close;
	}

	private static void positive(String property, Duration duration) {
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw new InvalidIpWhitelistConfigurationException(property,
					(duration != null) ? DurationStyle.SIMPLE.print(duration) : "", "must be positive");
		}
	}

}
