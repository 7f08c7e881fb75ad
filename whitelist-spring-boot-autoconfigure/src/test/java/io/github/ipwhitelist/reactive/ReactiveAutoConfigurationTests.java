package io.github.ipwhitelist.reactive;

import io.github.ipwhitelist.autoconfigure.IpWhitelistAutoConfiguration;
import io.github.ipwhitelist.autoconfigure.IpWhitelistRateLimitAutoConfiguration;
import io.github.ipwhitelist.autoconfigure.IpWhitelistReactiveAutoConfiguration;
import io.github.ipwhitelist.autoconfigure.IpWhitelistSecurityAutoConfiguration;
import io.github.ipwhitelist.autoconfigure.ServerForwardingException;
import io.github.ipwhitelist.ratelimit.IpRateLimiter;
import io.github.ipwhitelist.web.IpWhitelistFilter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive auto-configuration, condition by condition: a reactive application gets the
 * {@link WebFilter} (and no servlet filter), put first in every chain built with
 * {@link ServerHttpSecurity}; a servlet application does not get it; the master switch and an
 * application's own filter are honoured; forwarding strategies that let a client choose its
 * address stop the startup.
 */
class ReactiveAutoConfigurationTests {

	static {
		ReactiveSupport.installBlockHound();
	}

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IpWhitelistAutoConfiguration.class,
				IpWhitelistRateLimitAutoConfiguration.class, IpWhitelistReactiveAutoConfiguration.class,
				IpWhitelistSecurityAutoConfiguration.class, ReactiveWebSecurityAutoConfiguration.class))
		.withPropertyValues("ip-whitelist.entries=192.0.2.0/24");

	@Test
	void aReactiveApplicationGetsTheWebFilterAndNoServletFilter() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(IpWhitelistWebFilter.class);
			assertThat(context.getBean(IpWhitelistWebFilter.class).getOrder()).isEqualTo(Integer.MIN_VALUE);
			assertThat(context).doesNotHaveBean(IpWhitelistFilter.class);
		});
	}

	@Test
	void theFilterIsFirstInEveryChainBuiltWithServerHttpSecurity() {
		this.runner.withUserConfiguration(ChainConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				SecurityWebFilterChain chain = context.getBean("chain", SecurityWebFilterChain.class);
				WebFilter first = chain.getWebFilters().skip(1).blockFirst();
				assertThat(first).isSameAs(context.getBean(IpWhitelistWebFilter.class));
			});
	}

	@Test
	void theReactiveAuthorizationManagerDecidesAnExchangeOnce() {
		this.runner.run((context) -> {
			IpWhitelistReactiveAuthorizationManager manager = context
				.getBean(IpWhitelistReactiveAuthorizationManager.class);
			for (String[] peer : new String[][] { { "192.0.2.5", "true" }, { "198.51.100.1", "false" } }) {
				org.springframework.mock.web.server.MockServerWebExchange exchange = org.springframework.mock.web.server.MockServerWebExchange
					.from(org.springframework.mock.http.server.reactive.MockServerHttpRequest.get("/api/x")
						.remoteAddress(new java.net.InetSocketAddress(java.net.InetAddress.getByAddress(
								io.github.ipwhitelist.address.IpAddress.parse(peer[0]).toBytes()), 40000)));
				org.springframework.security.authorization.AuthorizationResult result = manager
					.authorize(reactor.core.publisher.Mono.empty(),
							new org.springframework.security.web.server.authorization.AuthorizationContext(exchange))
					.block();
				assertThat(result.isGranted()).as(peer[0]).isEqualTo(Boolean.parseBoolean(peer[1]));
				assertThat(exchange.getAttributes().get(IpWhitelistWebFilter.DECISION_ATTRIBUTE)).isSameAs(result);
			}
		});
	}

	@Test
	void aServletApplicationDoesNotGetTheWebFilter() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(IpWhitelistAutoConfiguration.class,
					IpWhitelistReactiveAutoConfiguration.class))
			.withPropertyValues("ip-whitelist.entries=192.0.2.0/24")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(IpWhitelistWebFilter.class);
			});
	}

	@Test
	void theMasterSwitchAndAnOwnFilterAreHonoured() {
		this.runner.withPropertyValues("ip-whitelist.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(IpWhitelistWebFilter.class));
		this.runner.withUserConfiguration(OwnFilterConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(IpWhitelistWebFilter.class);
			assertThat(context.getBean(IpWhitelistWebFilter.class)).isSameAs(OwnFilterConfiguration.OWN);
		});
	}

	@Test
	void aPathPatternWithoutItsSlashStopsTheStart() {
		this.runner.withPropertyValues("ip-whitelist.paths.include=admin/**").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("ip-whitelist.paths.include[0]")
				.hasMessageContaining("starts with /");
		});
	}

	@Test
	void withoutSpringSecurityNothingIsConfigured() {
		this.runner.withClassLoader(new org.springframework.boot.test.context.FilteredClassLoader(
				org.springframework.security.config.annotation.web.builders.HttpSecurity.class, ServerHttpSecurity.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(IpWhitelistWebFilter.class);
			});
	}

	@Test
	void rateLimitingWorksOnTheReactiveStackToo() {
		this.runner.withPropertyValues("ip-whitelist.rate-limit.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(IpRateLimiter.class));
	}

	@Test
	void forwardingStrategiesThatLetAClientChooseItsAddressStopTheStart() {
		for (String strategy : new String[] { "native", "framework" }) {
			this.runner.withPropertyValues("server.forward-headers-strategy=" + strategy).run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(ServerForwardingException.class)
					.hasMessageContaining("server.forward-headers-strategy=" + strategy);
			});
			this.runner
				.withPropertyValues("server.forward-headers-strategy=" + strategy,
						"ip-whitelist.client-ip.trust-server-forwarding=true")
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(context.getStartupFailure()).rootCause()
						.hasMessageContaining("has a list of proxies to pin");
				});
		}
		this.runner.withPropertyValues("server.forward-headers-strategy=none")
			.run((context) -> assertThat(context).hasNotFailed());
		this.runner.withPropertyValues("spring.main.cloud-platform=kubernetes")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("KUBERNETES");
			});
	}

	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	static class ChainConfiguration {

		@org.springframework.context.annotation.Bean
		SecurityWebFilterChain chain(ServerHttpSecurity http) {
			return http.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll()).build();
		}

	}

	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	static class OwnFilterConfiguration {

		static final IpWhitelistWebFilter OWN = new IpWhitelistWebFilter(
				new io.github.ipwhitelist.web.IpAccessDecider(
						() -> io.github.ipwhitelist.rules.RuleSet.compile(io.github.ipwhitelist.rules.Mode.PERMISSIVE,
								java.util.List.of(), java.util.List.of()),
						java.time.Clock.systemUTC(), null),
				new io.github.ipwhitelist.client.ClientIpResolver(java.util.List.of(),
						io.github.ipwhitelist.client.ForwardingHeader.X_FORWARDED_FOR, 1, 1),
				null, new io.github.ipwhitelist.audit.IpWhitelistRecorder(1, 1, java.time.Clock.systemUTC()),
				new io.github.ipwhitelist.web.DenialResponses(io.github.ipwhitelist.web.ResponseFormat.PROBLEM, 403),
				java.util.List.of(), java.util.List.of(), java.util.List.of(), null, false, null);

		@org.springframework.context.annotation.Bean
		IpWhitelistWebFilter ownFilter() {
			return OWN;
		}

	}

}
