package io.github.ipwhitelist.autoconfigure;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.ipwhitelist.audit.IpWhitelistDenialListener;
import io.github.ipwhitelist.audit.IpWhitelistRecorder;
import io.github.ipwhitelist.audit.TenantActivity;
import io.github.ipwhitelist.client.ClientIpResolver;
import io.github.ipwhitelist.ratelimit.IpRateLimiter;
import io.github.ipwhitelist.ratelimit.SharedIpRateLimiter;
import io.github.ipwhitelist.reactive.IpWhitelistReactiveAuthorizationManager;
import io.github.ipwhitelist.reactive.IpWhitelistWebFilter;
import io.github.ipwhitelist.rules.RuleSetHolder;
import io.github.ipwhitelist.rules.TenantTable;
import io.github.ipwhitelist.web.DenialResponses;
import io.github.ipwhitelist.web.IpAccessDecider;
import io.github.ipwhitelist.web.IpWhitelistAuthenticatedTenantResolver;
import io.github.ipwhitelist.web.TenantResolution;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.web.server.WebFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * The IP whitelist of a reactive application (WebFlux, Spring Cloud Gateway): the same rules,
 * client resolution, responses, records, rate limits and tenants as on the servlet stack,
 * applied by a {@link WebFilter} that runs before every other filter (Spring Security's chains
 * included) and that is also put first in every {@code SecurityWebFilterChain} built with
 * {@link ServerHttpSecurity}; each exchange is decided once.
 * <p>
 * As on the servlet stack, startup stops when the server or Spring would replace the socket
 * peer with an address taken from forwarding headers ({@code server.forward-headers-strategy}
 * {@code native} or {@code framework}, or a cloud platform that turns {@code native} on by
 * itself): both take the leftmost hop of any client's header, with no list of proxies, so a
 * client would choose the address it is checked by; {@code trust-server-forwarding} cannot
 * change that here. Set {@code server.forward-headers-strategy=none} and list the proxies in
 * {@code ip-whitelist.client-ip.trusted-proxies}.
 */
