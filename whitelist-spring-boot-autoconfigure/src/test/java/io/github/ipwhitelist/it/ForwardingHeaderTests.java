package io.github.ipwhitelist.it;

import io.github.ipwhitelist.it.RawHttp.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The header rows of SECURITY-CASES.md over real requests. Only 127.0.0.1 is listed, so every
 * resolved client other than it is denied and named in {@code blockedIp}: the body shows what
 * the resolver decided. T, the trusted proxy, is 10.0.0.2 for MockMvc and 127.0.0.10 on the
 * real port.
 */
class ForwardingHeaderTests {

	static final JsonMapper json = JsonMapper.builder().build();

	static final String AUTH = "Bearer " + ApiKeyTestApplication.KEY;

	static JsonNode body(MvcResult result) throws Exception {
		return json.readTree(result.getResponse().getContentAsString());
	}

	@SpringBootTest(classes = ApiKeyTestApplication.class,
			properties = { "ip-whitelist.entries=127.0.0.1", "ip-whitelist.client-ip.trusted-proxies=10.0.0.0/24" })
	@AutoConfigureMockMvc
	@ExtendWith(OutputCaptureExtension.class)
	static class XForwardedForOverMockMvc {

		@Autowired
		MockMvc mvc;

		MvcResult perform(String remote, String... xffLines) throws Exception {
			MockHttpServletRequestBuilder request = get("/api/hello").header("Authorization", AUTH)
				.with((MockHttpServletRequest r) -> {
					r.setRemoteAddr(remote);
					return r;
				});
			for (String line : xffLines) {
				request.header("X-Forwarded-For", line);
			}
			return this.mvc.perform(request).andReturn();
		}

		@ParameterizedTest(name = "[{index}] peer {0}, XFF ''{1}'' -> {2}")
		@CsvSource(delimiter = '|', value = { "203.0.113.9|192.0.2.7|203.0.113.9",
				"10.0.0.2|6.6.6.6, 192.0.2.7|192.0.2.7", "10.0.0.2|garbage, 192.0.2.7|192.0.2.7",
				"10.0.0.2|192.0.2.7:5555|192.0.2.7", "10.0.0.2|[2001:db8::7]:443|2001:db8::7",
				"10.0.0.2|2001:db8::7|2001:db8::7", "10.0.0.2|6.6.6.6, 192.0.2.7, 10.0.0.3|192.0.2.7",
				"10.0.0.2|10.0.0.4, 10.0.0.3|10.0.0.4", "10.0.0.2|::ffff:192.0.2.7|192.0.2.7" })
		void resolvedClientIsTheOneChecked(String peer, String header, String client) throws Exception {
			MvcResult result = perform(peer, header);
			assertThat(result.getResponse().getStatus()).isEqualTo(403);
			assertThat(body(result).get("code").asInt()).isEqualTo(1451);
			assertThat(body(result).get("blockedIp").asString()).isEqualTo(client);
		}

		@ParameterizedTest(name = "[{index}] XFF ''{0}'' -> 1452")
		@CsvSource(delimiter = '|', value = { "192.0.2.7, garbage", "unknown", "192.0.2.7,", "localhost",
				"010.0.0.1", "1.2.3.4%eth0", "[192.0.2.7]", "fe80::1%25eth0" })
		void malformedHopReachedByWalkIsDenied1452(String header) throws Exception {
			MvcResult result = perform("10.0.0.2", header);
			assertThat(result.getResponse().getStatus()).isEqualTo(403);
			assertThat(body(result).get("code").asInt()).isEqualTo(1452);
		}

		@Test
		void repeatedHeaderLinesFormOneChain() throws Exception {
			assertThat(body(perform("10.0.0.2", "6.6.6.6", "192.0.2.7")).get("blockedIp").asString())
				.isEqualTo("192.0.2.7");
		}

		@Test
		void listedClientBehindTrustedProxyPasses() throws Exception {
			assertThat(perform("10.0.0.2", "6.6.6.6, 127.0.0.1").getResponse().getStatus()).isEqualTo(200);
		}

		@Test
		void spoofedListedAddressOnTheLeftDoesNotPass() throws Exception {
			MvcResult result = perform("10.0.0.2", "127.0.0.1, 203.0.113.77");
			assertThat(body(result).get("blockedIp").asString()).isEqualTo("203.0.113.77");
		}

