package io.github.ipwhitelist.it;

import java.time.Duration;

import io.github.ipwhitelist.it.RawHttp.Response;
import io.github.ipwhitelist.support.HttpsListServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.github.ipwhitelist.it.ActuatorSupport.AUTH;
import static io.github.ipwhitelist.it.ActuatorSupport.json;
import static io.github.ipwhitelist.it.ActuatorSupport.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A CDN's published ranges as trusted proxies, fetched over HTTPS from a real local server in
 * AWS's format and filtered to CloudFront, with requests over a real port from real source
 * addresses: an edge in the list forwards its client, an address the filter leaves out is a
 * client itself, a new list is enforced within the reload interval, and a broken list keeps the
 * last good one while the endpoint and health say why.
 */
@SpringBootTest(classes = ApiKeyTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ip-whitelist.entries=203.0.113.0/24,127.0.0.2", "ip-whitelist.reload-interval=200ms",
				"spring.ssl.bundle.jks.ranges.truststore.location=classpath:https/trust.p12",
				"spring.ssl.bundle.jks.ranges.truststore.password=" + HttpsListServer.PASSWORD,
				"management.endpoints.web.exposure.include=ipwhitelist,health",
				"management.endpoint.health.show-details=always" })
class TrustedProxySourceTests {

	static final HttpsListServer server;

	static {
		try {
			server = new HttpsListServer();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		server.serve(ranges("127.0.0.5/32"));
	}

	@LocalServerPort
	int port;

	/** The whole source in one property source: Boot binds a list from one source only. */
	@DynamicPropertySource
	static void source(DynamicPropertyRegistry registry) {
		String source = "ip-whitelist.client-ip.trusted-proxy-sources[0].";
		registry.add(source + "location", () -> server.url("/ip-ranges.json"));
		registry.add(source + "format", () -> "aws");
		registry.add(source + "service", () -> "CLOUDFRONT");
		registry.add(source + "ssl-bundle", () -> "ranges");
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	/** AWS's shape: the CloudFront prefixes given, and an EC2 range (127.0.0.6) the filter leaves out. */
	static String ranges(String... cloudFront) {
		StringBuilder prefixes = new StringBuilder();
		for (String prefix : cloudFront) {
			prefixes.append("{\"ip_prefix\":\"").append(prefix)
				.append("\",\"region\":\"GLOBAL\",\"service\":\"CLOUDFRONT\",\"network_border_group\":\"GLOBAL\"},");
		}
		return "{\"syncToken\":\"1\",\"createDate\":\"2026-12-03-00-00-00\",\"prefixes\":[" + prefixes
				+ "{\"ip_prefix\":\"127.0.0.6/32\",\"region\":\"us-east-1\",\"service\":\"EC2\","
				+ "\"network_border_group\":\"us-east-1\"}],\"ipv6_prefixes\":[{\"ipv6_prefix\":\"2600:9000::/28\","
				+ "\"region\":\"GLOBAL\",\"service\":\"CLOUDFRONT\",\"network_border_group\":\"GLOBAL\"}]}";
	}

	Response get(String from, String forwardedFor) {
		return RawHttp.get(this.port, from, "/api/hello", AUTH, "X-Forwarded-For: " + forwardedFor);
	}

	String blocked(Response response) {
		return json.readTree(response.body()).get("blockedIp").asString();
	}

	@Test
	void publishedEdgesForwardTheirClientsAndTheListIsKeptCurrent() {
		assertThat(get("127.0.0.5", "203.0.113.7").status()).isEqualTo(200);
		Response edgeForwardingStranger = get("127.0.0.5", "198.51.100.1");
		assertThat(edgeForwardingStranger.status()).isEqualTo(403);
		assertThat(blocked(edgeForwardingStranger)).isEqualTo("198.51.100.1");
		// 127.0.0.6 is listed for EC2, not CloudFront: its header means nothing, it is the client.
		Response ec2 = get("127.0.0.6", "203.0.113.7");
		assertThat(ec2.status()).isEqualTo(403);
		assertThat(blocked(ec2)).isEqualTo("127.0.0.6");

		JsonNode clientIp = read(this.port, "/actuator/ipwhitelist").get("clientIp");
		assertThat(clientIp.get("sourceProxies").asInt()).isEqualTo(2);
		JsonNode source = clientIp.get("sources").get(0);
		assertThat(source.get("location").asString()).isEqualTo(server.url("/ip-ranges.json"));
		assertThat(source.get("format").asString()).isEqualTo("AWS");
		assertThat(source.get("entries").asInt()).isEqualTo(2);
		assertThat(source.get("lastFetched").isNull()).isFalse();
		assertThat(source.get("lastError").isNull()).isTrue();

		// CloudFront publishes a new edge: enforced within the reload interval, no restart.
		server.serve(ranges("127.0.0.5/32", "127.0.0.6/32"));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(get("127.0.0.6", "203.0.113.7").status()).isEqualTo(200));

		// A broken answer keeps the last good list, and the endpoint and health say why.
		server.serve("{\"prefixes\":[");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(read(this.port, "/actuator/ipwhitelist").get("clientIp").get("sources")
				.get(0).get("lastError").asString()).contains("not JSON").contains("keeping the last good entries"));
		assertThat(get("127.0.0.6", "203.0.113.7").status()).isEqualTo(200);
		Response healthResponse = RawHttp.get(this.port, ActuatorSupport.ADMIN, "/actuator/health");
		assertThat(healthResponse.status()).as(healthResponse.body()).isEqualTo(200);
		JsonNode health = json.readTree(healthResponse.body()).get("components").get("ipwhitelist").get("details");
		assertThat(health.get("trustedProxySources").get(0).get("entries").asInt()).isEqualTo(3);
		assertThat(health.get("sourceErrors").get(0).asString()).contains(server.url("/ip-ranges.json"))
			.contains("not JSON");

		// Served well again: the error clears.
		server.serve(ranges("127.0.0.5/32"));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(get("127.0.0.6", "203.0.113.7").status()).isEqualTo(403));
		assertThat(read(this.port, "/actuator/ipwhitelist").get("clientIp").get("sources").get(0).get("lastError")
			.isNull()).isTrue();
	}

}