@AutoConfiguration(after = { IpWhitelistAutoConfiguration.class, IpWhitelistRateLimitAutoConfiguration.class })
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass(WebFilter.class)
@ConditionalOnBean(RuleSetHolder.class)
@ConditionalOnBooleanProperty(name = "ip-whitelist.enabled", matchIfMissing = true)
@EnableConfigurationProperties(IpWhitelistProperties.class)
public final class IpWhitelistReactiveAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	IpWhitelistWebFilter ipWhitelistWebFilter(RuleSetHolder rules, ClientIpResolver resolver,
			IpWhitelistProperties properties, IpWhitelistRecorder recorder, TenantTable tenants,
			TenantActivity tenantActivity, ObjectProvider<IpWhitelistDenialListener> listeners,
			ObjectProvider<IpRateLimiter> rateLimiter, ObjectProvider<Clock> clock,
			ObjectProvider<IpWhitelistAuthenticatedTenantResolver> provenTenants) {
		IpWhitelistProperties.Tenants tenantSettings = properties.getTenants();
		String tenantHeader = (tenantSettings.getResolver() == TenantResolution.HEADER) ? tenantSettings.getHeader()
				: null;
		IpWhitelistProperties.Paths paths = properties.getPaths();
		IpWhitelistConfigurationReader.checkPaths(paths);
		IpRateLimiter limiter = rateLimiter.getIfUnique();
		IpWhitelistWebFilter filter = new IpWhitelistWebFilter(
				new IpAccessDecider(rules, IpWhitelistAutoConfiguration.clock(clock), tenants), resolver,
				tenantHeader, recorder,
				new DenialResponses(properties.getResponse().getFormat(), properties.getResponse().getStatus()),
				patterns("paths.include", paths.getInclude()), patterns("paths.exclude", paths.getExclude()),
				listeners.orderedStream().toList(), limiter, limiter instanceof SharedIpRateLimiter, tenantActivity);
		// Two resolver beans stop the startup, as on the servlet stack, rather than pick neither.
		IpWhitelistAuthenticatedTenantResolver proven = provenTenants.getIfAvailable();
		if (proven != null) {
			filter.setAuthenticatedTenantResolver(proven);
		}
		return filter;
	}

	/**
	 * Stops the startup when the server would take the client address from forwarding headers;
	 * a bean of its own, so that an application's own filter is checked too.
	 */
	@Bean
	static ReactiveForwardingCheck ipWhitelistReactiveForwardingCheck(Environment environment) {
		checkServerForwarding(environment,
				environment.getProperty(ServerForwardingGuard.OPT_IN, Boolean.class, false));
		return new ReactiveForwardingCheck();
	}

	/** The mark that the forwarding check ran. */
	static final class ReactiveForwardingCheck {

	}

	private static List<PathPattern> patterns(String property, List<String> patterns) {
		PathPatternParser parser = PathPatternParser.defaultInstance;
		List<PathPattern> result = new ArrayList<>(patterns.size());
		for (int i = 0; i < patterns.size(); i++) {
			String pattern = patterns.get(i);
			if (pattern == null || !pattern.startsWith("/")) {
				throw new InvalidIpWhitelistConfigurationException("ip-whitelist." + property + "[" + i + "]",
						String.valueOf(pattern), "a path pattern starts with / (it would match no request)");
			}
			try {
				result.add(parser.parse(pattern));
			}
			catch (PatternParseException ex) {
				throw new InvalidIpWhitelistConfigurationException("ip-whitelist." + property + "[" + i + "]",
						String.valueOf(pattern), "not a path pattern: " + ex.getMessage());
			}
		}
		return result;
	}

	/**
	 * Stops the startup when Reactor Netty ({@code native}) or Spring's
	 * {@code ForwardedHeaderTransformer} ({@code framework}) would rewrite the client address
	 * from forwarding headers, unless the deployment says it trusts that.
	 */
	static void checkServerForwarding(Environment environment, boolean optIn) {
		String strategy = Binder.get(environment).bind("server.forward-headers-strategy", String.class).orElse("").trim();
		CloudPlatform platform = CloudPlatform.getActive(environment);
		boolean rewrites = strategy.equalsIgnoreCase("native") || strategy.equalsIgnoreCase("framework")
				|| (strategy.isEmpty() && platform != null && platform.isUsingForwardHeaders());
		if (!rewrites) {
			return;
		}
		String setting = strategy.isEmpty()
				? "the " + platform + " cloud platform (Boot turns server.forward-headers-strategy=native on there)"
				: "server.forward-headers-strategy=" + strategy.toLowerCase(Locale.ROOT);
		// Neither Reactor Netty's forwarded handling nor Spring's transformer has a list of proxies:
		// both believe any client's header, so the opt-in cannot make them safe.
		throw new ServerForwardingException(List.of(setting),
				optIn
						? "on a reactive server neither Reactor Netty's forwarded handling nor Spring's "
								+ "ForwardedHeaderTransformer has a list of proxies to pin: set "
								+ "server.forward-headers-strategy=none and list your proxies in "
								+ "ip-whitelist.client-ip.trusted-proxies"
						: null);
	}

	/**
	 * Puts the filter first in every {@code SecurityWebFilterChain} built with
	 * {@link ServerHttpSecurity} (the application's, the actuator's, Spring Security's default):
	 * an application that builds its own {@code WebFilterChainProxy} still checks first.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ServerHttpSecurity.class, ReactiveAuthorizationManager.class })
	static class SecurityChainConfiguration {

		@Bean
		@ConditionalOnMissingBean
		IpWhitelistReactiveAuthorizationManager ipWhitelistReactiveAuthorizationManager(IpWhitelistWebFilter filter) {
			return new IpWhitelistReactiveAuthorizationManager(filter);
		}

		@Bean
		static BeanPostProcessor ipWhitelistServerHttpSecurityPostProcessor(ObjectProvider<IpWhitelistWebFilter> filter) {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
					if (bean instanceof ServerHttpSecurity http) {
						IpWhitelistWebFilter whitelist = filter.getIfUnique();
						if (whitelist != null) {
							http.addFilterAt(whitelist, SecurityWebFiltersOrder.FIRST);
							// After authentication, before authorization: the tenant the credentials prove.
							http.addFilterBefore(whitelist.tenantBindingFilter(), SecurityWebFiltersOrder.AUTHORIZATION);
						}
					}
					return bean;
				}

			};
		}

	}

}
