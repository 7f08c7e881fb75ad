package io.github.ipwhitelist.sample;

import java.time.Instant;

import io.github.ipwhitelist.it.RawHttp;
import io.github.ipwhitelist.it.RawHttp.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.github.ipwhitelist.sample.ThreeLayersTests.BANKS;
import static io.github.ipwhitelist.sample.ThreeLayersTests.code;
import static io.github.ipwhitelist.sample.ThreeLayersTests.json;
import static io.github.ipwhitelist.sample.ThreeLayersTests.nonce;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "Managing lists at runtime" walkthrough over a real port: support switches on
 * Umbrella's whitelist through the management API, replaces the list for a server migration,
 * loses a race to a stale version, and reads the history; each change decides Umbrella's
 * signed requests at once. The partners of the properties cannot be changed there.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ManagedPartnerTests {

	static final String SUPPORT = "Authorization: Basic YWRtaW46YWRtaW4tcGFzc3dvcmQ=";

	static final String UMBRELLA = "/admin/ip-whitelist/tenants/umbrella";

	@LocalServerPort
	int port;

	private int banks(String from) {
		String[] signed = ThreeLayersTests.signed("GET", BANKS, "", nonce(), Instant.now().getEpochSecond(),
				"umbrella-api-key-4c9e21", "umbrella-hmac-secret");
		String[] headers = new String[signed.length + 1];
		System.arraycopy(signed, 0, headers, 0, signed.length);
		headers[signed.length] = "X-Tenant-Id: umbrella";
		return RawHttp.get(this.port, from, BANKS, headers).status();
	}

	private Response support(String method, String path, String body, String... more) {
		String[] headers = new String[more.length + 2];
		headers[0] = SUPPORT;
		headers[1] = "Content-Type: application/json";
		System.arraycopy(more, 0, headers, 2, more.length);
		return RawHttp.send(this.port, "127.0.0.1", method, path, body, headers);
	}

	@Test
	void supportManagesAPartnersListAtRuntime() {
		assertThat(banks("127.0.0.50")).isEqualTo(200); // no policy yet: no second gate
		Response added = support("POST", UMBRELLA + "/entries",
				"{\"entries\":[{\"address\":\"127.0.0.50\",\"description\":\"Umbrella API server\"}],"
						+ "\"reason\":\"ticket 4711: enable whitelisting\"}");
		assertThat(added.status()).isEqualTo(200);
		assertThat(added.header("ETag")).isEqualTo("\"1\"");
		assertThat(banks("127.0.0.50")).isEqualTo(200);
		assertThat(banks("127.0.0.51")).isEqualTo(403);

		Response replaced = support("PUT", UMBRELLA,
				"{\"mode\":\"strict\",\"entries\":[{\"address\":\"127.0.0.51\",\"description\":\"new server\"},"
						+ "{\"address\":\"127.0.0.52\",\"description\":\"old server, until the move\",\"expiresAt\":\"2030-01-31\"}],"
						+ "\"reason\":\"ticket 4712: server migration\"}",
				"If-Match: \"1\"");
		assertThat(replaced.status()).isEqualTo(200);
		assertThat(banks("127.0.0.51")).isEqualTo(200);
		assertThat(banks("127.0.0.50")).isEqualTo(403);

		Response stale = support("PUT", UMBRELLA, "{\"entries\":[\"127.0.0.53\"]}", "If-Match: \"1\"");
		assertThat(stale.status()).isEqualTo(412);
		assertThat(banks("127.0.0.53")).isEqualTo(403);

		JsonNode history = json.readTree(support("GET", UMBRELLA + "/history", null).body());
		assertThat(history).hasSize(2);
		assertThat(history.get(0).get("reason").asString()).isEqualTo("ticket 4712: server migration");
		assertThat(history.get(0).get("by").asString()).isEqualTo("admin");
		assertThat(history.get(1).get("action").asString()).isEqualTo("add-entries");

		Response fixed = support("POST", "/admin/ip-whitelist/tenants/acme/entries", "{\"entries\":[\"127.0.0.54\"]}");
		assertThat(fixed.status()).isEqualTo(409);
	}

	@Test
	void theManagementApiNeedsTheSupportLoginAndPassesTheAddressGate() {
		assertThat(RawHttp.get(this.port, "127.0.0.1", UMBRELLA).status()).isEqualTo(401);
		Response unlisted = RawHttp.get(this.port, "127.0.0.5", UMBRELLA, SUPPORT);
		assertThat(unlisted.status()).isEqualTo(403);
		assertThat(code(unlisted)).isEqualTo(1451);
	}

}
