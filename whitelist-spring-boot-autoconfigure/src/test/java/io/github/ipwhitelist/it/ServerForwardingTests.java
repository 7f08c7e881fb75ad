package io.github.ipwhitelist.it;

import java.util.Map;

import io.github.ipwhitelist.autoconfigure.IpWhitelistAutoConfiguration;
import io.github.ipwhitelist.autoconfigure.IpWhitelistRateLimitAutoConfiguration;
import io.github.ipwhitelist.autoconfigure.IpWhitelistSecurityAutoConfiguration;
import io.github.ipwhitelist.autoconfigure.ServerForwardingException;
import io.github.ipwhitelist.it.RawHttp.Response;
import org.apache.catalina.valves.RemoteIpValve;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.web.filter.ForwardedHeaderFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A client must never choose the address the check sees. Every server or framework setting
 * that replaces the socket peer with a forwarded address stops the startup, unless the user
 * opts in for a deployment whose server-side internal proxies are pinned.
 */
@ExtendWith(OutputCaptureExtension.class)
class ServerForwardingTests {

	static final JsonMapper json = JsonMapper.builder().build();

	static final String AUTH = "Authorization: Bearer " + ApiKeyTestApplication.KEY;

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IpWhitelistAutoConfiguration.class, IpWhitelistRateLimitAutoConfiguration.class,
						IpWhitelistSecurityAutoConfiguration.class, SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class))
		.withPropertyValues("ip-whitelist.entries=203.0.113.10");

	@Nested
	class Settings {

		@ParameterizedTest
		@CsvSource({ "server.forward-headers-strategy=native, server.forward-headers-strategy=native",
				"server.forward-headers-strategy=framework, server.forward-headers-strategy=framework",
				"server.forward-headers-strategy=NATIVE, server.forward-headers-strategy=NATIVE",
				"server.tomcat.remoteip.protocol-header=X-Forwarded-Proto, server.tomcat.remoteip.protocol-header",
				"server.tomcat.remoteip.remote-ip-header=X-Real-IP, server.tomcat.remoteip.remote-ip-header",
				"server.tomcat.remoteip.internal-proxies=10\\.0\\.0\\.1, server.tomcat.remoteip.internal-proxies",
				"server.tomcat.remoteip.trusted-proxies=10\\.0\\.0\\.1, server.tomcat.remoteip.trusted-proxies",
				"server.tomcat.remoteip.port-header=X-Forwarded-Port, server.tomcat.remoteip.port-header",
				"server.tomcat.remoteip.host-header=X-Forwarded-Host, server.tomcat.remoteip.host-header",
				"server.tomcat.remoteip.protocol-header-https-value=on, server.tomcat.remoteip.protocol-header-https-value",
				"spring.main.cloud-platform=kubernetes, KUBERNETES cloud platform",
				"spring.main.cloud-platform=cloud_foundry, CLOUD_FOUNDRY cloud platform",
				"spring.main.cloud-platform=heroku, HEROKU cloud platform",
				"spring.main.cloud-platform=azure_app_service, AZURE_APP_SERVICE cloud platform" })
		void whenSettingRewritesTheClientThenStartupFailsNamingIt(String property, String named) {
			ServerForwardingTests.this.runner.withPropertyValues(property).run((context) -> {
				assertThat(context).hasFailed();
				ServerForwardingException failure = rootOf(context.getStartupFailure());
				assertThat(String.join("; ", failure.getSettings())).contains(named);
			});
		}

		@ParameterizedTest
		@CsvSource({ "KUBERNETES_SERVICE_HOST, KUBERNETES", "VCAP_APPLICATION, CLOUD_FOUNDRY", "DYNO, HEROKU" })
		void whenCloudPlatformDetectedFromItsEnvironmentThenStartupFails(String variable, String platform) {
			Map<String, Object> environment = Map.of(variable, "x", "KUBERNETES_SERVICE_PORT", "443");
			ServerForwardingTests.this.runner
				.withInitializer((context) -> context.getEnvironment()
					.getPropertySources()
					.addFirst(new SystemEnvironmentPropertySource("systemEnvironment", environment)))
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(rootOf(context.getStartupFailure()).getSettings())
						.anyMatch((setting) -> setting.contains(platform));
				});
		}

		@Test
		void whenSetThroughEnvironmentVariablesThenStartupFails() {
			ServerForwardingTests.this.runner
				.withInitializer((context) -> context.getEnvironment()
					.getPropertySources()
					.addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
							Map.of("SERVER_TOMCAT_REMOTEIP_PROTOCOLHEADER", "X-Forwarded-Proto"))))
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(rootOf(context.getStartupFailure()).getSettings())
						.containsExactly("server.tomcat.remoteip.protocolheader=X-Forwarded-Proto (an environment variable)");
				});
		}

		@Test
		void whenStrategySetThroughAnEnvironmentVariableThenStartupFails() {
			ServerForwardingTests.this.runner
				.withInitializer((context) -> context.getEnvironment()
					.getPropertySources()
					.addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
							Map.of("SERVER_FORWARDHEADERSSTRATEGY", "framework"))))
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(rootOf(context.getStartupFailure()).getSettings())
						.containsExactly("server.forward-headers-strategy=framework");
				});
		}

		@ParameterizedTest
		@ValueSource(strings = { "server.forward-headers-strategy=none", "server.forward-headers-strategy=NONE",
				"spring.main.cloud-platform=none" })
		void whenNothingRewritesThenStarts(String property) {
			ServerForwardingTests.this.runner.withPropertyValues(property).run((context) -> assertThat(context).hasNotFailed());
		}

		@Test
		void whenKubernetesButStrategyNoneThenStarts() {
			ServerForwardingTests.this.runner
				.withPropertyValues("spring.main.cloud-platform=kubernetes", "server.forward-headers-strategy=none")
				.run((context) -> assertThat(context).hasNotFailed());
		}

		@Test
		void whenOptedInWithPinnedInternalProxiesThenStartsAndWarns(CapturedOutput output) {
			ServerForwardingTests.this.runner
				.withPropertyValues("server.forward-headers-strategy=native",
						"server.tomcat.remoteip.internal-proxies=10\\.0\\.1\\.5",
						"ip-whitelist.client-ip.trust-server-forwarding=true")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(output).contains("trusting the address that server.forward-headers-strategy=native, "
							+ "server.tomcat.remoteip.internal-proxies=10\\.0\\.1\\.5 puts in place of the socket peer");
				});
		}

		@Test
		void whenOptedInButInternalProxiesNotPinnedThenStartupStillFails() {
			ServerForwardingTests.this.runner
				.withPropertyValues("server.forward-headers-strategy=native",
						"ip-whitelist.client-ip.trust-server-forwarding=true")
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(rootOf(context.getStartupFailure()).getOptInRefused())
						.contains("server.tomcat.remoteip.internal-proxies is not set");
				});
		}

		@ParameterizedTest
		@ValueSource(strings = { "server.forward-headers-strategy=framework", "" })
		void whenOptedInForAForwardingFilterThenStartupStillFails(String property) {
			WebApplicationContextRunner runner = ServerForwardingTests.this.runner.withPropertyValues(
					"ip-whitelist.client-ip.trust-server-forwarding=true",
					"server.tomcat.remoteip.internal-proxies=10\\.0\\.1\\.5");
			runner = property.isEmpty() ? runner.withUserConfiguration(ForwardedHeaderFilterBean.class)
					: runner.withPropertyValues(property);
			runner.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(rootOf(context.getStartupFailure()).getOptInRefused()).isNotNull();
			});
		}

		@Test
		void whenSetInASourceThatCannotListItsNamesThenStartupFails() {
			ServerForwardingTests.this.runner
				.withInitializer((context) -> context.getEnvironment()
					.getPropertySources()
					.addFirst(new org.springframework.core.env.PropertySource<Object>("opaque", new Object()) {

						@Override
						public Object getProperty(String name) {
							return name.equals("server.tomcat.remoteip.remote-ip-header") ? "X-Real-IP" : null;
						}

					}))
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(rootOf(context.getStartupFailure()).getSettings())
						.containsExactly("server.tomcat.remoteip.remote-ip-header=X-Real-IP");
				});
		}

		@Test
		void whenWhitelistDisabledThenNothingIsChecked() {
			ServerForwardingTests.this.runner
				.withPropertyValues("ip-whitelist.enabled=false", "server.forward-headers-strategy=native")
				.run((context) -> assertThat(context).hasNotFailed());
		}

		@Test
		void whenForwardedHeaderFilterBeanThenStartupFails() {
			ServerForwardingTests.this.runner.withUserConfiguration(ForwardedHeaderFilterBean.class).run((context) -> {
				assertThat(context).hasFailed();
				assertThat(rootOf(context.getStartupFailure()).getSettings())
					.containsExactly("the filter bean 'forwardedHeaderFilter' (" + ForwardedHeaderFilter.class.getName()
							+ ")");
			});
		}

		@Test
		void whenForwardedHeaderFilterRegisteredThenStartupFails() {
			ServerForwardingTests.this.runner.withUserConfiguration(ForwardedHeaderFilterRegistration.class)
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(rootOf(context.getStartupFailure()).getSettings().get(0))
						.contains("'forwardedHeaderFilterRegistration'");
				});
		}

		@Test
		void whenTomcatRemoteIpFilterRegisteredThenStartupFails() {
			ServerForwardingTests.this.runner.withUserConfiguration(RemoteIpFilterBean.class).run((context) -> {
				assertThat(context).hasFailed();
				assertThat(rootOf(context.getStartupFailure()).getSettings().get(0))
					.contains("org.apache.catalina.filters.RemoteIpFilter");
			});
		}

	}

	/**
	 * Whole applications on a real port from real source addresses.
	 */
	@Nested
	class RealPort {

		@Test
		void tlsOffloadSettingAloneStopsTheStartupWithTheTwoFixes(CapturedOutput output) {
			assertThatThrownBy(() -> start("--server.tomcat.remoteip.protocol-header=X-Forwarded-Proto"))
				.satisfies((ex) -> assertThat(rootOf(ex).getSettings())
					.containsExactly("server.tomcat.remoteip.protocol-header=X-Forwarded-Proto"));
			assertThat(output).contains("APPLICATION FAILED TO START")
				.contains("the server or Spring would replace it with an address taken from forwarding headers "
						+ "before the check runs, because of server.tomcat.remoteip.protocol-header=X-Forwarded-Proto.")
				.contains("set server.forward-headers-strategy=none")
				.contains("ip-whitelist.client-ip.trusted-proxies")
				.contains("ip-whitelist.client-ip.trust-server-forwarding=true");
		}

		@Test
		void kubernetesDefaultStopsTheStartup() {
			assertThatThrownBy(() -> start("--spring.main.cloud-platform=kubernetes"))
				.satisfies((ex) -> assertThat(rootOf(ex).getSettings().get(0)).contains("KUBERNETES"));
		}

		@Test
		void remoteIpValveAddedInCodeStopsTheStartup() {
			SpringApplication application = new SpringApplicationBuilder(ApiKeyTestApplication.class,
					ValveCustomizer.class)
				.build();
			assertThatThrownBy(() -> application.run("--server.port=0", "--ip-whitelist.entries=127.0.0.2"))
				.satisfies((ex) -> assertThat(rootOf(ex).getSettings().get(0))
					.contains("a RemoteIpValve on the Tomcat engine"));
		}

		@Test
		void remoteIpValveAddedToTheContextInCodeMakesTheRequestsItTouchesMalformed() {
			SpringApplication application = new SpringApplicationBuilder(ApiKeyTestApplication.class,
					ContextValveCustomizer.class)
				.build();
			try (ConfigurableApplicationContext context = application.run("--server.port=0",
					"--ip-whitelist.entries=127.0.0.2")) {
				Response forged = RawHttp.get(port(context), "127.0.0.9", "/api/hello", AUTH,
						"X-Forwarded-For: 127.0.0.2");
				assertThat(forged.status()).isEqualTo(403);
				assertThat(json.readTree(forged.body()).get("code").asInt()).isEqualTo(1452);
				// The valve marks every request from an address it trusts as a proxy (loopback here),
				// header or not: the true peer cannot be known, so each is refused, never guessed.
				Response plain = RawHttp.get(port(context), "127.0.0.2", "/api/hello", AUTH);
				assertThat(plain.status()).isEqualTo(403);
				assertThat(json.readTree(plain.body()).get("code").asInt()).isEqualTo(1452);
			}
		}

		@Test
		void forwardingFilterAddedInCodeIsLookedUnder() {
			SpringApplication application = new SpringApplicationBuilder(ApiKeyTestApplication.class,
					ForwardingFilterInitializer.class)
				.build();
			try (ConfigurableApplicationContext context = application.run("--server.port=0",
					"--ip-whitelist.entries=127.0.0.2")) {
				Response forged = RawHttp.get(port(context), "127.0.0.9", "/api/hello", AUTH,
						"X-Forwarded-For: 127.0.0.2", "Forwarded: for=127.0.0.2");
				assertThat(forged.status()).isEqualTo(403);
				assertThat(json.readTree(forged.body()).get("blockedIp").asString()).isEqualTo("127.0.0.9");
			}
		}

		@Test
		void forwardingFilterAddedInCodeIsLookedUnderEvenWithTheOptIn() {
			SpringApplication application = new SpringApplicationBuilder(ApiKeyTestApplication.class,
					ForwardingFilterInitializer.class)
				.build();
			try (ConfigurableApplicationContext context = application.run("--server.port=0",
					"--ip-whitelist.entries=127.0.0.2", "--ip-whitelist.client-ip.trust-server-forwarding=true",
					"--server.tomcat.remoteip.remote-ip-header=X-Forwarded-For",
					"--server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.10")) {
				Response forged = RawHttp.get(port(context), "127.0.0.9", "/api/hello", AUTH,
						"X-Forwarded-For: 127.0.0.2", "Forwarded: for=127.0.0.2");
				assertThat(forged.status()).isEqualTo(403);
				assertThat(json.readTree(forged.body()).get("blockedIp").asString()).isEqualTo("127.0.0.9");
			}
		}

		@Test
		void kubernetesWithStrategyNoneIgnoresAForgedHeader() {
			try (ConfigurableApplicationContext context = start("--spring.main.cloud-platform=kubernetes",
					"--server.forward-headers-strategy=none")) {
				Response response = RawHttp.get(port(context), "127.0.0.9", "/api/hello", AUTH,
						"X-Forwarded-For: 127.0.0.2");
				assertThat(response.status()).isEqualTo(403);
				assertThat(json.readTree(response.body()).get("blockedIp").asString()).isEqualTo("127.0.0.9");
			}
		}

		@Test
		void optInWithPinnedInternalProxiesTrustsOnlyThem() {
			try (ConfigurableApplicationContext context = start("--ip-whitelist.client-ip.trust-server-forwarding=true",
					"--server.tomcat.remoteip.remote-ip-header=X-Forwarded-For",
					"--server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.10")) {
				// Not the pinned load balancer: Tomcat leaves the address alone.
				Response forged = RawHttp.get(port(context), "127.0.0.9", "/api/hello", AUTH,
						"X-Forwarded-For: 127.0.0.2");
				assertThat(forged.status()).isEqualTo(403);
				assertThat(json.readTree(forged.body()).get("blockedIp").asString()).isEqualTo("127.0.0.9");
				// The pinned load balancer speaks for the client.
				Response forwarded = RawHttp.get(port(context), "127.0.0.10", "/api/hello", AUTH,
						"X-Forwarded-For: 127.0.0.2");
				assertThat(forwarded.status()).isEqualTo(200);
			}
		}

		private ConfigurableApplicationContext start(String... args) {
			String[] all = new String[args.length + 2];
			all[0] = "--server.port=0";
			all[1] = "--ip-whitelist.entries=127.0.0.2";
			System.arraycopy(args, 0, all, 2, args.length);
			return new SpringApplicationBuilder(ApiKeyTestApplication.class).run(all);
		}

		private int port(ConfigurableApplicationContext context) {
			return ((WebServerApplicationContext) context).getWebServer().getPort();
		}

	}

	static ServerForwardingException rootOf(Throwable failure) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (current instanceof ServerForwardingException found) {
				return found;
			}
		}
		throw new AssertionError("No ServerForwardingException in " + failure, failure);
	}

	@Configuration(proxyBeanMethods = false)
	static class ForwardedHeaderFilterBean {

		@Bean
		ForwardedHeaderFilter forwardedHeaderFilter() {
			return new ForwardedHeaderFilter();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ForwardedHeaderFilterRegistration {

		@Bean
		FilterRegistrationBean<ForwardedHeaderFilter> forwardedHeaderFilterRegistration() {
			return new FilterRegistrationBean<>(new ForwardedHeaderFilter());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RemoteIpFilterBean {

		@Bean
		FilterRegistrationBean<org.apache.catalina.filters.RemoteIpFilter> remoteIpFilter() {
			return new FilterRegistrationBean<>(new org.apache.catalina.filters.RemoteIpFilter());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ContextValveCustomizer {

		@Bean
		org.springframework.boot.tomcat.TomcatContextCustomizer remoteIpValveOnTheContext() {
			return (context) -> context.getPipeline().addValve(new RemoteIpValve());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ForwardingFilterInitializer {

		/** Added straight to the servlet context, first: no bean the startup check can see. */
		@Bean
		@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
		org.springframework.boot.web.servlet.ServletContextInitializer forwardingFilter() {
			return (servletContext) -> servletContext.addFilter("forwarded", new ForwardedHeaderFilter())
				.addMappingForUrlPatterns(null, false, "/*");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ValveCustomizer {

		@Bean
		WebServerFactoryCustomizer<TomcatServletWebServerFactory> remoteIpValve() {
			return (factory) -> factory.addEngineValves(new RemoteIpValve());
		}

	}

}
