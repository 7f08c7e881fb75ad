package io.github.ipwhitelist.it;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static io.github.ipwhitelist.it.ResponseFormatSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

@SpringBootTest(classes = ApiKeyTestApplication.class,
		properties = { "ip-whitelist.entries=127.0.0.1", "ip-whitelist.client-ip.trusted-proxies=10.0.0.0/8" })
@AutoConfigureMockMvc
class ProblemFormatTests {

	@Autowired
	MockMvc mvc;

	@Test
	void notAuthorizedThenProblemJsonWithEveryField() throws Exception {
		MvcResult result = perform(this.mvc, "203.0.113.50", null, "req-1451.a_b");
		assertThat(result.getResponse().getStatus()).isEqualTo(403);
		assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
		assertThat(result.getResponse().getHeader("X-Request-Id")).isEqualTo("req-1451.a_b");
		JsonNode body = json.readTree(result.getResponse().getContentAsString());
		assertThat(fieldNames(body)).containsExactly("type", "title", "status", "detail", "instance", "code",
				"category", "severity", "blockedIp", "requestId", "timestamp");
		assertThat(body.get("type").asString()).isEqualTo("about:blank");
		assertThat(body.get("title").asString()).isEqualTo("IP address not authorized");
		assertThat(body.get("status").asInt()).isEqualTo(403);
		assertThat(body.get("detail").asString()).isEqualTo("IP address 203.0.113.50 is not authorized");
		assertThat(body.get("instance").asString()).isEqualTo("/api/v1/banks");
		assertThat(body.get("code").asInt()).isEqualTo(1451);
		assertThat(body.get("category").asString()).isEqualTo("security");
		assertThat(body.get("severity").asString()).isEqualTo("high");
		assertThat(body.get("blockedIp").asString()).isEqualTo("203.0.113.50");
		assertThat(body.get("requestId").asString()).isEqualTo("req-1451.a_b");
		assertTimestamp(body.get("timestamp").asString());
	}

	@Test
	void malformedThenProblemJsonWith1452() throws Exception {
		MvcResult result = perform(this.mvc, "10.0.0.2", "192.0.2.7, garbage", null);
		assertThat(result.getResponse().getStatus()).isEqualTo(403);
		JsonNode body = json.readTree(result.getResponse().getContentAsString());
		assertThat(body.get("code").asInt()).isEqualTo(1452);
		assertThat(body.get("title").asString()).isEqualTo("IP address validation failed");
		assertThat(body.get("blockedIp").asString()).isEqualTo("garbage");
		assertThat(body.get("detail").asString()).startsWith("Client address 'garbage' could not be validated: ");
		assertThat(body.get("requestId").asString()).isEqualTo(result.getResponse().getHeader("X-Request-Id"));
	}

	@Test
	void ipv6ClientThenCanonicalText() throws Exception {
		MvcResult result = perform(this.mvc, "2001:db8:0:0:0:0:0:10", null, null);
		JsonNode body = json.readTree(result.getResponse().getContentAsString());
		assertThat(body.get("blockedIp").asString()).isEqualTo("2001:db8::10");
		assertThat(body.get("detail").asString()).isEqualTo("IP address 2001:db8::10 is not authorized");
	}

	@Test
	void mappedClientThenIpv4Text() throws Exception {
		MvcResult result = perform(this.mvc, "::ffff:203.0.113.50", null, null);
		assertThat(json.readTree(result.getResponse().getContentAsString()).get("blockedIp").asString())
			.isEqualTo("203.0.113.50");
	}

	@Test
	void insaneRequestIdThenReplaced() throws Exception {
		for (String id : List.of("a".repeat(65), "has space", "semi;colon", "é", "x\\u000d\\u000ay")) {
			MvcResult result = perform(this.mvc, "203.0.113.50", null, id);
			String sent = result.getResponse().getHeader("X-Request-Id");
			assertThat(sent).as(id).isNotEqualTo(id).matches("[0-9a-f-]{36}");
			assertThat(json.readTree(result.getResponse().getContentAsString()).get("requestId").asString())
				.isEqualTo(sent);
		}
	}

	@Test
	void missingRequestIdThenNewOne() throws Exception {
		MvcResult first = perform(this.mvc, "203.0.113.50", null, null);
		MvcResult second = perform(this.mvc, "203.0.113.50", null, null);
		assertThat(first.getResponse().getHeader("X-Request-Id")).isNotBlank()
			.isNotEqualTo(second.getResponse().getHeader("X-Request-Id"));
	}

}
