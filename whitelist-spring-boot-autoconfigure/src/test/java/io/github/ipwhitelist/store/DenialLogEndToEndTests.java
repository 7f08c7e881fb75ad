package io.github.ipwhitelist.store;

import java.nio.file.Path;
import java.time.Duration;

import io.github.ipwhitelist.it.RawHttp;
import io.github.ipwhitelist.it.RawHttp.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static io.github.ipwhitelist.support.Waiting.within;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The durable denial log through a real port from real source addresses: denials of the global
 * gate and of a tenant's gate are written off the request path, read back through the actuator
 * endpoint (every tenant) and the management API (one tenant), filtered and paged, and are still
 * there after the application restarts, while the in-memory ring starts empty.
 */
class DenialLogEndToEndTests {

	@TempDir
	Path dir;

	ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(StoreTestApplication.class)
			.properties("server.port=0", "spring.main.banner-mode=off",
					"spring.datasource.url=jdbc:h2:file:" + this.dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE",
					"ip-whitelist.entries=127.0.0.0/25", "ip-whitelist.tenants.resolver=header",
					"ip-whitelist.tenants.policies.acme.entries=127.0.0.20", "ip-whitelist.store.type=jdbc",
					"ip-whitelist.admin.enabled=true", "ip-whitelist.store.jdbc.initialize-schema=always",
					"ip-whitelist.audit.store=jdbc",
					"ip-whitelist.audit.flush-interval=100ms", "management.endpoints.web.exposure.include=ipwhitelist,health",
					"management.endpoint.health.show-details=always")
			.run();
	}

	static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	static JsonNode get(int port, String path, String... headers) {
		Response response = RawHttp.get(port, "127.0.0.1", path, headers);
		assertThat(response.status()).as(path + " " + response.body()).isEqualTo(200);
		return TenantJson.mapper().readTree(response.body());
	}


	@Test
	void denialsAreKeptQueriedAndSurviveARestart() throws Exception {
		ConfigurableApplicationContext first = start();
		int port = port(first);
		try {
			for (int i = 0; i < 3; i++) {
				assertThat(RawHttp.get(port, "127.0.0.30", "/api/hello", "X-Tenant-Id: acme").status()).isEqualTo(403);
			}
			assertThat(RawHttp.get(port, "127.0.0.20", "/api/hello", "X-Tenant-Id: acme").status()).isEqualTo(200);
			assertThat(RawHttp.get(port, "127.0.0.200", "/api/hello").status()).isEqualTo(403);
			within(Duration.ofSeconds(10),
					() -> get(port, "/actuator/ipwhitelist/denials").path("denials").size() == 2);
			JsonNode all = get(port, "/actuator/ipwhitelist/denials");
			assertThat(all.path("more").asBoolean()).isFalse();
			JsonNode acmeRow = null;
			for (JsonNode row : all.path("denials")) {
				if ("acme".equals(row.path("tenant").asString())) {
					acmeRow = row;
				}
			}
			assertThat(acmeRow).isNotNull();
			assertThat(acmeRow.path("address").asString()).isEqualTo("127.0.0.30");
			assertThat(acmeRow.path("count").asLong()).isEqualTo(3);
			assertThat(acmeRow.path("code").asInt()).isEqualTo(1451);
			assertThat(acmeRow.path("lastPath").asString()).isEqualTo("/api/hello");
			JsonNode byAddress = get(port, "/actuator/ipwhitelist/denials?address=127.0.0.200");
			assertThat(byAddress.path("denials")).hasSize(1);
			assertThat(byAddress.path("denials").get(0).path("tenant").isNull()).isTrue();
			JsonNode health = get(port, "/actuator/health").path("components").path("ipwhitelist").path("details")
				.path("denialLog");
			assertThat(health.path("state").asString()).isEqualTo("up");
			assertThat(health.path("writtenDenials").asLong()).isEqualTo(4);
			// The management API: one tenant's rows only, with the same filters.
			JsonNode acme = get(port, "/admin/ip-whitelist/tenants/acme/denials?since=2000-01-01T00:00:00Z",
					StoreTestApplication.ADMIN);
			assertThat(acme.path("tenant").asString()).isEqualTo("acme");
			assertThat(acme.path("denials")).hasSize(1);
			assertThat(acme.path("denials").get(0).path("count").asLong()).isEqualTo(3);
			Response bad = RawHttp.get(port, "127.0.0.1", "/admin/ip-whitelist/tenants/acme/denials?since=yesterday",
					StoreTestApplication.ADMIN);
			assertThat(bad.status()).isEqualTo(400);
			assertThat(bad.body()).contains("since").contains("yesterday");
			Response badActuator = RawHttp.get(port, "127.0.0.1", "/actuator/ipwhitelist/denials?size=5000");
			assertThat(badActuator.status()).isEqualTo(400);
			assertThat(RawHttp.get(port, "127.0.0.1", "/admin/ip-whitelist/tenants/acme/denials").status())
				.isEqualTo(401);
		}
		finally {
			first.close();
		}
		ConfigurableApplicationContext second = start();
		try {
			int again = port(second);
			assertThat(get(again, "/actuator/ipwhitelist").path("recentDenied")).isEmpty();
			assertThat(get(again, "/actuator/ipwhitelist/denials?tenant=acme").path("denials")).hasSize(1);
			assertThat(get(again, "/actuator/ipwhitelist/denials").path("denials")).hasSize(2);
		}
		finally {
			second.close();
		}
	}

}
