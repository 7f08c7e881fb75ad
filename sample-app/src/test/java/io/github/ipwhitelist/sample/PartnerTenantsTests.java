package io.github.ipwhitelist.sample;

import java.time.Instant;

import io.github.ipwhitelist.event.IpWhitelistEntryExpiryEvent;
import io.github.ipwhitelist.it.RawHttp;
import io.github.ipwhitelist.it.RawHttp.Response;
import io.github.ipwhitelist.rules.IpEntry;
import io.github.ipwhitelist.rules.TenantPolicy;
import io.github.ipwhitelist.rules.TenantTable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;

import static io.github.ipwhitelist.sample.ThreeLayersTests.BANKS;
import static io.github.ipwhitelist.sample.ThreeLayersTests.code;
import static io.github.ipwhitelist.sample.ThreeLayersTests.json;
import static io.github.ipwhitelist.sample.ThreeLayersTests.nonce;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's partner organizations over a real port, through its real API-key and signature
 * filters: each partner's own list, the binding of the named partner to the partner the key
 * proves, a permissive partner on its way to strict, a partner without whitelisting.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class PartnerTenantsTests {

	static final String ACME_KEY = "acme-api-key-51c2e8";

	static final String GLOBEX_KEY = "globex-api-key-9b04d1";

	static final String INITECH_KEY = "initech-api-key-3e77aa";

	@LocalServerPort
	int port;

	@Autowired
	PartnerNotifications notifications;

	@Autowired
	TenantTable tenants;

	@Autowired
	ApplicationEventPublisher publisher;

	private Response banks(String from, String tenant, String key, String secret) {
		String[] signed = ThreeLayersTests.signed("GET", BANKS, "", nonce(), Instant.now().getEpochSecond(), key,
				secret);
		String[] headers = new String[signed.length + 1];
		System.arraycopy(signed, 0, headers, 0, signed.length);
		headers[signed.length] = (tenant != null) ? "X-Tenant-Id: " + tenant : "X-Trace: none";
		return RawHttp.get(this.port, from, BANKS, headers);
	}

	private JsonNode admin(String path) {
		Response response = RawHttp.get(this.port, "127.0.0.1", path, "Authorization: Basic YWRtaW46YWRtaW4tcGFzc3dvcmQ=");
		assertThat(response.status()).as(path).isEqualTo(200);
		return json.readTree(response.body());
	}

	@Test
	void aPartnerFromItsOwnAddressesGetsThrough() {
		assertThat(banks("127.0.0.33", "acme", ACME_KEY, "acme-hmac-secret").status()).isEqualTo(200);
		assertThat(banks("::1", "acme", ACME_KEY, "acme-hmac-secret").status()).isEqualTo(200);
		// The sandbox entry applies in this (sandbox) deployment; the production one does not.
		assertThat(banks("127.0.0.34", "acme", ACME_KEY, "acme-hmac-secret").status()).isEqualTo(200);
		assertThat(banks("127.0.0.35", "acme", ACME_KEY, "acme-hmac-secret").status()).isEqualTo(403);
	}

	@Test
	void aPartnerIsDeniedByItsOwnListBeforeItsKeyIsLookedAt() {
		// A wrong key too: 1451 (not 2001) shows the key was never checked.
		Response response = banks("127.0.0.44", "acme", "not-a-key", "x");
		assertThat(response.status()).isEqualTo(403);
		assertThat(code(response)).isEqualTo(1451);
	}

	@Test
	void namingOnePartnerWithAnotherPartnersKeyIsDenied() {
		// From Acme's address, naming Acme, with Globex's valid key and signature.
		Response response = banks("127.0.0.33", "acme", GLOBEX_KEY, "globex-hmac-secret");
		assertThat(response.status()).isEqualTo(403);
		assertThat(code(response)).isEqualTo(1451);
		JsonNode acme = admin("/actuator/ipwhitelist/tenants/acme");
		assertThat(acme.get("recentDenied").toString()).contains("the credentials prove tenant globex");
	}

	@Test
	void namingNoPartnerStillHoldsTheKeyToItsPartnersList() {
		assertThat(banks("127.0.0.33", null, ACME_KEY, "acme-hmac-secret").status()).isEqualTo(200);
		Response response = banks("127.0.0.44", null, ACME_KEY, "acme-hmac-secret");
		assertThat(response.status()).isEqualTo(403);
		assertThat(code(response)).isEqualTo(1451);
		// Naming another partner to escape: still denied.
		assertThat(banks("127.0.0.44", "initech", ACME_KEY, "acme-hmac-secret").status()).isEqualTo(403);
	}

	@Test
	void aPermissivePartnerRecordsItsNotListedCallers() {
		assertThat(banks("127.0.0.45", "globex", GLOBEX_KEY, "globex-hmac-secret").status()).isEqualTo(200);
		JsonNode globex = admin("/actuator/ipwhitelist/tenants/globex");
		assertThat(globex.get("mode").asString()).isEqualTo("PERMISSIVE");
		assertThat(globex.get("notListed").toString()).contains("127.0.0.45");
	}

	@Test
	void aPartnerWithoutWhitelistingHasNoSecondGate() {
		assertThat(banks("127.0.0.46", "initech", INITECH_KEY, "initech-hmac-secret").status()).isEqualTo(200);
		assertThat(banks("127.0.0.46", null, INITECH_KEY, "initech-hmac-secret").status()).isEqualTo(200);
	}

	@Test
	void theEndpointShowsEveryPartner() {
		JsonNode page = admin("/actuator/ipwhitelist/tenants");
		assertThat(page.get("total").asInt()).isEqualTo(3);
		assertThat(page.get("tenants").findValuesAsString("tenant")).containsExactly("acme", "globex", "initech");
		JsonNode explained = admin("/actuator/ipwhitelist/127.0.0.44?tenant=acme");
		assertThat(explained.get("allowed").asBoolean()).isFalse();
		assertThat(explained.get("gate").asString()).isEqualTo("tenant");
	}

	@Test
	void anExpiringEntryIsAnnouncedToItsPartner() {
		// The contractor entry expires 2027-01-02; the starter publishes the event when it comes
		// within the 7-day warning. Here the event is published as the starter does.
		TenantPolicy acme = this.tenants.get("acme");
		IpEntry contractor = acme.allowEntries()
			.stream()
			.filter((entry) -> entry.expiresAt() != null)
			.findFirst()
			.orElseThrow();
		this.publisher.publishEvent(new IpWhitelistEntryExpiryEvent(this, IpWhitelistEntryExpiryEvent.Kind.EXPIRING_SOON,
				"acme", contractor, contractor.expiresAt()));
		assertThat(this.notifications.sent()).anyMatch((notice) -> notice.startsWith("to acme: whitelisted address "
				+ "127.0.0.36 (Acme contractor, 30 days) expires at 2027-01-03T00:00:00Z"));
	}

}
