package io.github.ipwhitelist.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static io.github.ipwhitelist.it.ForwardingHeaderSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

@SpringBootTest(classes = ApiKeyTestApplication.class,
		properties = { "ip-whitelist.entries=127.0.0.1", "ip-whitelist.client-ip.trusted-proxies=10.0.0.2",
				"ip-whitelist.client-ip.header=Forwarded" })
@AutoConfigureMockMvc
class ForwardedHeaderTests {

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
