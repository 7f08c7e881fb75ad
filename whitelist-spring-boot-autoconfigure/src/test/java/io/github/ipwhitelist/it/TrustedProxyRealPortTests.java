package io.github.ipwhitelist.it;

import io.github.ipwhitelist.it.RawHttp.Response;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.github.ipwhitelist.it.ForwardingHeaderSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

@SpringBootTest(classes = ApiKeyTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ip-whitelist.entries=192.0.2.7,127.0.0.2",
				"ip-whitelist.client-ip.trusted-proxies=127.0.0.10/32,127.0.0.11/32" })
class TrustedProxyRealPortTests {

	@LocalServerPort
	int port;

	Response get(String from, String... headers) {
		String[] all = new String[headers.length + 1];
		all[0] = "Authorization: " + AUTH;
		System.arraycopy(headers, 0, all, 1, headers.length);
		return RawHttp.get(this.port, from, "/api/hello", all);
	}

	@Test
	void listedClientBehindTrustedProxyPasses() {
		assertThat(get("127.0.0.10", "X-Forwarded-For: 6.6.6.6, 192.0.2.7").status()).isEqualTo(200);
	}

	@Test
	void listedClientBehindTwoTrustedProxiesPasses() {
		assertThat(get("127.0.0.10", "X-Forwarded-For: 6.6.6.6, 192.0.2.7, 127.0.0.11").status()).isEqualTo(200);
	}

	@Test
	void unlistedClientBehindTrustedProxyIsDeniedByItsOwnAddress() {
		Response response = get("127.0.0.10", "X-Forwarded-For: 192.0.2.7, 198.51.100.1");
		assertThat(response.status()).isEqualTo(403);
		assertThat(json.readTree(response.body()).get("blockedIp").asString()).isEqualTo("198.51.100.1");
	}

	@Test
	void repeatedHeaderLinesFormOneChain() {
		assertThat(get("127.0.0.10", "X-Forwarded-For: 6.6.6.6", "X-Forwarded-For: 192.0.2.7").status())
			.isEqualTo(200);
		Response response = get("127.0.0.10", "X-Forwarded-For: 192.0.2.7", "X-Forwarded-For: 6.6.6.6");
		assertThat(json.readTree(response.body()).get("blockedIp").asString()).isEqualTo("6.6.6.6");
	}

	@Test
	void malformedHopIsDenied1452AndNeverFallsBackToTheProxy() {
		Response response = get("127.0.0.10", "X-Forwarded-For: 192.0.2.7, garbage");
		assertThat(response.status()).isEqualTo(403);
		assertThat(json.readTree(response.body()).get("code").asInt()).isEqualTo(1452);
	}

	@Test
	void headerFromUntrustedPeerIsIgnored() {
		Response response = get("127.0.0.9", "X-Forwarded-For: 192.0.2.7");
		assertThat(response.status()).isEqualTo(403);
		assertThat(json.readTree(response.body()).get("blockedIp").asString()).isEqualTo("127.0.0.9");
	}

	@Test
	void trustedProxyWithoutHeaderIsItselfTheClient() {
		Response response = get("127.0.0.10");
		assertThat(json.readTree(response.body()).get("blockedIp").asString()).isEqualTo("127.0.0.10");
	}

	@Test
	void listedPeerWithoutProxyPasses() {
		assertThat(get("127.0.0.2").status()).isEqualTo(200);
	}

}
