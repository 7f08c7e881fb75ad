package io.github.ipwhitelist.store;

import java.util.ArrayList;
import java.util.List;

import io.github.ipwhitelist.it.RawHttp;
import io.github.ipwhitelist.it.RawHttp.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rule of the contract's "Management API and store" section, over a real port from real
 * source addresses, against a real database (each subclass names one). The poll interval is
 * an hour: what a request sees right after a change was applied by the change itself.
 */
@SpringBootTest(classes = StoreTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ip-whitelist.entries=127.0.0.0/8, ::1", "ip-whitelist.deny[0].address=127.0.0.99",
				"ip-whitelist.tenants.resolver=header",
				"ip-whitelist.tenants.policies.fixed.entries[0].address=127.0.0.5", "ip-whitelist.store.type=jdbc",
				"ip-whitelist.store.jdbc.initialize-schema=always", "ip-whitelist.store.poll-interval=1h",
				"ip-whitelist.admin.enabled=true" })
abstract class TenantStoreContractTests {

	static final String BASE = "/admin/ip-whitelist/tenants/";

	@LocalServerPort
	int port;

	@Autowired
	AuditEventRepository audits;

	Response admin(String method, String path, String body, String... headers) {
		List<String> all = new ArrayList<>(List.of(StoreTestApplication.ADMIN, "Content-Type: application/json"));
		all.addAll(List.of(headers));
		return RawHttp.send(this.port, "127.0.0.1", method, path, body, all.toArray(String[]::new));
	}

	Response api(String from, String tenant) {
		return RawHttp.get(this.port, from, "/api/hello", "X-Tenant-Id: " + tenant);
	}

	static JsonNode json(Response response) {
		return TenantJson.mapper().readTree(response.body());
	}

	@Test
	void putCreatesATenantAndGetReturnsItInCanonicalFormWithItsVersion() {
		Response put = admin("PUT", BASE + "created", """
				{"enabled": true, "mode": "strict", "reason": "onboarding",
				 "entries": [{"address": "127.0.0.5", "description": "office", "expiresAt": "2099-01-01",
				              "environments": ["Sandbox"]},
				             "2001:DB8:0:0::/32"],
				 "deny": [{"address": "127.0.0.6"}]}""");
		assertThat(put.status()).isEqualTo(200);
		assertThat(put.header("ETag")).isEqualTo("\"1\"");
		Response get = admin("GET", BASE + "created", null);
		assertThat(get.status()).isEqualTo(200);
		assertThat(get.header("ETag")).isEqualTo("\"1\"");
		assertThat(get.header("Content-Type")).startsWith("application/json");
		JsonNode body = json(get);
		assertThat(body.get("tenant").stringValue()).isEqualTo("created");
		assertThat(body.get("enabled").booleanValue()).isTrue();
		assertThat(body.get("mode").stringValue()).isEqualTo("strict");
		assertThat(body.get("version").longValue()).isEqualTo(1);
		JsonNode first = body.get("entries").get(0);
		assertThat(first.get("address").stringValue()).isEqualTo("127.0.0.5");
		assertThat(first.get("description").stringValue()).isEqualTo("office");
		assertThat(first.get("expiresAt").stringValue()).isEqualTo("2099-01-02T00:00:00Z");
		assertThat(first.get("environments").get(0).stringValue()).isEqualTo("sandbox");
		assertThat(body.get("entries").get(1).get("address").stringValue()).isEqualTo("2001:db8::/32");
		assertThat(body.get("deny").get(0).get("address").stringValue()).isEqualTo("127.0.0.6");
		assertThat(admin("GET", BASE + "never-created", null).status()).isEqualTo(404);
	}

