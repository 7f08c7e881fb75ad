package io.github.ipwhitelist.it;

import io.github.ipwhitelist.it.RawHttp.Response;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.github.ipwhitelist.it.ForwardingHeaderSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * A single-address header (a CDN's {@code CF-Connecting-IP}) over a real port from real source
 * addresses: read only from a trusted proxy, exactly one address, anything else 1452.
 */
@SpringBootTest(classes = ApiKeyTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ip-whitelist.entries=192.0.2.7,2001:db8::7,127.0.0.2",
				"ip-whitelist.client-ip.trusted-proxies=127.0.0.10/32", "ip-whitelist.client-ip.header=CF-Connecting-IP" })
class SingleAddressHeaderTests {

	@LocalServerPort
	int port;

	Response get(String from, String... headers) {
		String[] all = new String[headers.length + 1];
		all[0] = "Authorization: " + AUTH;
		System.arraycopy(headers, 0, all, 1, headers.length);
		return RawHttp.get(this.port, from, "/api/hello", all);
	}

	int code(Response response) {
		return json.readTree(response.body()).get("code").asInt();
	}

	@Test
	void theAddressATrustedProxyNamesIsTheClient() {
		assertThat(get("127.0.0.10", "CF-Connecting-IP: 192.0.2.7").status()).isEqualTo(200);
		assertThat(get("127.0.0.10", "cf-connecting-ip:  2001:db8::7 ").status()).isEqualTo(200);
		Response denied = get("127.0.0.10", "CF-Connecting-IP: 198.51.100.1");
		assertThat(denied.status()).isEqualTo(403);
		assertThat(json.readTree(denied.body()).get("blockedIp").asString()).isEqualTo("198.51.100.1");
		// Other forwarding headers mean nothing here.
		assertThat(get("127.0.0.10", "X-Forwarded-For: 192.0.2.7").status()).isEqualTo(403);
	}

	@Test
	void anythingButOneValidAddressIs1452() {
		for (String[] headers : new String[][] { { "CF-Connecting-IP: 192.0.2.7, 198.51.100.1" },
				{ "CF-Connecting-IP: 192.0.2.7", "CF-Connecting-IP: 192.0.2.7" }, { "CF-Connecting-IP: garbage" },
				{ "CF-Connecting-IP: 192.0.2.007" }, { "CF-Connecting-IP: [2001:db8::7]:443" },
				{ "CF-Connecting-IP: " } }) {
			Response response = get("127.0.0.10", headers);
			assertThat(response.status()).as(String.join(" | ", headers)).isEqualTo(403);
			assertThat(code(response)).as(String.join(" | ", headers)).isEqualTo(1452);
		}
	}

	@Test
	void fromAnUntrustedPeerTheHeaderIsIgnored() {
		Response response = get("127.0.0.9", "CF-Connecting-IP: 192.0.2.7");
		assertThat(response.status()).isEqualTo(403);
		assertThat(json.readTree(response.body()).get("blockedIp").asString()).isEqualTo("127.0.0.9");
		assertThat(get("127.0.0.2", "CF-Connecting-IP: 198.51.100.1").status()).isEqualTo(200);
	}

}
