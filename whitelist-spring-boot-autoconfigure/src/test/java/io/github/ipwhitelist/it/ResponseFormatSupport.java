package io.github.ipwhitelist.it;

import java.time.Instant;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

final class ResponseFormatSupport {

	private ResponseFormatSupport() {
	}

	static final JsonMapper json = JsonMapper.builder().build();

	static final String AUTH = "Bearer " + ApiKeyTestApplication.KEY;

	static MvcResult perform(MockMvc mvc, String remote, String forwardedFor, String requestId) throws Exception {
		var request = get("/api/v1/banks").header("Authorization", AUTH).with((r) -> {
			r.setRemoteAddr(remote);
			return r;
		});
		if (forwardedFor != null) {
			request.header("X-Forwarded-For", forwardedFor);
		}
		if (requestId != null) {
			request.header("X-Request-Id", requestId);
		}
		return mvc.perform(request).andReturn();
	}

	static void assertTimestamp(String text) {
		// The test application's clock stands still at its start instant.
		assertThat(Instant.parse(text)).isEqualTo(ApiKeyTestApplication.START);
		assertThat(text).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
	}

	static List<String> fieldNames(JsonNode node) {
		return List.copyOf(node.propertyNames());
	}

}