	@Test
	void aChangeIsEnforcedOnThisInstanceBeforeItsResponseIsSent() {
		assertThat(api("127.0.0.6", "live").status()).isEqualTo(200); // no policy: no tenant gate
		assertThat(admin("PUT", BASE + "live", "{\"entries\": [\"127.0.0.5\"]}").status()).isEqualTo(200);
		assertThat(api("127.0.0.5", "live").status()).isEqualTo(200);
		Response denied = api("127.0.0.6", "live");
		assertThat(denied.status()).isEqualTo(403);
		assertThat(denied.body()).contains("1451");
		assertThat(admin("POST", BASE + "live/entries", "{\"entries\": [\"127.0.0.6\"], \"reason\": \"new office\"}")
			.status()).isEqualTo(200);
		assertThat(api("127.0.0.6", "live").status()).isEqualTo(200);
		assertThat(admin("POST", BASE + "live/entries", "{\"entries\": [\"127.0.0.6\"], \"list\": \"deny\"}").status())
			.isEqualTo(200);
		assertThat(api("127.0.0.6", "live").status()).isEqualTo(403);
		assertThat(admin("DELETE", BASE + "live/entries?address=127.0.0.6&list=deny", null).status()).isEqualTo(200);
		assertThat(admin("DELETE", BASE + "live/entries?address=127.0.0.5", null).status()).isEqualTo(200);
		assertThat(api("127.0.0.5", "live").status()).isEqualTo(403);
		assertThat(api("127.0.0.6", "live").status()).isEqualTo(200);
		assertThat(admin("PUT", BASE + "live", "{\"enabled\": false, \"entries\": []}").status()).isEqualTo(200);
		assertThat(api("127.0.0.7", "live").status()).isEqualTo(200);
		assertThat(admin("PUT", BASE + "live", "{\"mode\": \"permissive\", \"entries\": [], \"deny\": [\"127.0.0.7\"]}").status())
			.isEqualTo(200);
		assertThat(api("127.0.0.7", "live").status()).isEqualTo(403);
		assertThat(api("127.0.0.8", "live").status()).isEqualTo(200);
		assertThat(admin("DELETE", BASE + "live?reason=offboarded", null).status()).isEqualTo(204);
		assertThat(api("127.0.0.7", "live").status()).isEqualTo(200);
		assertThat(admin("GET", BASE + "live", null).status()).isEqualTo(404);
	}

	@Test
	void aStaleIfMatchGets412AndChangesNothing() {
		assertThat(admin("PUT", BASE + "cas", "{\"entries\": [\"127.0.0.5\"]}").header("ETag")).isEqualTo("\"1\"");
		Response second = admin("PUT", BASE + "cas", "{\"entries\": [\"127.0.0.6\"]}", "If-Match: \"1\"");
		assertThat(second.status()).isEqualTo(200);
		assertThat(second.header("ETag")).isEqualTo("\"2\"");
		Response stale = admin("PUT", BASE + "cas", "{\"entries\": [\"127.0.0.7\"]}", "If-Match: \"1\"");
		assertThat(stale.status()).isEqualTo(412);
		assertThat(stale.header("Content-Type")).startsWith("application/problem+json");
		assertThat(json(stale).get("currentVersion").longValue()).isEqualTo(2);
		assertThat(admin("POST", BASE + "cas/entries", "{\"entries\": [\"127.0.0.8\"]}", "If-Match: \"1\"").status())
			.isEqualTo(412);
		assertThat(admin("DELETE", BASE + "cas/entries?address=127.0.0.6", null, "If-Match: \"1\"").status())
			.isEqualTo(412);
		assertThat(admin("DELETE", BASE + "cas", null, "If-Match: \"1\"").status()).isEqualTo(412);
		assertThat(admin("PUT", BASE + "cas", "{\"entries\": []}", "If-Match: \"not-a-version\"").status()).isEqualTo(412);
		Response get = admin("GET", BASE + "cas", null);
		assertThat(get.header("ETag")).isEqualTo("\"2\"");
		assertThat(json(get).get("entries").get(0).get("address").stringValue()).isEqualTo("127.0.0.6");
		assertThat(json(admin("GET", BASE + "cas/history", null))).hasSize(2);
		assertThat(admin("PUT", BASE + "cas-absent", "{\"entries\": []}", "If-Match: \"1\"").status()).isEqualTo(412);
		assertThat(admin("PUT", BASE + "cas-absent", "{\"entries\": []}", "If-Match: *").status()).isEqualTo(412);
		assertThat(admin("PUT", BASE + "cas", "{\"entries\": [\"127.0.0.9\"]}", "If-Match: *").status())
			.isEqualTo(200);
		assertThat(admin("GET", BASE + "cas-absent", null).status()).isEqualTo(404);
		// Strong comparison only; one version at a time.
		assertThat(admin("PUT", BASE + "cas", "{\"entries\": []}", "If-Match: W/\"3\"").status()).isEqualTo(412);
		assertThat(admin("PUT", BASE + "cas", "{\"entries\": []}", "If-Match: \"2\", \"3\"").status())
			.isEqualTo(400);
		assertThat(admin("GET", BASE + "cas", null).header("ETag")).isEqualTo("\"3\"");
	}

