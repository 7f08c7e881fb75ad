package io.github.ipwhitelist.ratelimit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.github.ipwhitelist.support.EmbeddedPostgresSupport;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;

/**
 * Three instances sharing buckets in a real PostgreSQL ({@code rate-limit.store=jdbc}, Bucket4j's
 * PostgreSQL proxy manager on the application's DataSource).
 */
class PostgresRateLimitFleetTests extends SharedRateLimitFleetTests {

	final Path data;

	EmbeddedPostgres postgres;

	final int port;

	PostgresRateLimitFleetTests() throws IOException {
		this.data = Files.createTempDirectory("ipwl-rate-pg");
		this.postgres = EmbeddedPostgresSupport.start(this.data, 0);
		this.port = this.postgres.getPort();
	}

	@Override
	List<String> storeProperties() {
		return List.of("ip-whitelist.rate-limit.store=jdbc",
				"spring.datasource.url=" + this.postgres.getJdbcUrl("postgres", "postgres"),
				"spring.datasource.username=postgres", "spring.datasource.hikari.connection-timeout=1000",
				"ip-whitelist.store.jdbc.initialize-schema=always");
	}

	@Override
	void stopStore() {
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	void startStore() {
		this.postgres = EmbeddedPostgresSupport.start(this.data, this.port);
	}

	@AfterAll
	void stopPostgres() throws IOException {
		this.postgres.close();
	}

}
