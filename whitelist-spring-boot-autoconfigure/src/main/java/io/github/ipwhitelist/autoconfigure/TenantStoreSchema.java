package io.github.ipwhitelist.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

import io.github.ipwhitelist.autoconfigure.IpWhitelistProperties.Store.SchemaInitialization;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Creates the tenant store's tables, as {@code ip-whitelist.store.jdbc.initialize-schema} says
 * (like Spring Session JDBC and Spring Batch): on an embedded database only, always, or never.
 * The script for the database (PostgreSQL or H2) is read from the class path, its table names
 * given the configured prefix; tables that exist are kept.
 */
final class TenantStoreSchema {

	/** Where the scripts are, one per database: {@code schema-postgresql.sql}, {@code schema-h2.sql}. */
	static final String SCRIPTS = "io/github/ipwhitelist/store/schema-{platform}.sql";

	/** The placeholder of a script's path that the database's id replaces. */
	static final String PLATFORM = "{platform}";

	/** Attempts at creating the tables. */
	static final int CREATE_ATTEMPTS = 5;

	private static final Log logger = LogFactory.getLog(TenantStoreSchema.class);

	private TenantStoreSchema() {
	}

	static void initialize(DataSource dataSource, SchemaInitialization mode, String prefix) {
		initialize(dataSource, mode, prefix, SCRIPTS, "PostgreSQL and H2");
	}

	/**
	 * Creates the tables of one of the starter's scripts.
	 * @param scripts the script's class path location, where {@value #PLATFORM} stands for the
	 * database's id when the script differs by database
	 * @param databases the databases it has scripts for, for the message when there is none
	 */
	static void initialize(DataSource dataSource, SchemaInitialization mode, String prefix, String scripts,
			String databases) {
		if (mode == SchemaInitialization.NEVER
				|| (mode == SchemaInitialization.EMBEDDED && !EmbeddedDatabaseConnection.isEmbedded(dataSource))) {
			return;
		}
		String platform = platform(dataSource);
		ClassPathResource script = new ClassPathResource(scripts.replace(PLATFORM, platform));
		if (!script.exists()) {
			throw new InvalidIpWhitelistConfigurationException("ip-whitelist.store.jdbc.initialize-schema",
					mode.name().toLowerCase(Locale.ROOT),
					"the starter has no schema script for " + platform + " (it has " + databases + "); create the "
							+ "tables yourself from classpath:" + scripts.replace(PLATFORM, "postgresql") + " and set it to never");
		}
		String text;
		try (InputStream in = script.getInputStream()) {
			text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + script, ex);
		}
		ResourceDatabasePopulator populator = new ResourceDatabasePopulator(
				new ByteArrayResource(text.replace("IPWL_", prefix).getBytes(StandardCharsets.UTF_8), script.getPath()));
		// Instances of a fleet that start together on a new database race to create the same
		// tables ("IF NOT EXISTS" is not atomic on PostgreSQL): the losers try again, and then
		// find the tables there.
		for (int attempt = 1;; attempt++) {
			try {
				populator.execute(dataSource);
				break;
			}
			catch (DataAccessException ex) {
				if (attempt == CREATE_ATTEMPTS) {
					throw ex;
				}
				logger.debug("IP whitelist: creating the tenant store tables failed (attempt " + attempt
						+ "), trying again", ex);
				try {
					Thread.sleep(100L * attempt);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw ex;
				}
			}
		}
		logger.debug("IP whitelist: tenant store tables " + prefix + "* ready (" + platform + ")");
	}

	static String platform(DataSource dataSource) {
		try (Connection connection = dataSource.getConnection()) {
			DatabaseDriver driver = DatabaseDriver.fromProductName(connection.getMetaData().getDatabaseProductName());
			return driver.getId();
		}
		catch (SQLException ex) {
			throw new io.github.ipwhitelist.store.TenantStoreUnavailableException(
					"The IP whitelist's tenant store cannot create its tables: the database is not reachable: "
							+ ex.getMessage(), ex);
		}
	}

}