	@Test
	void badInputGets400NamingEveryBadValueByItsPointerAndStoresNothing() {
		assertThat(admin("PUT", BASE + "checked", "{\"entries\": [\"127.0.0.5\"]}").status()).isEqualTo(200);
		Response bad = admin("PUT", BASE + "checked", """
				{"mode": "lenient", "colour": "red",
				 "entries": ["127.0.0.6", "10.0.0.1/8", {"address": "1.2.3.04"}, {"description": "no address"},
				             {"address": "127.0.0.6"}, {"address": "127.0.0.10", "expires_at": "2030-01-01"},
				             {"address": "127.0.0.11", "environments": ["pro duction"]}],
				 "deny": [{"address": "::1", "expiresAt": "tomorrow"}], "enabled": "yes"}""");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.header("Content-Type")).startsWith("application/problem+json");
		List<String> pointers = new ArrayList<>();
		json(bad).get("errors").forEach((error) -> pointers.add(error.get("pointer").stringValue()));
		assertThat(pointers).containsExactlyInAnyOrder("/colour", "/mode", "/enabled", "/entries/1",
				"/entries/2/address", "/entries/3/address", "/entries/4/address", "/entries/5/expires_at",
				"/entries/6/environments/0", "/deny/0/expiresAt");
		JsonNode hostBits = json(bad).get("errors").findValues("pointer").stream()
			.filter((pointer) -> pointer.stringValue().equals("/entries/1"))
			.findFirst()
			.orElseThrow();
		assertThat(hostBits).isNotNull();
		Response get = admin("GET", BASE + "checked", null);
		assertThat(get.header("ETag")).isEqualTo("\"1\"");
		assertThat(json(get).get("entries")).hasSize(1);
		assertThat(json(admin("GET", BASE + "checked/history", null))).hasSize(1);

		Response notJsonType = RawHttp.send(this.port, "127.0.0.1", "PUT", BASE + "checked", "{\"entries\": []}",
				StoreTestApplication.ADMIN, "Content-Type: text/plain");
		assertThat(notJsonType.status()).isEqualTo(415);
		Response control = admin("PUT", BASE + "checked",
				"{\"entries\": [{\"address\": \"127.0.0.5\", \"description\": \"a\\u0000b\"}], \"reason\": \"x\\ny\"}");
		assertThat(control.status()).isEqualTo(400);
		assertThat(control.body()).contains("/entries/0/description").contains("/reason");
		assertThat(admin("GET", BASE + "checked", null).header("ETag")).isEqualTo("\"1\"");
		Response notJson = admin("PUT", BASE + "checked-new", "{\"entries\": [");
		assertThat(notJson.status()).isEqualTo(400);
		assertThat(admin("POST", BASE + "checked-new/entries", "{\"entries\": []}").status()).isEqualTo(400);
		assertThat(admin("POST", BASE + "checked-new/entries", "{\"entries\": [\"127.0.0.5\"], \"list\": \"grey\"}")
			.status()).isEqualTo(400);
		assertThat(admin("DELETE", BASE + "checked/entries?address=127.0.0.300", null).status()).isEqualTo(400);
		assertThat(admin("DELETE", BASE + "checked/entries", null).status()).isEqualTo(400);
		assertThat(admin("GET", BASE + "checked-new", null).status()).isEqualTo(404);
		assertThat(admin("GET", BASE + "checked-new/history", null).status()).isEqualTo(404);