		@Test
		void tooManyHopsIsMalformed() throws Exception {
			MvcResult result = perform("10.0.0.2", String.join(",", java.util.Collections.nCopies(2000, "1.1.1.1")));
			assertThat(body(result).get("code").asInt()).isEqualTo(1452);
		}

		@Test
		void otherHeadersAreIgnored() throws Exception {
			MvcResult result = this.mvc.perform(get("/api/hello").header("Authorization", AUTH)
				.header("X-Real-IP", "127.0.0.1")
				.header("Client-IP", "127.0.0.1")
				.header("Forwarded", "for=127.0.0.1")
				.with((MockHttpServletRequest r) -> {
					r.setRemoteAddr("10.0.0.2");
					return r;
				})).andReturn();
			assertThat(body(result).get("blockedIp").asString()).isEqualTo("10.0.0.2");
		}

		@Test
		void controlCharactersInHeadersAreRejectedBeforeTheCheck() throws Exception {
			// Spring Security's firewall turns away CR/LF in header values with a 400 first.
			assertThat(perform("10.0.0.2", "1.2.3.4\r\nINFO allowed ip=127.0.0.1").getResponse().getStatus())
				.isEqualTo(400);
		}

		@Test
		void headerValuesAreEscapedInTheLog(CapturedOutput output) throws Exception {
			MvcResult result = perform("10.0.0.2", "1.2.3.4\u2028INFO allowed ip=127.0.0.1");
			assertThat(body(result).get("code").asInt()).isEqualTo(1452);
			assertThat(output).contains("ip=1.2.3.4\\u2028INFO allowed ip=127.0.0.1").doesNotContain("\u2028");
		}

	}

	@SpringBootTest(classes = ApiKeyTestApplication.class,
			properties = { "ip-whitelist.entries=127.0.0.1", "ip-whitelist.client-ip.trusted-proxies=10.0.0.2",
					"ip-whitelist.client-ip.header=Forwarded" })
	@AutoConfigureMockMvc
	static class ForwardedOverMockMvc {

		@Autowired
		MockMvc mvc;

		MvcResult perform(String header) throws Exception {
			return this.mvc.perform(get("/api/hello").header("Authorization", AUTH)
				.header("Forwarded", header)
				.header("X-Forwarded-For", "127.0.0.1")
				.with((MockHttpServletRequest r) -> {
					r.setRemoteAddr("10.0.0.2");
					return r;
				})).andReturn();
		}

		@ParameterizedTest(name = "[{index}] Forwarded ''{0}'' -> {1}")
		@CsvSource(delimiter = '|', value = { "for=192.0.2.60;proto=http;by=203.0.113.43|192.0.2.60",
				"For=\"[2001:db8:cafe::17]:4711\"|2001:db8:cafe::17", "for=192.0.2.43, for=198.51.100.17|198.51.100.17",
				"for=192.0.2.43, for=10.0.0.2|192.0.2.43" })
		void resolvedClientIsTheOneChecked(String header, String client) throws Exception {
			assertThat(body(perform(header)).get("blockedIp").asString()).isEqualTo(client);
		}

		@ParameterizedTest(name = "[{index}] Forwarded ''{0}'' -> 1452")
		@CsvSource(delimiter = '|', value = { "for=unknown", "for=\"_hidden\"", "proto=https", "for=2001:db8::1" })
		void unusableForIsDenied1452(String header) throws Exception {
			assertThat(body(perform(header)).get("code").asInt()).isEqualTo(1452);
		}

		@Test
		void xForwardedForIsIgnoredWhenForwardedConfigured() throws Exception {
			MvcResult result = this.mvc.perform(get("/api/hello").header("Authorization", AUTH)
				.header("X-Forwarded-For", "127.0.0.1")
				.with((MockHttpServletRequest r) -> {
					r.setRemoteAddr("10.0.0.2");
					return r;
				})).andReturn();
			assertThat(body(result).get("blockedIp").asString()).isEqualTo("10.0.0.2");
		}

	}

	/**
	 * The trusted-proxy cases over a real port: the "proxy" connects from 127.0.0.10.
	 */
	@SpringBootTest(classes = ApiKeyTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "ip-whitelist.entries=192.0.2.7,127.0.0.2",
					"ip-whitelist.client-ip.trusted-proxies=127.0.0.10/32,127.0.0.11/32" })
	static class TrustedProxyOverRealPort {

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

}
