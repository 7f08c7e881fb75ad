package io.github.ipwhitelist.autoconfigure;

import java.time.Instant;

import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.client.ClientAddress;
import io.github.ipwhitelist.client.ClientIpResolver;
import io.github.ipwhitelist.rules.RuleSetHolder;
import io.github.ipwhitelist.source.IpWhitelistLoader;
import io.github.ipwhitelist.support.HttpsListServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static io.github.ipwhitelist.autoconfigure.InvalidConfigurationTests.allMessages;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sources in the providers' formats and at {@code https:} locations, as the auto-configuration
 * reads them: trusted-proxy sources feed the client resolver, provider lists feed the allow and
 * deny lists, and every setting that does not fit its source stops startup naming it.
 */
class ProviderSourceConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(IpWhitelistAutoConfiguration.class, IpWhitelistRateLimitAutoConfiguration.class,
					IpWhitelistSecurityAutoConfiguration.class, SecurityAutoConfiguration.class,
					ServletWebSecurityAutoConfiguration.class, SslAutoConfiguration.class))
		.withPropertyValues("ip-whitelist.entries=203.0.113.0/24");

	static final String PROXIES = "ip-whitelist.client-ip.trusted-proxy-sources[0].";

	@Test
	void awsCloudFrontRangesBecomeTrustedProxies() {
		this.runner
			.withPropertyValues(PROXIES + "location=classpath:providers/aws-ip-ranges.json", PROXIES + "format=aws",
					PROXIES + "service=CLOUDFRONT")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ClientIpResolver resolver = context.getBean(ClientIpResolver.class);
				assertThat(resolver.sourceProxyCount()).isEqualTo(3);
				// A CloudFront edge is a proxy: its X-Forwarded-For names the client.
				ClientAddress viaEdge = resolver.resolve("13.33.1.2", java.util.List.of("203.0.113.9"));
				assertThat(viaEdge.address()).isEqualTo(IpAddress.parse("203.0.113.9"));
				ClientAddress viaEdge6 = resolver.resolve("2600:9000:1::5", java.util.List.of("203.0.113.9"));
				assertThat(viaEdge6.address()).isEqualTo(IpAddress.parse("203.0.113.9"));
				// An EC2 instance is not (the filter kept CloudFront only): it is the client.
				ClientAddress ec2 = resolver.resolve("18.208.0.1", java.util.List.of("203.0.113.9"));
				assertThat(ec2.address()).isEqualTo(IpAddress.parse("18.208.0.1"));
				assertThat(context.getBean(IpWhitelistLoader.class).trustedProxyStatuses()).singleElement()
					.satisfies((status) -> assertThat(status.entries()).isEqualTo(3));
				assertThat(context.getBean(IpWhitelistLoader.class).statuses()).isEmpty();
			});
	}

	@Test
	void providerListsFeedTheAllowAndDenyLists() {
		this.runner
			.withPropertyValues("ip-whitelist.sources[0].location=classpath:providers/google-cloud.json",
					"ip-whitelist.sources[0].format=google", "ip-whitelist.sources[0].region=europe-west1",
					"ip-whitelist.sources[1].location=classpath:providers/fastly-public-ip-list.json",
					"ip-whitelist.sources[1].format=fastly", "ip-whitelist.sources[1].list=deny",
					"ip-whitelist.sources[2].location=classpath:providers/cloudflare-ips-v4.txt")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RuleSetHolder rules = context.getBean(RuleSetHolder.class);
				Instant now = Instant.now();
				assertThat(rules.get().allows(IpAddress.parse("34.76.1.1"), now)).isTrue();
				assertThat(rules.get().allows(IpAddress.parse("34.35.1.1"), now)).isFalse();
				assertThat(rules.get().allows(IpAddress.parse("104.16.0.1"), now)).isTrue();
				assertThat(rules.get().decide(IpAddress.parse("2600:1900:4010::1"), now).allowed()).isTrue();
				assertThat(rules.get().denyEntries()).hasSize(6);
			});
	}

	@Test
	void badProviderListStopsTheStartNamingTheSource() {
		this.runner
			.withPropertyValues(PROXIES + "location=classpath:providers/fastly-public-ip-list.json",
					PROXIES + "format=aws")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(allMessages(context.getStartupFailure()))
					.contains("ip-whitelist.client-ip.trusted-proxy-sources[0].location")
					.contains("/prefixes is missing: is this AWS's ip-ranges.json?");
			});
	}

	@Test
	void trustedProxyFileWithAnExpiryStopsTheStart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
			throws Exception {
		java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("proxies.txt"),
				"10.1.0.0/16\n10.2.0.0/16 expires=2030-01-01\n");
		this.runner.withPropertyValues(PROXIES + "location=file:" + file).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(allMessages(context.getStartupFailure()))
				.contains("ip-whitelist.client-ip.trusted-proxy-sources[0].location")
				.contains("a trusted-proxy source lists prefixes only, without expires= or env=");
		});
	}

	@ParameterizedTest(name = "[{index}] {0}={1}")
	@CsvSource(delimiter = '|', value = {
			"ip-whitelist.sources[0].location|http://example.com/list.txt|a list fetched over plain HTTP can be rewritten",
			"ip-whitelist.sources[0].service|CLOUDFRONT|only an 'aws' or 'google' list is filtered",
			"ip-whitelist.sources[0].ssl-bundle|corp|only an https: location uses an SSL bundle",
			"ip-whitelist.sources[0].timeout|5s|only an https: location is fetched with a timeout",
			"ip-whitelist.sources[0].max-size|2MB|only an https: location has a size cap",
			"ip-whitelist.client-ip.trusted-proxy-sources[0].list|deny|remove 'list'",
			"ip-whitelist.tenants.sources[0].format|aws|a tenants file is plain",
			"ip-whitelist.sources[0].format|azure|azure" })
	void settingThatDoesNotFitItsSourceStopsTheStart(String property, String value, String problem) {
		String base = property.substring(0, property.lastIndexOf('.') + 1);
		WebApplicationContextRunner runner = this.runner;
		if (!property.endsWith(".location")) {
			runner = runner.withPropertyValues(base + "location=classpath:providers/cloudflare-ips-v4.txt");
		}
		runner.withPropertyValues(property + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(allMessages(context.getStartupFailure())).contains(property).contains(value).contains(problem);
		});
	}

	@ParameterizedTest(name = "[{index}] {0}={1}")
	@CsvSource(delimiter = '|', value = { "ssl-bundle|nonesuch|no SSL bundle of that name",
			"timeout|0ms|the timeout must be positive", "max-size|0B|the size must be between",
			"max-size|300MB|the size must be between" })
	void httpsSettingWhenBadStopsTheStart(String setting, String value, String problem) {
		this.runner
			.withPropertyValues("ip-whitelist.sources[0].location=https://127.0.0.1:9/list.txt",
					"ip-whitelist.sources[0]." + setting + "=" + value)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(allMessages(context.getStartupFailure())).contains("ip-whitelist.sources[0]." + setting)
					.contains(value)
					.contains(problem);
			});
	}

	@Test
	void httpsSourceTrustsTheCertificatesOfItsSslBundle() throws Exception {
		try (HttpsListServer server = new HttpsListServer()) {
			server.serve("{\"addresses\":[\"198.51.100.0/24\"],\"ipv6_addresses\":[]}");
			this.runner
				.withPropertyValues(PROXIES + "location=" + server.url("/public-ip-list"), PROXIES + "format=fastly",
						PROXIES + "ssl-bundle=ranges",
						"spring.ssl.bundle.jks.ranges.truststore.location=classpath:https/trust.p12",
						"spring.ssl.bundle.jks.ranges.truststore.password=" + HttpsListServer.PASSWORD)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context.getBean(ClientIpResolver.class).sourceProxyCount()).isEqualTo(1);
				});
			// Without the bundle the JVM's trust store is used, which does not know the test certificate.
			this.runner
				.withPropertyValues(PROXIES + "location=" + server.url("/public-ip-list"), PROXIES + "format=fastly")
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(allMessages(context.getStartupFailure())).contains("failed the TLS handshake");
				});
		}
	}

}
