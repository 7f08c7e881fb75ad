package io.github.ipwhitelist.autoconfigure;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.ipwhitelist.actuate.IpWhitelistEndpoint;
import io.github.ipwhitelist.actuate.IpWhitelistHealthIndicator;
import io.github.ipwhitelist.ratelimit.InMemoryIpRateLimiter;
import io.github.ipwhitelist.ratelimit.IpRateLimiter;
import io.github.ipwhitelist.ratelimit.RateLimitResult;
import io.github.ipwhitelist.rules.Mode;
import io.github.ipwhitelist.rules.RuleSet;
import io.github.ipwhitelist.rules.RuleSetHolder;
import io.github.ipwhitelist.web.DeniedResponseWriter;
import io.github.ipwhitelist.web.IpWhitelistAuthorizationManager;
import io.github.ipwhitelist.web.IpWhitelistFilter;
import io.github.ipwhitelist.web.ResponseFormat;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class IpWhitelistAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IpWhitelistAutoConfiguration.class, IpWhitelistRateLimitAutoConfiguration.class,
						IpWhitelistSecurityAutoConfiguration.class,
				IpWhitelistActuatorAutoConfiguration.class, SecurityAutoConfiguration.class,
				ServletWebSecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class))
		.withPropertyValues("ip-whitelist.entries=203.0.113.10");

	@Nested
	class Conditions {

		@Test
		void whenDefaultsThenEveryBeanPresent() {
			IpWhitelistAutoConfigurationTests.this.runner.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(RuleSetHolder.class)
					.hasSingleBean(IpWhitelistAuthorizationManager.class)
					.hasSingleBean(IpWhitelistFilter.class)
					.hasSingleBean(DeniedResponseWriter.class)
					.hasBean("ipWhitelistHttpSecurityCustomizer")
					.hasBean("ipWhitelistFilterRegistration");
			});
		}

		@Test
		void whenDisabledThenNothing() {
			IpWhitelistAutoConfigurationTests.this.runner.withPropertyValues("ip-whitelist.enabled=false")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context).doesNotHaveBean(RuleSetHolder.class)
						.doesNotHaveBean(IpWhitelistFilter.class)
						.doesNotHaveBean(IpWhitelistAuthorizationManager.class)
						.doesNotHaveBean("ipWhitelistHttpSecurityCustomizer")
						.doesNotHaveBean("ipWhitelistFilterRegistration");
					assertThat(filtersOfEveryChain(context.getBean(FilterChainProxy.class)))
						.noneMatch((filter) -> filter instanceof IpWhitelistFilter);
				});
		}

		@Test
		void whenDisabledAndEndpointExposedThenEndpointSaysDisabled() {
			IpWhitelistAutoConfigurationTests.this.runner
				.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
						WebEndpointAutoConfiguration.class))
				.withPropertyValues("ip-whitelist.enabled=false", "ip-whitelist.mode=permissive",
						"management.endpoints.web.exposure.include=ipwhitelist")
				.run((context) -> {
					IpWhitelistEndpoint endpoint = context.getBean(IpWhitelistEndpoint.class);
					assertThat(endpoint.whitelist().enabled()).isFalse();
					assertThat(endpoint.whitelist().mode()).isEqualTo(Mode.PERMISSIVE);
					assertThat(endpoint.whitelist().entries()).isEmpty();
					assertThat(endpoint.explain("203.0.113.9").allowed()).isTrue();
					assertThat(endpoint.explain("203.0.113.9").reason()).contains("disabled");
				});
		}

		@Test
		void whenDisabledThenBadEntriesAreNotChecked() {
			IpWhitelistAutoConfigurationTests.this.runner
				.withPropertyValues("ip-whitelist.enabled=false", "ip-whitelist.entries=not-an-address")
				.run((context) -> assertThat(context).hasNotFailed());
		}

		@Test
		void whenNotWebApplicationThenNothing() {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(IpWhitelistAutoConfiguration.class, IpWhitelistRateLimitAutoConfiguration.class,
						IpWhitelistSecurityAutoConfiguration.class,
						IpWhitelistActuatorAutoConfiguration.class))
				.withPropertyValues("ip-whitelist.entries=203.0.113.10")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context).doesNotHaveBean(RuleSetHolder.class).doesNotHaveBean(IpWhitelistFilter.class);
				});
		}

		@Test
		void whenSpringSecurityMissingThenNothing() {
			new WebApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(IpWhitelistAutoConfiguration.class, IpWhitelistRateLimitAutoConfiguration.class,
						IpWhitelistSecurityAutoConfiguration.class,
						IpWhitelistActuatorAutoConfiguration.class))
				.withClassLoader(new FilteredClassLoader(HttpSecurity.class))
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context).doesNotHaveBean(IpWhitelistFilter.class).doesNotHaveBean(RuleSetHolder.class);
				});
		}

		@Test
		void whenUserDefinesBeansThenTheirsWin() {
			IpWhitelistAutoConfigurationTests.this.runner.withUserConfiguration(UserBeans.class).run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBean(RuleSetHolder.class).isSameAs(context.getBean("userRules"));
				assertThat(context).getBean(DeniedResponseWriter.class).isSameAs(context.getBean("userWriter"));
				assertThat(context.getBean(RuleSetHolder.class).get().mode()).isEqualTo(Mode.PERMISSIVE);
			});
		}

		@Test
		void whenUserReplacesCustomizerThenTheirsWin() {
			IpWhitelistAutoConfigurationTests.this.runner.withUserConfiguration(UserCustomizer.class)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context.getBean("ipWhitelistHttpSecurityCustomizer"))
						.isSameAs(UserCustomizer.CUSTOMIZER);
				});
		}

		@Test
		void whenEndpointNotExposedThenNoEndpointBean() {
			IpWhitelistAutoConfigurationTests.this.runner
				.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
						WebEndpointAutoConfiguration.class))
				.run((context) -> assertThat(context).doesNotHaveBean(IpWhitelistEndpoint.class));
		}

		@Test
		void whenEndpointExposedThenEndpointBean() {
			IpWhitelistAutoConfigurationTests.this.runner
				.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
						WebEndpointAutoConfiguration.class))
				.withPropertyValues("management.endpoints.web.exposure.include=ipwhitelist")
				.run((context) -> assertThat(context).hasSingleBean(IpWhitelistEndpoint.class));
		}

		@Test
		void whenEndpointAccessNoneThenNoEndpointBean() {
			IpWhitelistAutoConfigurationTests.this.runner
				.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
						WebEndpointAutoConfiguration.class))
				.withPropertyValues("management.endpoints.web.exposure.include=ipwhitelist",
						"management.endpoint.ipwhitelist.access=NONE")
				.run((context) -> assertThat(context).doesNotHaveBean(IpWhitelistEndpoint.class));
		}

		@Test
		void whenHealthIndicatorDisabledThenNoHealthBean() {
			IpWhitelistAutoConfigurationTests.this.runner
				.withPropertyValues("management.health.ipwhitelist.enabled=false")
				.run((context) -> assertThat(context).doesNotHaveBean(IpWhitelistHealthIndicator.class));
		}

		@Test
		void whenRateLimitNotEnabledThenNoLimiter() {
			IpWhitelistAutoConfigurationTests.this.runner
				.run((context) -> assertThat(context).doesNotHaveBean(IpRateLimiter.class));
		}

		@Test
		void whenRateLimitEnabledThenLimiter() {
			IpWhitelistAutoConfigurationTests.this.runner.withPropertyValues("ip-whitelist.rate-limit.enabled=true")
				.run((context) -> assertThat(context).hasSingleBean(InMemoryIpRateLimiter.class));
		}

		@Test
		void whenRateLimitEnabledButBucket4jMissingThenStartupFailsNamingIt() {
			IpWhitelistAutoConfigurationTests.this.runner.withPropertyValues("ip-whitelist.rate-limit.enabled=true")
				.withClassLoader(new FilteredClassLoader(io.github.bucket4j.Bucket.class))
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(InvalidConfigurationTests.allMessages(context.getStartupFailure()))
						.contains("ip-whitelist.rate-limit.enabled")
						.contains("Bucket4j");
				});
		}

		@Test
		void whenBucket4jMissingAndRateLimitOffThenEverythingElseStarts() {
			IpWhitelistAutoConfigurationTests.this.runner
				.withClassLoader(new FilteredClassLoader(io.github.bucket4j.Bucket.class))
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context).doesNotHaveBean(IpRateLimiter.class).hasSingleBean(IpWhitelistFilter.class);
				});
		}

		@Test
		void whenRateLimitSettingIsBadThenStartupFailsNamingIt() {
			IpWhitelistAutoConfigurationTests.this.runner
				.withPropertyValues("ip-whitelist.rate-limit.enabled=true", "ip-whitelist.rate-limit.capacity=0")
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(InvalidConfigurationTests.allMessages(context.getStartupFailure()))
						.contains("ip-whitelist.rate-limit.capacity");
				});
		}

		@Test
		void whenUserDefinesRateLimiterThenTheirsIsUsed() {
			IpWhitelistAutoConfigurationTests.this.runner.withPropertyValues("ip-whitelist.rate-limit.enabled=true")
				.withBean("userLimiter", IpRateLimiter.class,
						() -> (client) -> new RateLimitResult(true, 1, 0, client.toString()))
				.run((context) -> {
					assertThat(context).hasSingleBean(IpRateLimiter.class);
					assertThat(context).doesNotHaveBean(InMemoryIpRateLimiter.class);
				});
		}

		@Test
		void whenDefaultsThenHealthBean() {
			IpWhitelistAutoConfigurationTests.this.runner
				.run((context) -> assertThat(context).hasSingleBean(IpWhitelistHealthIndicator.class));
		}

	}

	@Nested
	class FilterChains {

		@Test
		void whenBootDefaultChainThenFilterRunsFirst() {
			IpWhitelistAutoConfigurationTests.this.runner.run((context) -> {
				FilterChainProxy proxy = context.getBean(FilterChainProxy.class);
				assertThat(proxy.getFilterChains()).isNotEmpty();
				for (SecurityFilterChain chain : proxy.getFilterChains()) {
					assertFirst(chain);
				}
				List<Filter> filters = proxy.getFilterChains().get(0).getFilters();
				assertThat(filters).anyMatch((filter) -> filter instanceof BasicAuthenticationFilter);
			});
		}

		@Test
		void whenBootManagementChainThenFilterRunsFirst() {
			IpWhitelistAutoConfigurationTests.this.runner
				.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
						WebEndpointAutoConfiguration.class,
						org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration.class,
						org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration.class,
						org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration.class))
				.withPropertyValues("management.endpoints.web.exposure.include=ipwhitelist")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context).hasBean("managementSecurityFilterChain");
					FilterChainProxy proxy = context.getBean(FilterChainProxy.class);
					assertThat(proxy.getFilterChains()).isNotEmpty();
					for (SecurityFilterChain chain : proxy.getFilterChains()) {
						assertFirst(chain);
					}
				});
		}

		@Test
		void whenUserChainsThenEveryChainRunsFilterFirst() {
			IpWhitelistAutoConfigurationTests.this.runner.withUserConfiguration(UserChains.class).run((context) -> {
				FilterChainProxy proxy = context.getBean(FilterChainProxy.class);
				assertThat(proxy.getFilterChains()).hasSize(2);
				for (SecurityFilterChain chain : proxy.getFilterChains()) {
					assertFirst(chain);
				}
				IpWhitelistFilter filter = context.getBean(IpWhitelistFilter.class);
				assertThat(proxy.getFilterChains()).allMatch((chain) -> chain.getFilters().contains(filter));
			});
		}

		@Test
		void whenChainNotBuiltFromHttpSecurityThenFilterPutFirst() {
			IpWhitelistAutoConfigurationTests.this.runner.withUserConfiguration(HandMadeChain.class).run((context) -> {
				FilterChainProxy proxy = context.getBean(FilterChainProxy.class);
				assertThat(proxy.getFilterChains()).hasSize(1);
				List<Filter> filters = proxy.getFilterChains().get(0).getFilters();
				assertThat(filters).hasSize(3);
				assertThat(filters.get(0)).isInstanceOf(IpWhitelistFilter.class);
				assertThat(filters.get(1)).isInstanceOf(org.springframework.web.filter.CharacterEncodingFilter.class);
				// No authorization filter: the tenant check after authentication goes last.
				assertThat(filters.get(2)).isSameAs(context.getBean(IpWhitelistFilter.class).tenantBindingFilter());
			});
		}

		@Test
		void whenApplicationRegistersItsOwnFilterChainProxyThenFilterPutFirstInItsChains() {
			IpWhitelistAutoConfigurationTests.this.runner.withUserConfiguration(OwnFilterChainProxy.class)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					FilterChainProxy own = (FilterChainProxy) context
						.getBean("ownFilterChainProxy", FilterRegistrationBean.class)
						.getFilter();
					List<Filter> filters = own.getFilterChains().get(0).getFilters();
					assertThat(filters.get(0)).isInstanceOf(IpWhitelistFilter.class);
					assertThat(filters.get(1)).isInstanceOf(org.springframework.web.filter.CharacterEncodingFilter.class);
				});
		}

		@Test
		void whenChainHandsOutACopyOfItsFiltersThenStartupFails() {
			IpWhitelistAutoConfigurationTests.this.runner.withUserConfiguration(CopyingChain.class).run((context) -> {
				assertThat(context).hasFailed();
				assertThat(InvalidConfigurationTests.allMessages(context.getStartupFailure()))
					.contains("its getFilters() does not return the list it runs");
			});
		}

		@Test
		void whenFilterRegisteredWithContainerThenRightAfterSpringSecurity() {
			IpWhitelistAutoConfigurationTests.this.runner.run((context) -> {
				FilterRegistrationBean<?> registration = context.getBean("ipWhitelistFilterRegistration",
						FilterRegistrationBean.class);
				assertThat(registration.getFilter()).isSameAs(context.getBean(IpWhitelistFilter.class));
				assertThat(registration.getOrder()).isEqualTo(-99);
			});
		}

		private static void assertFirst(SecurityFilterChain chain) {
			List<Filter> filters = chain.getFilters();
			assertThat(filters.get(0)).as("first filter of %s", chain).isInstanceOf(IpWhitelistFilter.class);
		}

	}

	@Nested
	class Binding {

		@Test
		void whenCommaSeparatedStringThenEveryEntryBinds() {
			IpWhitelistAutoConfigurationTests.this.runner
				.withPropertyValues("ip-whitelist.entries=203.0.113.10, 10.0.0.0/8 ,2001:db8::/32")
				.run((context) -> assertThat(prefixes(context.getBean(RuleSetHolder.class).get()))
					.containsExactly("203.0.113.10", "10.0.0.0/8", "2001:db8::/32"));
		}

		@Test
		void whenEnvironmentVariableThenEntriesBind() {
			new WebApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(IpWhitelistAutoConfiguration.class, IpWhitelistRateLimitAutoConfiguration.class,
						IpWhitelistSecurityAutoConfiguration.class,
						SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class))
				.withInitializer((context) -> context.getEnvironment()
					.getPropertySources()
					.addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
							Map.of("IP_WHITELIST_ENTRIES", "203.0.113.10,10.0.0.0/8", "IP_WHITELIST_MODE",
									"permissive"))))
				.run((context) -> {
					RuleSet rules = context.getBean(RuleSetHolder.class).get();
					assertThat(prefixes(rules)).containsExactly("203.0.113.10", "10.0.0.0/8");
					assertThat(rules.mode()).isEqualTo(Mode.PERMISSIVE);
				});
		}

		@Test
		void whenYamlStyleListThenDescriptionAndExpiryBind() {
			new WebApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(IpWhitelistAutoConfiguration.class, IpWhitelistRateLimitAutoConfiguration.class,
						IpWhitelistSecurityAutoConfiguration.class,
						SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class))
				.withPropertyValues("ip-whitelist.entries[0].address=198.51.100.0/24",
						"ip-whitelist.entries[0].description=contractor",
						"ip-whitelist.entries[0].expires-at=2026-12-31",
						"ip-whitelist.entries[1].address=192.0.2.1",
						"ip-whitelist.entries[1].expires-at=2026-12-31T23:59:59Z", "ip-whitelist.deny[0].address=::1")
				.run((context) -> {
					RuleSet rules = context.getBean(RuleSetHolder.class).get();
					assertThat(rules.allowEntries().get(0).description()).isEqualTo("contractor");
					assertThat(rules.allowEntries().get(0).expiresAt()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
					assertThat(rules.allowEntries().get(1).expiresAt()).isEqualTo(Instant.parse("2026-12-31T23:59:59Z"));
					assertThat(rules.allowEntries().get(0).origin()).isEqualTo("ip-whitelist.entries[0]");
					assertThat(rules.denyEntries().get(0).prefix()).hasToString("::1");
				});
		}

		@Test
		void whenApplicationHasItsOwnInstantPropertyThenTheExpiryFormIsNotAppliedToIt() {
			new WebApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(IpWhitelistAutoConfiguration.class, IpWhitelistRateLimitAutoConfiguration.class,
						IpWhitelistSecurityAutoConfiguration.class,
						SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class))
				.withUserConfiguration(UserInstantProperties.class)
				.withPropertyValues("ip-whitelist.entries[0].address=192.0.2.1",
						"ip-whitelist.entries[0].expires-at=2026-12-31", "user.at=2026-12-31T10:15:30Z")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context.getBean(UserProperties.class).getAt())
						.isEqualTo(Instant.parse("2026-12-31T10:15:30Z"));
					assertThat(context.getBean(RuleSetHolder.class).get().allowEntries().get(0).expiresAt())
						.isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
				});
		}

		@Test
		void whenApplicationInstantPropertyIsADateThenItIsNotTurnedIntoTheNextMidnight() {
			IpWhitelistAutoConfigurationTests.this.runner.withUserConfiguration(UserInstantProperties.class)
				.withPropertyValues("user.at=2026-12-31")
				.run((context) -> {
					// Boot binds no date to an Instant: the application gets its own binding error.
					assertThat(context).hasFailed();
					assertThat(InvalidConfigurationTests.allMessages(context.getStartupFailure())).contains("user.at")
						.doesNotContain("ip-whitelist");
				});
		}

		@Test
		void whenResponseSettingsThenWriterUsesThem() {
			IpWhitelistAutoConfigurationTests.this.runner
				.withPropertyValues("ip-whitelist.response.format=envelope", "ip-whitelist.response.status=401",
						"ip-whitelist.client-ip.header=Forwarded")
				.run((context) -> {
					assertThat(context.getBean(DeniedResponseWriter.class)).hasToString(
							"DeniedResponseWriter[format=" + ResponseFormat.ENVELOPE + ", status=401]");
					assertThat(context.getBean(io.github.ipwhitelist.client.ClientIpResolver.class).header().headerName())
						.isEqualTo("Forwarded");
				});
		}

	}

	@Nested
	class Warnings {

		@Test
		void whenStrictAndEmptyThenStartupWarnsEverythingIsDenied(CapturedOutput output) {
			new WebApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(IpWhitelistAutoConfiguration.class, IpWhitelistRateLimitAutoConfiguration.class,
						IpWhitelistSecurityAutoConfiguration.class,
						SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class))
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(output).contains(
							"IP whitelist: strict mode with no live entries: every guarded request will be denied");
				});
		}

		@Test
		void whenBroadRangeThenStartupWarns(CapturedOutput output) {
			IpWhitelistAutoConfigurationTests.this.runner.withPropertyValues("ip-whitelist.entries=0.0.0.0/0,10.0.0.0/8")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(output).contains("ip-whitelist.entries[0] '0.0.0.0/0' allows every IPv4 address")
						.contains("ip-whitelist.entries[1] '10.0.0.0/8' is a very broad range");
				});
		}

		// Settings that rewrite the client address stop the startup: see ServerForwardingTests.

		@Test
		void whenForwardHeadersStrategyNoneThenNoWarning(CapturedOutput output) {
			IpWhitelistAutoConfigurationTests.this.runner
				.withPropertyValues("server.forward-headers-strategy=none", "spring.main.cloud-platform=kubernetes")
				.run((context) -> assertThat(output).doesNotContain("replaces the socket peer"));
		}

	}

	static List<String> prefixes(RuleSet rules) {
		return rules.allowEntries().stream().map((entry) -> entry.prefix().toString()).toList();
	}

	static List<Filter> filtersOfEveryChain(FilterChainProxy proxy) {
		return proxy.getFilterChains().stream().flatMap((chain) -> chain.getFilters().stream()).toList();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		@Bean
		RuleSetHolder userRules() {
			return new RuleSetHolder(RuleSet.compile(Mode.PERMISSIVE, List.of(), List.of()));
		}

		@Bean
		DeniedResponseWriter userWriter() {
			return new DeniedResponseWriter(ResponseFormat.MINIMAL, 401);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@org.springframework.boot.context.properties.EnableConfigurationProperties(UserProperties.class)
	static class UserInstantProperties {

	}

	@org.springframework.boot.context.properties.ConfigurationProperties("user")
	static class UserProperties {

		private Instant at;

		public Instant getAt() {
			return this.at;
		}

		public void setAt(Instant at) {
			this.at = at;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserCustomizer {

		static final Customizer<HttpSecurity> CUSTOMIZER = (http) -> {
		};

		@Bean
		Customizer<HttpSecurity> ipWhitelistHttpSecurityCustomizer() {
			return CUSTOMIZER;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HandMadeChain {

		@Bean
		SecurityFilterChain handMade() {
			return new org.springframework.security.web.DefaultSecurityFilterChain(
					org.springframework.security.web.util.matcher.AnyRequestMatcher.INSTANCE,
					new org.springframework.web.filter.CharacterEncodingFilter());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CopyingChain {

		/** Replaces Boot's any-request chain, so that another chain may follow. */
		@Bean
		SecurityFilterChain api(HttpSecurity http) {
			return http.securityMatcher("/api/**").build();
		}

		/** A chain that is no bean, whose getFilters() returns a new list each time. */
		@Bean
		org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer copying() {
			List<Filter> filters = List.of(new org.springframework.web.filter.CharacterEncodingFilter());
			return (web) -> web.addSecurityFilterChainBuilder(() -> new SecurityFilterChain() {

				@Override
				public boolean matches(jakarta.servlet.http.HttpServletRequest request) {
					return true;
				}

				@Override
				public List<Filter> getFilters() {
					return new java.util.ArrayList<>(filters);
				}

			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnFilterChainProxy {

		@Bean
		FilterRegistrationBean<FilterChainProxy> ownFilterChainProxy() {
			return new FilterRegistrationBean<>(new FilterChainProxy(new org.springframework.security.web.DefaultSecurityFilterChain(
					org.springframework.security.web.util.matcher.AnyRequestMatcher.INSTANCE,
					new org.springframework.web.filter.CharacterEncodingFilter())));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserChains {

		@Bean
		@org.springframework.core.annotation.Order(1)
		SecurityFilterChain admin(HttpSecurity http) {
			return http.securityMatcher("/admin/**")
				.authorizeHttpRequests((requests) -> requests.anyRequest().hasRole("ADMIN"))
				.httpBasic(Customizer.withDefaults())
				.build();
		}

		@Bean
		@org.springframework.core.annotation.Order(2)
		SecurityFilterChain api(HttpSecurity http) {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.formLogin(Customizer.withDefaults())
				.addFilterBefore(new org.springframework.web.filter.CharacterEncodingFilter(),
						UsernamePasswordAuthenticationFilter.class)
				.build();
		}

	}

}
