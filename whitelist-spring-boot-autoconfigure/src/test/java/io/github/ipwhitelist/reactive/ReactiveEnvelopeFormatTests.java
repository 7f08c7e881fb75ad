package io.github.ipwhitelist.reactive;

import io.github.ipwhitelist.it.RawHttp;
import io.github.ipwhitelist.it.RawHttp.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The envelope format and status 401 on the reactive stack, over a real Netty port: the same
 * body and headers as the servlet stack writes.
 */
@SpringBootTest(classes = ReactiveTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "ip-whitelist.entries=127.0.0.2",
				"ip-whitelist.response.format=envelope", "ip-whitelist.response.status=401" })
class ReactiveEnvelopeFormatTests {

	static {
		ReactiveSupport.installBlockHound();
	}

	@LocalServerPort
	int port;

	@Test
	void aDenialIsTheEnvelopeWithTheConfiguredStatus() {
		Response denied = RawHttp.get(this.port, "127.0.0.9", "/api/hello", "X-Request-Id: req-7");
		assertThat(denied.status()).isEqualTo(401);
		assertThat(denied.header("Content-Type")).isEqualTo("application/json;charset=UTF-8");
		assertThat(denied.header("X-Request-Id")).isEqualTo("req-7");
		JsonNode body = JsonMapper.builder().build().readTree(denied.body());
		assertThat(body.get("success").asBoolean()).isFalse();
		assertThat(body.get("error").get("code").asInt()).isEqualTo(1451);
		assertThat(body.get("details").asString()).isEqualTo("IP address 127.0.0.9 is not authorized");
		assertThat(body.get("meta").get("blocked_ip").asString()).isEqualTo("127.0.0.9");
		assertThat(body.get("meta").get("request_id").asString()).isEqualTo("req-7");
	}

}
