package io.github.ipwhitelist.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import io.github.ipwhitelist.it.RawHttp.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entries from files, reloaded live while requests run. The allow file is laid out as a
 * Kubernetes ConfigMap volume: {@code allow.txt -> ..data/allow.txt}, {@code ..data -> ..v1},
 * and an update swaps the {@code ..data} symlink atomically.
 */
@SpringBootTest(classes = ApiKeyTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ip-whitelist.entries=127.0.0.1", "ip-whitelist.reload-interval=100ms",
				"management.endpoints.web.exposure.include=ipwhitelist,health",
				"management.endpoint.health.show-details=always" })
class SourceReloadTests {

	static final JsonMapper json = JsonMapper.builder().build();

	static final String AUTH = "Authorization: Bearer " + ApiKeyTestApplication.KEY;

	@TempDir
	static Path dir;

	static int version;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void sources(DynamicPropertyRegistry registry) throws IOException {
		publishConfigMap("127.0.0.2 first partner\n");
		Files.createSymbolicLink(dir.resolve("allow.txt"), Path.of("..data/allow.txt"));
		Files.writeString(dir.resolve("deny.txt"), "# nobody yet\n");
		registry.add("ip-whitelist.sources[0].location", () -> "file:" + dir.resolve("allow.txt"));
		registry.add("ip-whitelist.sources[1].location", () -> "file:" + dir.resolve("deny.txt"));
		registry.add("ip-whitelist.sources[1].list", () -> "deny");
	}

	/** Writes a new version directory and swaps the ..data symlink to it in one rename. */
	static void publishConfigMap(String content) throws IOException {
		version++;
		Path versionDir = dir.resolve("..v" + version);
		Files.createDirectories(versionDir);
		Files.writeString(versionDir.resolve("allow.txt"), content, StandardCharsets.UTF_8);
		Path tmpLink = dir.resolve("..data_tmp");
		Files.deleteIfExists(tmpLink);
		Files.createSymbolicLink(tmpLink, versionDir.getFileName());
		Files.move(tmpLink, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

	@BeforeEach
	void reset() throws Exception {
		publishConfigMap("127.0.0.2 first partner\n");
		Files.writeString(dir.resolve("deny.txt"), "# nobody yet\n");
		awaitStatus("127.0.0.2", 200);
		awaitTrue(() -> endpoint().get("sources").get(0).get("lastError").isNull());
	}

	int status(String from) {
		return RawHttp.get(this.port, from, "/api/hello", AUTH).status();
	}

	JsonNode endpoint() {
		return json.readTree(RawHttp.get(this.port, "127.0.0.1", "/actuator/ipwhitelist").body());
	}

	void awaitStatus(String from, int expected) throws InterruptedException {
		awaitTrue(() -> status(from) == expected);
		assertThat(status(from)).isEqualTo(expected);
	}

	static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
	}

	@Test
	void configMapUpdateAppliesWhileRequestsRunAndNoRequestSeesAMix() throws Exception {
		AtomicBoolean running = new AtomicBoolean(true);
		List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
		Thread load = new Thread(() -> {
			while (running.get()) {
				statuses.add(status("127.0.0.2"));
				statuses.add(status("127.0.0.3"));
			}
		});
		load.start();
		try {
			publishConfigMap("127.0.0.3 second partner\n");
			awaitStatus("127.0.0.3", 200);
			assertThat(status("127.0.0.2")).isEqualTo(403);
		}
		finally {
			running.set(false);
			load.join();
		}
		assertThat(statuses).isNotEmpty().allMatch((s) -> s == 200 || s == 403);
		JsonNode source = endpoint().get("sources").get(0);
		assertThat(source.get("entries").asInt()).isEqualTo(1);
		assertThat(source.get("lastLoaded").isNull()).isFalse();
	}

	@Test
	void plainRewriteAndAtomicRenameArePickedUp() throws Exception {
		Path deny = dir.resolve("deny.txt");
		Files.writeString(deny, "127.0.0.2 blocked now\n");
		awaitStatus("127.0.0.2", 403);
		Path next = dir.resolve("deny.txt.next");
		Files.writeString(next, "# cleared\n");
		Files.move(next, deny, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		awaitStatus("127.0.0.2", 200);
	}

	@Test
	void badEditKeepsTheLastGoodListAndReportsTheLine() throws Exception {
		publishConfigMap("127.0.0.2\n127.0.0.4\n010.0.0.1 typo\n");
		awaitTrue(() -> !endpoint().get("sources").get(0).get("lastError").isNull());
		JsonNode source = endpoint().get("sources").get(0);
		assertThat(source.get("lastError").asString()).isEqualTo("1 bad line(s); keeping the last good entries");
		assertThat(source.get("errorLines").get(0).asString())
			.isEqualTo("line 3: '010.0.0.1': IPv4 octet with leading zero at index 0");
		assertThat(status("127.0.0.2")).isEqualTo(200);
		assertThat(status("127.0.0.4")).isEqualTo(403);
		JsonNode health = json.readTree(RawHttp.get(this.port, "127.0.0.1", "/actuator/health/ipwhitelist").body());
		assertThat(health.get("details").get("sourceErrors").get(0).asString()).contains("allow.txt");
		publishConfigMap("127.0.0.2\n127.0.0.4\n");
		awaitStatus("127.0.0.4", 200);
		assertThat(endpoint().get("sources").get(0).get("lastError").isNull()).isTrue();
	}

	@Test
	void vanishedFileKeepsTheLastGoodList() throws Exception {
		Path deny = dir.resolve("deny.txt");
		Files.writeString(deny, "127.0.0.6\n");
		awaitStatus("127.0.0.6", 403);
		Files.delete(deny);
		awaitTrue(() -> !endpoint().get("sources").get(1).get("lastError").isNull());
		assertThat(endpoint().get("sources").get(1).get("lastError").asString()).contains("cannot be read");
		assertThat(status("127.0.0.6")).isEqualTo(403);
	}

	@Test
	void reloadCanBeTriggeredThroughTheEndpoint() {
		Response response = RawHttp.send(this.port, "127.0.0.1", "POST", "/actuator/ipwhitelist", "",
				"Content-Type: application/json");
		assertThat(response.status()).isEqualTo(200);
		JsonNode body = json.readTree(response.body());
		assertThat(body.get("reloaded").asBoolean()).isTrue();
		assertThat(body.get("sources")).hasSize(2);
	}

}
