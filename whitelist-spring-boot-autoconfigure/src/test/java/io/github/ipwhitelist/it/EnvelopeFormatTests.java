package io.github.ipwhitelist.it;

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
		properties = { "ip-whitelist.entries=127.0.0.1", "ip-whitelist.response.format=envelope",
				"ip-whitelist.client-ip.trusted-proxies=10.0.0.0/8" })
@AutoConfigureMockMvc
class EnvelopeFormatTests {

	@Autowired
	MockMvc mvc;

	@Test
	void notAuthorizedThenEnvelopeWithEveryField() throws Exception {
		MvcResult result = perform(this.mvc, "203.0.113.50", null, "env-1");
		assertThat(result.getResponse().getStatus()).isEqualTo(403);
		assertThat(result.getResponse().getContentType()).startsWith("application/json");
		JsonNode body = json.readTree(result.getResponse().getContentAsString());
		assertThat(fieldNames(body)).containsExactly("success", "error", "details", "meta");
		assertThat(body.get("success").asBoolean()).isFalse();
		JsonNode error = body.get("error");
		assertThat(fieldNames(error)).containsExactly("code", "message", "category", "severity");
		assertThat(error.get("code").asInt()).isEqualTo(1451);
		assertThat(error.get("message").asString()).isEqualTo("IP address not authorized");
		assertThat(error.get("category").asString()).isEqualTo("security");
		assertThat(error.get("severity").asString()).isEqualTo("high");
		assertThat(body.get("details").asString()).isEqualTo("IP address 203.0.113.50 is not authorized");
		JsonNode meta = body.get("meta");
		assertThat(fieldNames(meta)).containsExactly("timestamp", "request_id", "blocked_ip");
		assertTimestamp(meta.get("timestamp").asString());
		assertThat(meta.get("request_id").asString()).isEqualTo("env-1");
		assertThat(meta.get("blocked_ip").asString()).isEqualTo("203.0.113.50");
		assertThat(result.getResponse().getHeader("X-Request-Id")).isEqualTo("env-1");
	}

	@Test
	void malformedThenEnvelopeWith1452() throws Exception {
		MvcResult result = perform(this.mvc, "10.0.0.2", "unknown", null);
		JsonNode body = json.readTree(result.getResponse().getContentAsString());
		assertThat(body.get("error").get("code").asInt()).isEqualTo(1452);
		assertThat(body.get("error").get("message").asString()).isEqualTo("IP address validation failed");
		assertThat(body.get("meta").get("blocked_ip").asString()).isEqualTo("unknown");
	}

}
