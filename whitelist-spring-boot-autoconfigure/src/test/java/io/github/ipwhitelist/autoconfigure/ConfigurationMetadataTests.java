package io.github.ipwhitelist.autoconfigure;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration processor turns the javadoc of every property into IDE help: each
 * {@code ip-whitelist.*} property has a description and the contract's defaults.
 */
class ConfigurationMetadataTests {

	@Test
	void everyPropertyHasDescription() throws Exception {
		JsonNode metadata = metadata();
		List<String> names = new ArrayList<>();
		for (JsonNode property : metadata.get("properties")) {
			String name = property.get("name").asString();
			names.add(name);
			assertThat(property.path("description").asString("")).as(name).isNotBlank();
		}
		assertThat(names).contains("ip-whitelist.enabled", "ip-whitelist.mode", "ip-whitelist.entries",
				"ip-whitelist.deny", "ip-whitelist.paths.include", "ip-whitelist.paths.exclude",
				"ip-whitelist.client-ip.trusted-proxies", "ip-whitelist.client-ip.header",
				"ip-whitelist.response.status", "ip-whitelist.response.format", "ip-whitelist.audit.capacity");
	}

	@Test
	void defaultsFollowTheContract() throws Exception {
		JsonNode metadata = metadata();
		assertThat(defaultOf(metadata, "ip-whitelist.enabled").asBoolean()).isTrue();
		assertThat(defaultOf(metadata, "ip-whitelist.mode").asString()).isEqualTo("strict");
		assertThat(defaultOf(metadata, "ip-whitelist.response.status").asInt()).isEqualTo(403);
		assertThat(defaultOf(metadata, "ip-whitelist.response.format").asString()).isEqualTo("problem");
		assertThat(defaultOf(metadata, "ip-whitelist.audit.capacity").asInt()).isEqualTo(1000);
		assertThat(defaultOf(metadata, "ip-whitelist.client-ip.header").asString()).isEqualTo("X-Forwarded-For");
	}

	private static JsonNode defaultOf(JsonNode metadata, String name) {
		for (JsonNode property : metadata.get("properties")) {
			if (property.get("name").asString().equals(name)) {
				return property.get("defaultValue");
			}
		}
		throw new AssertionError("No property " + name);
	}

	private static JsonNode metadata() throws Exception {
		try (InputStream in = ConfigurationMetadataTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("configuration metadata").isNotNull();
			return JsonMapper.builder().build().readTree(in);
		}
	}

}
