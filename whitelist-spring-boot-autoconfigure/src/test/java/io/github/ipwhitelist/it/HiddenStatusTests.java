package io.github.ipwhitelist.it;

import java.util.List;

import io.github.ipwhitelist.audit.DenialRecord;
import io.github.ipwhitelist.audit.IpWhitelistRecorder;
import io.github.ipwhitelist.it.RawHttp.Response;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.github.ipwhitelist.it.ForwardingHeaderSupport.AUTH;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code response.status=404} hides that anything is here: over a real port, a denied address
 * gets a plain "not found" that names no code, no address and no request id, while the denial is
 * still recorded.
 */
@SpringBootTest(classes = ApiKeyTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ip-whitelist.entries=127.0.0.1", "ip-whitelist.response.status=404",
				"ip-whitelist.client-ip.trusted-proxies=127.0.0.10/32" })
class HiddenStatusTests {

	@LocalServerPort
	int port;

	@Autowired
	IpWhitelistRecorder recorder;

	@Test
	void aDenialLooksLikeAPathThatIsNotThere() {
		Response denied = RawHttp.get(this.port, "127.0.0.5", "/api/hello", "Authorization: " + AUTH);
		assertThat(denied.status()).isEqualTo(404);
		assertThat(denied.body()).contains("Not Found").doesNotContain("1451").doesNotContain("127.0.0.5")
			.doesNotContain("authorized");
		assertThat(denied.header("X-Request-Id")).isNull();
		Response malformed = RawHttp.get(this.port, "127.0.0.10", "/api/hello", "Authorization: " + AUTH,
				"X-Forwarded-For: garbage");
		assertThat(malformed.status()).isEqualTo(404);
		assertThat(malformed.body()).doesNotContain("1452").doesNotContain("garbage");
		assertThat(RawHttp.get(this.port, "127.0.0.1", "/api/hello", "Authorization: " + AUTH).status())
			.isEqualTo(200);
		List<DenialRecord> recent = this.recorder.recentDenied();
		assertThat(recent).extracting(DenialRecord::ip).contains("127.0.0.5");
	}

}
