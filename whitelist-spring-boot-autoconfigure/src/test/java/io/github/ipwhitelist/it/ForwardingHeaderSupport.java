package io.github.ipwhitelist.it;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

final class ForwardingHeaderSupport {

	private ForwardingHeaderSupport() {
	}

	static final JsonMapper json = JsonMapper.builder().build();

	static final String AUTH = "Bearer " + ApiKeyTestApplication.KEY;

	static JsonNode body(MvcResult result) throws Exception {
		return json.readTree(result.getResponse().getContentAsString());
	}

	/**
	 * The trusted-proxy cases over a real port: the "proxy" connects from 127.0.0.10.
	 */

}
