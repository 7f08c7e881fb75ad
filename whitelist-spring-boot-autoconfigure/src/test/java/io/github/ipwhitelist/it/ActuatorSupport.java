package io.github.ipwhitelist.it;

import io.github.ipwhitelist.it.RawHttp.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

final class ActuatorSupport {

	private ActuatorSupport() {
	}

	static final JsonMapper json = JsonMapper.builder().build();

	static final String AUTH = "Authorization: Bearer " + ApiKeyTestApplication.KEY;

	static final String ADMIN = "127.0.0.2";

	static JsonNode read(int port, String path) {
		Response response = RawHttp.get(port, ADMIN, path);
		assertThat(response.status()).as(path).isEqualTo(200);
		return json.readTree(response.body());
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class AuditConfiguration {

		@Bean
		AuditEventRepository auditEventRepository() {
			return new InMemoryAuditEventRepository();
		}

	}

}
