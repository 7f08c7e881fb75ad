package io.github.ipwhitelist.store;

import io.github.ipwhitelist.support.EmbeddedPostgresSupport;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The contract's management API and store rules against a real PostgreSQL.
 */
class PostgresTenantStoreTests extends TenantStoreContractTests {

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		String url = EmbeddedPostgresSupport.newDatabase("contract");
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", () -> "postgres");
	}

}
