package io.github.ipwhitelist.sample;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.github.ipwhitelist.it.RawHttp;
import io.github.ipwhitelist.it.RawHttp.Response;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application over a real port, from real loopback source addresses: the address
 * check comes first, then the API key, then the signature; no layer bypasses another, and
 * each failure has its own status and code.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ThreeLayersTests {

	static final JsonMapper json = JsonMapper.builder().build();

	static final String KEY = "demo-api-key-7f3a9c";

	static final String SECRET = "demo-hmac-secret-change-me";

	static final String BANKS = "/api/v1/payment-providers/banks";

	static final String LISTED = "127.0.0.1";

	static final String UNLISTED = "127.0.0.5";

	@LocalServerPort
	int port;

	/** Headers of a correctly signed request. */
	static String[] signed(String method, String path, String body, String nonce, long timestamp, String key,
			String secret) {
		try {
			String bodyHash = HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
			String query = path.contains("?") ? path.substring(path.indexOf('?') + 1) : "";
			String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
			String canonical = method + "\n" + bare + "\n" + query + "\n" + timestamp + "\n" + nonce + "\n" + bodyHash;
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			String signature = HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
			List<String> headers = new ArrayList<>(List.of("Authorization: Bearer " + key, "X-Timestamp: " + timestamp,
					"X-Nonce: " + nonce, "X-Signature: " + signature));
			if (!body.isEmpty()) {
				headers.add("Content-Type: application/json");
			}
			return headers.toArray(String[]::new);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String[] signed(String method, String path, String body) {
		return signed(method, path, body, nonce(), Instant.now().getEpochSecond(), KEY, SECRET);
	}

	static String nonce() {
		return UUID.randomUUID().toString().replace("-", "");
	}

	Response get(String from, String path, String... headers) {
		return RawHttp.get(this.port, from, path, headers);
	}

	static int code(Response response) {
		JsonNode body = json.readTree(response.body());
		return body.has("code") ? body.get("code").asInt() : body.get("error").get("code").asInt();
	}

	@Nested
	class AllLayersPass {

		@Test
		void signedRequestFromListedAddressGetsBanks() {
			Response response = get(LISTED, BANKS, signed("GET", BANKS, ""));
			assertThat(response.status()).isEqualTo(200);
			assertThat(json.readTree(response.body()).get(0).get("bic").asString()).isEqualTo("DEMOGB2L");
		}

		@Test
		void signedPaymentFromIpv6LoopbackIsCreated() {
			String body = "{\"bank\":\"DEMOGB2L\",\"amount\":12.50,\"currency\":\"EUR\"}";
			Response response = RawHttp.send(ThreeLayersTests.this.port, "::1", "POST", "/api/v1/payments", body,
					signed("POST", "/api/v1/payments", body));
			assertThat(response.status()).isEqualTo(201);
			JsonNode payment = json.readTree(response.body());
			assertThat(payment.get("client").asString()).isEqualTo("demo-client");
			assertThat(payment.get("status").asString()).isEqualTo("ACCEPTED");
		}

	}

	@Nested
	class AddressComesFirst {

		@Test
		void validSignatureDoesNotBypassTheAddressCheck() {
			Response response = get(UNLISTED, BANKS, signed("GET", BANKS, ""));
			assertThat(response.status()).isEqualTo(403);
			assertThat(code(response)).isEqualTo(1451);
		}

		@Test
		void deniedAddressWithBadKeyGets1451Not2001() {
			Response response = get(UNLISTED, BANKS, "Authorization: Bearer wrong");
			assertThat(response.status()).isEqualTo(403);
			assertThat(code(response)).isEqualTo(1451);
		}

		@Test
		void deniedRequestNeverReachesTheSignatureLayer() {
			// The signature layer remembers every nonce it accepts. A denied request with a valid
			// signature leaves its nonce unused: the same request then passes from a listed address.
			String nonce = nonce();
			long now = Instant.now().getEpochSecond();
			assertThat(get(UNLISTED, BANKS, signed("GET", BANKS, "", nonce, now, KEY, SECRET)).status()).isEqualTo(403);
			assertThat(get(LISTED, BANKS, signed("GET", BANKS, "", nonce, now, KEY, SECRET)).status()).isEqualTo(200);
			Response replay = get(LISTED, BANKS, signed("GET", BANKS, "", nonce, now, KEY, SECRET));
			assertThat(replay.status()).isEqualTo(401);
			assertThat(code(replay)).isEqualTo(2003);
		}

		@Test
		void denyEntryOfTheOfficeRangeWins() {
			// 203.0.113.66 is denied inside the listed 203.0.113.0/24; shown through the explain endpoint.
			Response response = get(LISTED, "/actuator/ipwhitelist/203.0.113.66", "Authorization: Basic "
					+ java.util.Base64.getEncoder().encodeToString("admin:admin-password".getBytes()));
			assertThat(response.status()).isEqualTo(200);
			assertThat(json.readTree(response.body()).get("reason").asString())
				.isEqualTo("denied by deny entry 203.0.113.66 (compromised kiosk)");
		}

	}

	@Nested
	class ListedAddressIsNotEnough {

		@Test
		void missingKeyGets401With2001() {
			Response response = get(LISTED, BANKS);
			assertThat(response.status()).isEqualTo(401);
			assertThat(code(response)).isEqualTo(2001);
		}

		@Test
		void wrongKeyGets401With2001() {
			Response response = get(LISTED, BANKS, signed("GET", BANKS, "", nonce(), Instant.now().getEpochSecond(),
					"not-the-key", SECRET));
			assertThat(response.status()).isEqualTo(401);
			assertThat(code(response)).isEqualTo(2001);
		}

		@Test
		void keyWithoutSignatureGets401With2002() {
			Response response = get(LISTED, BANKS, "Authorization: Bearer " + KEY);
			assertThat(response.status()).isEqualTo(401);
			assertThat(code(response)).isEqualTo(2002);
		}

		@Test
		void wrongSignatureGets401With2002() {
			Response response = get(LISTED, BANKS, signed("GET", BANKS, "", nonce(), Instant.now().getEpochSecond(), KEY,
					"wrong-secret"));
			assertThat(response.status()).isEqualTo(401);
			assertThat(code(response)).isEqualTo(2002);
		}

		@Test
		void tamperedBodyGets401With2002() {
			String signedBody = "{\"bank\":\"DEMOGB2L\",\"amount\":1.00,\"currency\":\"EUR\"}";
			String sentBody = "{\"bank\":\"DEMOGB2L\",\"amount\":9999.00,\"currency\":\"EUR\"}";
			Response response = RawHttp.send(ThreeLayersTests.this.port, LISTED, "POST", "/api/v1/payments", sentBody,
					signed("POST", "/api/v1/payments", signedBody));
			assertThat(response.status()).isEqualTo(401);
			assertThat(code(response)).isEqualTo(2002);
		}

		@Test
		void replayedRequestGets401With2003() {
			String[] headers = signed("GET", BANKS, "");
			assertThat(get(LISTED, BANKS, headers).status()).isEqualTo(200);
			Response replay = get(LISTED, BANKS, headers);
			assertThat(replay.status()).isEqualTo(401);
			assertThat(code(replay)).isEqualTo(2003);
		}

		@Test
		void staleTimestampGets401With2004() {
			Response response = get(LISTED, BANKS,
					signed("GET", BANKS, "", nonce(), Instant.now().minusSeconds(3600).getEpochSecond(), KEY, SECRET));
			assertThat(response.status()).isEqualTo(401);
			assertThat(code(response)).isEqualTo(2004);
		}

	}

	@Nested
	class Actuator {

		static final String ADMIN = "Authorization: Basic "
				+ java.util.Base64.getEncoder().encodeToString("admin:admin-password".getBytes());

		@Test
		void healthIsOpenFromAnyAddress() {
			assertThat(get(UNLISTED, "/actuator/health").status()).isEqualTo(200);
		}

		@Test
		void endpointNeedsTheAdminLogin() {
			assertThat(get(LISTED, "/actuator/ipwhitelist").status()).isEqualTo(401);
			Response response = get(LISTED, "/actuator/ipwhitelist", ADMIN);
			assertThat(response.status()).isEqualTo(200);
			assertThat(json.readTree(response.body()).get("mode").asString()).isEqualTo("STRICT");
		}

		@Test
		void adminLoginDoesNotBypassTheAddressCheck() {
			Response response = get(UNLISTED, "/actuator/ipwhitelist", ADMIN);
			assertThat(response.status()).isEqualTo(403);
			assertThat(code(response)).isEqualTo(1451);
		}

		@Test
		void denialsAreAuditEvents() {
			get(UNLISTED, BANKS, "X-Request-Id: audit-check-1");
			Response response = get(LISTED, "/actuator/auditevents?type=IP_WHITELIST_DENIED", ADMIN);
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).contains("\"principal\":\"127.0.0.5\"").contains("audit-check-1");
		}

	}

}
