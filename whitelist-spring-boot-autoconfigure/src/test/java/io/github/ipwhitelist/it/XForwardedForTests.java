package io.github.ipwhitelist.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static io.github.ipwhitelist.it.ForwardingHeaderSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

@SpringBootTest(classes = ApiKeyTestApplication.class,
		properties = { "ip-whitelist.entries=127.0.0.1", "ip-whitelist.client-ip.trusted-proxies=10.0.0.0/24" })
@AutoConfigureMockMvc
@ExtendWith(OutputCaptureExtension.class)
class XForwardedForTests {

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
	void headerValuesCannotForgeLogFields(CapturedOutput output) throws Exception {
		perform("10.0.0.2", "1.2.3.4 code=1451 allowed=\"true\"");
		assertThat(output).contains("ip=1.2.3.4\\u0020code\\u003d1451\\u0020allowed\\u003d\\u0022true\\u0022 code=1452")
			.doesNotContain("allowed=\"true\"");
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
		assertThat(output).contains("ip=1.2.3.4\\u2028INFO\\u0020allowed\\u0020ip\\u003d127.0.0.1 code=1452")
				.doesNotContain("\u2028");
	}

}