		Response badId = admin("PUT", BASE + "bad%21id", "{\"entries\": [\"127.0.0.5\"]}");
		assertThat(badId.status()).isEqualTo(400);
		assertThat(json(badId).get("errors").get(0).get("pointer").stringValue()).isEqualTo("tenant");
		String tooLong = "t".repeat(65);
		assertThat(admin("PUT", BASE + tooLong, "{\"entries\": []}").status()).isEqualTo(400);
		assertThat(admin("GET", BASE + tooLong, null).status()).isEqualTo(400);
	}

	@Test
	void aRangeIsEnforcedExactlyAndShownAsWritten() {
		Response put = admin("PUT", BASE + "ranged", "{\"entries\": [{\"address\": \"127.0.0.10-127.0.0.20\", "
				+ "\"description\": \"rack\"}, \"::ffff:127.0.0.30-127.0.0.31\", \"127.0.0.40\"]}");
		assertThat(put.status()).isEqualTo(200);
		List<String> addresses = new ArrayList<>();
		json(put).get("entries").forEach((entry) -> addresses.add(entry.get("address").stringValue()));
		assertThat(addresses).containsExactly("127.0.0.10-127.0.0.20", "127.0.0.30-127.0.0.31", "127.0.0.40");
		assertThat(api("127.0.0.10", "ranged").status()).isEqualTo(200);
		assertThat(api("127.0.0.20", "ranged").status()).isEqualTo(200);
		assertThat(api("127.0.0.9", "ranged").status()).isEqualTo(403);
		assertThat(api("127.0.0.21", "ranged").status()).isEqualTo(403);
		// Read back from the store as written, and removed as written: the whole range at once.
		List<String> stored = new ArrayList<>();
		json(admin("GET", BASE + "ranged", null)).get("entries")
			.forEach((entry) -> stored.add(entry.get("address").stringValue()));
		assertThat(stored).isEqualTo(addresses);
		assertThat(admin("DELETE", BASE + "ranged/entries?address=127.0.0.12/30", null).status()).isEqualTo(404);
		Response removed = admin("DELETE", BASE + "ranged/entries?address=127.0.0.10-127.0.0.20", null);
		assertThat(removed.status()).isEqualTo(200);
		assertThat(json(removed).get("entries")).hasSize(2);
		assertThat(api("127.0.0.15", "ranged").status()).isEqualTo(403);
		Response bad = admin("PUT", BASE + "ranged", "{\"entries\": [\"127.0.0.20-127.0.0.10\"]}");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(json(bad).get("errors").get(0).get("pointer").stringValue()).isEqualTo("/entries/0");
	}

	@Test
	void aReplacementWithoutListsLeavesThemEmptyAndCanSwitchTheGateOff() {
		assertThat(admin("PUT", BASE + "switched", "{\"entries\": [\"127.0.0.5\"]}").status()).isEqualTo(200);
		assertThat(api("127.0.0.6", "switched").status()).isEqualTo(403);
		Response off = admin("PUT", BASE + "switched", "{\"enabled\": false, \"reason\": \"partner asked\"}");
		assertThat(off.status()).isEqualTo(200);
		assertThat(json(off).get("enabled").booleanValue()).isFalse();
		assertThat(json(off).get("entries")).isEmpty();
		assertThat(api("127.0.0.6", "switched").status()).isEqualTo(200);
	}

	@Test
	void postAddsEntriesCreatingAnEnabledStrictTenantAndReplacesAnEntryOfTheSameAddress() {
		Response created = admin("POST", BASE + "added/entries",
				"{\"entries\": [{\"address\": \"127.0.0.5\", \"description\": \"first\"}], \"list\": \"allow\"}");
		assertThat(created.status()).isEqualTo(200);
		JsonNode body = json(created);
		assertThat(body.get("enabled").booleanValue()).isTrue();
		assertThat(body.get("mode").stringValue()).isEqualTo("strict");
		assertThat(created.header("ETag")).isEqualTo("\"1\"");
		Response again = admin("POST", BASE + "added/entries",
				"{\"entries\": [{\"address\": \"127.0.0.5\", \"description\": \"renamed\"}, \"127.0.0.6\"]}");
		JsonNode entries = json(again).get("entries");
		assertThat(entries).hasSize(2);
		assertThat(entries.get(0).get("description").stringValue()).isEqualTo("renamed");
		assertThat(again.header("ETag")).isEqualTo("\"2\"");
		assertThat(admin("DELETE", BASE + "added/entries?address=127.0.0.7", null).status()).isEqualTo(404);
		assertThat(admin("DELETE", BASE + "added/entries?address=127.0.0.5&list=deny", null).status())
			.isEqualTo(404);
		assertThat(admin("DELETE", BASE + "nobody/entries?address=127.0.0.5", null).status()).isEqualTo(404);
		assertThat(admin("DELETE", BASE + "nobody", null).status()).isEqualTo(404);
		assertThat(admin("GET", BASE + "added", null).header("ETag")).isEqualTo("\"2\"");
	}

	@Test
	void theHistoryKeepsWhoWhenWhatWhyBeforeAndAfterNewestFirstAlsoAfterDeletion() {
		admin("PUT", BASE + "audited", "{\"entries\": [\"127.0.0.5\"], \"reason\": \"ticket 1\"}");
		admin("POST", BASE + "audited/entries", "{\"entries\": [\"127.0.0.6\"], \"reason\": \"ticket 2\"}");
		admin("DELETE", BASE + "audited/entries?address=127.0.0.5&reason=ticket%203", null);
		admin("DELETE", BASE + "audited?reason=ticket%204", null);
		JsonNode history = json(admin("GET", BASE + "audited/history", null));
		assertThat(history).hasSize(4);
		assertThat(history.get(0).get("version").longValue()).isEqualTo(4);
		assertThat(history.get(0).get("action").stringValue()).isEqualTo("delete");
		assertThat(history.get(0).get("reason").stringValue()).isEqualTo("ticket 4");
		assertThat(history.get(0).get("after").isNull()).isTrue();
		assertThat(history.get(0).get("before").get("entries").get(0).get("address").stringValue())
			.isEqualTo("127.0.0.6");
		assertThat(history.get(1).get("action").stringValue()).isEqualTo("remove-entry");
		assertThat(history.get(1).get("reason").stringValue()).isEqualTo("ticket 3");
		assertThat(history.get(2).get("action").stringValue()).isEqualTo("add-entries");
		assertThat(history.get(2).get("before").get("entries")).hasSize(1);
		assertThat(history.get(2).get("after").get("entries")).hasSize(2);
		assertThat(history.get(3).get("action").stringValue()).isEqualTo("replace");
		assertThat(history.get(3).get("before").isNull()).isTrue();
		for (JsonNode record : history) {
			assertThat(record.get("by").stringValue()).isEqualTo("admin");
			assertThat(record.get("at").stringValue()).endsWith("Z");
		}
		// Created again after deletion: the version goes on, never back.
		assertThat(admin("PUT", BASE + "audited", "{\"entries\": []}").header("ETag")).isEqualTo("\"5\"");
	}

	@Test
	void everyChangeIsAnAuditEventWithPrincipalTenantActionAndReason() {
		admin("PUT", BASE + "evented", "{\"entries\": [\"127.0.0.5\"], \"reason\": \"why not\"}");
		List<AuditEvent> events = this.audits.find("admin", null, "IP_WHITELIST_CHANGED")
			.stream()
			.filter((event) -> "evented".equals(event.getData().get("tenant")))
			.toList();
		assertThat(events).hasSize(1);
		assertThat(events.get(0).getData()).containsEntry("action", "replace")
			.containsEntry("reason", "why not")
			.containsEntry("version", 1L);
	}

	@Test
	void aTenantDefinedInThePropertiesCannotBeChangedThroughTheApi() {
		Response put = admin("PUT", BASE + "fixed", "{\"entries\": [\"127.0.0.6\"]}");
		assertThat(put.status()).isEqualTo(409);
		assertThat(json(put).get("definedBy").stringValue()).isEqualTo("ip-whitelist.tenants.policies.fixed");
		assertThat(admin("POST", BASE + "fixed/entries", "{\"entries\": [\"127.0.0.6\"]}").status()).isEqualTo(409);
		assertThat(admin("DELETE", BASE + "fixed/entries?address=127.0.0.5", null).status()).isEqualTo(409);
		assertThat(admin("DELETE", BASE + "fixed", null).status()).isEqualTo(409);
		assertThat(api("127.0.0.6", "fixed").status()).isEqualTo(403);
		assertThat(api("127.0.0.5", "fixed").status()).isEqualTo(200);
	}

	@Test
	void callersNeedAuthenticationAndTheAuthorityAndPassTheAddressGates() {
		Response anonymous = RawHttp.send(this.port, "127.0.0.1", "PUT", BASE + "guarded",
				"{\"entries\": []}", "Content-Type: application/json");
		assertThat(anonymous.status()).isEqualTo(401);
		Response viewer = RawHttp.send(this.port, "127.0.0.1", "PUT", BASE + "guarded", "{\"entries\": []}",
				StoreTestApplication.VIEWER, "Content-Type: application/json");
		assertThat(viewer.status()).isEqualTo(403);
		assertThat(viewer.body()).contains("ROLE_IP_WHITELIST_ADMIN");
		assertThat(RawHttp.get(this.port, "127.0.0.1", BASE + "guarded", StoreTestApplication.VIEWER).status())
			.isEqualTo(403);
		Response deniedAddress = RawHttp.send(this.port, "127.0.0.99", "PUT", BASE + "guarded", "{\"entries\": []}",
				StoreTestApplication.ADMIN, "Content-Type: application/json");
		assertThat(deniedAddress.status()).isEqualTo(403);
		assertThat(deniedAddress.body()).contains("1451");
		assertThat(admin("GET", BASE + "guarded", null).status()).isEqualTo(404);
		assertThat(RawHttp.get(this.port, "::1", BASE + "guarded", StoreTestApplication.ADMIN).status())
			.isEqualTo(404);
	}


	@Test
	void twoSupportAgentsCreatingTheSameTenantAtOnceBothLandOneAfterTheOther() throws Exception {
		for (int round = 0; round < 5; round++) {
			String tenant = "raced-" + round;
			java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
			java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
			try {
				List<java.util.concurrent.Future<Response>> results = new ArrayList<>();
				for (String address : List.of("127.0.0.10", "127.0.0.11")) {
					results.add(pool.submit(() -> {
						start.await();
						return admin("PUT", BASE + tenant, "{\"entries\": [\"" + address + "\"]}");
					}));
				}
				start.countDown();
				List<String> etags = new ArrayList<>();
				for (java.util.concurrent.Future<Response> result : results) {
					Response response = result.get(30, java.util.concurrent.TimeUnit.SECONDS);
					assertThat(response.status()).as(response.body()).isEqualTo(200);
					etags.add(response.header("ETag"));
				}
				assertThat(etags).containsExactlyInAnyOrder("\"1\"", "\"2\"");
				assertThat(json(admin("GET", BASE + tenant + "/history", null))).hasSize(2);
			}
			finally {
				pool.shutdownNow();
			}
		}
	}

}
