package io.github.ipwhitelist.store;

import org.springframework.test.context.TestPropertySource;

/**
 * The contract's management API and store rules against H2 (an embedded database: the tables
 * are created by default).
 */
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:contract;DB_CLOSE_DELAY=-1",
		"ip-whitelist.store.jdbc.initialize-schema=embedded" })
class H2TenantStoreTests extends TenantStoreContractTests {

}
