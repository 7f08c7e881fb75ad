package io.github.ipwhitelist.it;

import java.util.List;

import io.github.ipwhitelist.audit.DenialRecord;
import io.github.ipwhitelist.audit.IpWhitelistRecorder;
import io.github.ipwhitelist.it.ApiKeyTestApplication.ApiKeyCounter;
import io.github.ipwhitelist.it.RawHttp.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With include patterns narrower than {@code /**}, a request that the firewall rejects is
 * re-dispatched to {@code /error}, a path the patterns do not cover: the check must still run
 * before authentication there.
 */
@SpringBootTest(classes = ApiKeyTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ip-whitelist.entries=127.0.0.2", "ip-whitelist.paths.include=/api/**" })
class NarrowIncludeTests {

	static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	ApiKeyCounter counter;

	@Autowired
	IpWhitelistRecorder recorder;

	@Test
	void firewallRejectedRequestFromDeniedAddressNeverReachesAuthentication() {
		for (String path : new String[] { "//api/hello", "/api/hello;x=1", "/api/hello/../x" }) {
			int before = this.counter.calls();
			Response response = RawHttp.get(this.port, "127.0.0.9", path,
					"Authorization: Bearer " + ApiKeyTestApplication.KEY);
			assertThat(response.status()).as(path).isEqualTo(403);
			assertThat(json.readTree(response.body()).get("code").asInt()).isEqualTo(1451);
			assertThat(this.counter.calls()).as(path).isEqualTo(before);
			// The record and the body name the path asked for, not the error page's.
			List<DenialRecord> denied = this.recorder.recentDenied();
			assertThat(denied.get(0).path()).as(path).isEqualTo(path);
			assertThat(json.readTree(response.body()).get("instance").asString()).isEqualTo(path);
		}
	}

	@Test
	void pathsOutsideTheIncludePatternsAreNotChecked() {
		assertThat(RawHttp.get(this.port, "127.0.0.9", "/open/ping").status()).isEqualTo(200);
	}

	@Test
	void errorOfAnUnguardedRequestStaysItsOwnError() {
		long before = this.recorder.counts().denied();
		// A 404 outside the guarded paths is a 404, not an address denial, and is not recorded.
		assertThat(RawHttp.get(this.port, "127.0.0.9", "/open/missing").status()).isEqualTo(404);
		assertThat(this.recorder.counts().denied()).isEqualTo(before);
	}

	@Test
	void asyncDispatchFromAnUnguardedPathToAGuardedOneIsChecked() {
		int before = this.counter.calls();
		Response response = RawHttp.get(this.port, "127.0.0.9", "/open/async-to-api",
				"Authorization: Bearer " + ApiKeyTestApplication.KEY);
		assertThat(response.status()).isEqualTo(403);
		assertThat(json.readTree(response.body()).get("code").asInt()).isEqualTo(1451);
		assertThat(this.counter.calls()).isEqualTo(before);
	}

	@Test
	void asyncDispatchOfAListedClientGoesOnToAuthorization() {
		// Listed: the address check lets it on; the API-key filter does not run on an ASYNC
		// dispatch, so authorization answers (401 from the application, not an address denial).
		Response response = RawHttp.get(this.port, "127.0.0.2", "/open/async-to-api",
				"Authorization: Bearer " + ApiKeyTestApplication.KEY);
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.body()).contains("\"code\":2001");
	}

}
