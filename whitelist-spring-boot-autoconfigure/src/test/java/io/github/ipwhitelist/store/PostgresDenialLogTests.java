package io.github.ipwhitelist.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import javax.sql.DataSource;

import io.github.ipwhitelist.audit.DenialHistory;
import io.github.ipwhitelist.support.EmbeddedPostgresSupport;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The durable denial log on a real PostgreSQL (its upsert: {@code INSERT … ON CONFLICT}), and
 * through an outage of its own server.
 */
class PostgresDenialLogTests extends DenialLogTests {

	@Override
	DataSource newDataSource() {
		return new DriverManagerDataSource(EmbeddedPostgresSupport.newDatabase("denials"), "postgres", "");
	}

	@Override
	boolean postgres() {
		return true;
	}

	@Test
	void denialsDuringAnOutageAreWrittenOnceTheDatabaseIsBack() throws Exception {
		Path data = Files.createTempDirectory("ipwl-denials-pg");
		EmbeddedPostgres server = EmbeddedPostgresSupport.start(data, 0);
		int port = server.getPort();
		DataSource dataSource = new DriverManagerDataSource(server.getJdbcUrl("postgres", "postgres"), "postgres", "");
		new ResourceDatabasePopulator(new ClassPathResource("io/github/ipwhitelist/store/denials.sql"))
			.execute(dataSource);
		JdbcDenialLog log = new JdbcDenialLog(dataSource, "IPWL_", true);
		DenialLogWriter writer = new DenialLogWriter(log, 100, Duration.ofDays(30), this.clock);
		try {
			writer.onDenial(denial(T0, "203.0.113.7", 1451, "acme", "/p", "before"));
			server.close();
			writer.onDenial(denial(T0.plusSeconds(1), "203.0.113.7", 1451, "acme", "/p", "during"));
			flushAll(writer);
			flushAll(writer);
			DenialLogWriter.Status down = writer.status();
			assertThat(down.up()).isFalse();
			assertThat(down.lastError()).isNotEmpty();
			assertThat(down.pendingRows()).isEqualTo(1);
			server = EmbeddedPostgresSupport.start(data, port);
			flushAll(writer);
			assertThat(writer.status().up()).isTrue();
			assertThat(log.query(new DenialHistory.Query("acme", null, null, null, 0, 10)).denials()).singleElement()
				.satisfies((row) -> {
					assertThat(row.count()).isEqualTo(2);
					assertThat(row.lastRequestId()).isEqualTo("during");
				});
		}
		finally {
			server.close();
		}
	}

}
