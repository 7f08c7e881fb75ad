package io.github.ipwhitelist.store;

import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The durable denial log on H2 (its upsert: {@code MERGE … USING}).
 */
class H2DenialLogTests extends DenialLogTests {

	@Override
	DataSource newDataSource() {
		return new DriverManagerDataSource("jdbc:h2:mem:denials-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa",
				"");
	}

	@Override
	boolean postgres() {
		return false;
	}

}
