package io.github.ipwhitelist.autoconfigure;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.audit.DenialLogger;
import io.github.ipwhitelist.audit.IpWhitelistDenialListener;
import io.github.ipwhitelist.audit.IpWhitelistRecorder;
import io.github.ipwhitelist.audit.TenantActivity;
import io.github.ipwhitelist.client.ClientIpResolver;
import io.github.ipwhitelist.ratelimit.IpRateLimiter;
import io.github.ipwhitelist.rules.IpEntry;
import io.github.ipwhitelist.rules.RuleSetHolder;
import io.github.ipwhitelist.rules.TenantTable;
import io.github.ipwhitelist.web.DeniedResponseWriter;
import io.github.ipwhitelist.web.IpWhitelistAuthenticatedTenantResolver;
import io.github.ipwhitelist.web.IpWhitelistAuthorizationManager;
import io.github.ipwhitelist.web.IpWhitelistFilter;
import io.github.ipwhitelist.web.IpWhitelistTenantResolver;
import io.github.ipwhitelist.web.TenantGate;
import io.github.ipwhitelist.web.TenantResolution;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.session.DisableEncodeUrlFilter;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Spring Security integration of the IP whitelist: the {@code AuthorizationManager}, the filter
 * that applies it, first in every security filter chain whatever built the chain and also
 * registered with the servlet container for requests no chain matches, its collaborators
 * (recorder, response writer, denial log), and the startup check that the address it sees is
 * the socket peer's.
 */
@AutoConfiguration(after = { IpWhitelistAutoConfiguration.class, IpWhitelistRateLimitAutoConfiguration.class })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ HttpSecurity.class, SecurityFilterChain.class })
@ConditionalOnBooleanProperty(name = "ip-whitelist.enabled", matchIfMissing = true)
public final class IpWhitelistSecurityAutoConfiguration {

	private static final Log logger = LogFactory.getLog(IpWhitelistSecurityAutoConfiguration.class);

	/**
	 * Stops the startup when the server or Spring would replace the socket peer address with
	 * one taken from forwarding headers (see {@link ServerForwardingGuard}).
	 */
	@Bean
	static ServerForwardingGuard ipWhitelistServerForwardingGuard(Environment environment) {
		return new ServerForwardingGuard(environment);
	}

	/**
	 * The tenants' gate: the policies, how a request names its tenant (the application's
	 * {@link IpWhitelistTenantResolver} bean, else {@code ip-whitelist.tenants.resolver}) and how
	 * its authentication proves one (the application's
	 * {@link IpWhitelistAuthenticatedTenantResolver} bean, else the principal's name).
	 */
	@Bean
	@ConditionalOnMissingBean
	TenantGate ipWhitelistTenantGate(TenantTable tenants, IpWhitelistProperties properties,
			ObjectProvider<IpWhitelistTenantResolver> named, ObjectProvider<IpWhitelistAuthenticatedTenantResolver> proven) {
		// Two resolver beans of one kind stop the startup (getIfAvailable) rather than fall back.
		IpWhitelistTenantResolver resolver = named.getIfAvailable(() -> (properties.getTenants()
			.getResolver() == TenantResolution.HEADER) ? TenantGate.header(properties.getTenants().getHeader()) : null);
		return new TenantGate(tenants, resolver, proven.getIfAvailable(TenantGate::principalName));
	}

	@Bean
	@ConditionalOnMissingBean
	IpWhitelistAuthorizationManager ipWhitelistAuthorizationManager(RuleSetHolder rules, ClientIpResolver resolver,
			IpWhitelistProperties properties, ObjectProvider<Clock> clock, ObjectProvider<TenantGate> tenants) {
		for (IpPrefix proxy : resolver.trustedProxies()) {
			for (IpEntry entry : rules.get().allowEntries()) {
				if (entry.prefix().covers(proxy) || proxy.covers(entry.prefix())) {
					logger.warn("IP whitelist: trusted proxy range " + proxy + " overlaps allow entry " + entry.origin()
							+ " '" + entry.prefix() + "': a request that reaches the application through such a "
							+ "proxy without a forwarding header passes as the proxy itself");
					break;
				}
			}
		}
		return new IpWhitelistAuthorizationManager(rules, resolver, IpWhitelistAutoConfiguration.clock(clock),
				properties.getClientIp().isTrustServerForwarding(), tenants.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	DeniedResponseWriter ipWhitelistDeniedResponseWriter(IpWhitelistProperties properties) {
		return new DeniedResponseWriter(properties.getResponse().getFormat(), properties.getResponse().getStatus());
	}

	@Bean
	@ConditionalOnMissingBean
	IpWhitelistFilter ipWhitelistFilter(IpWhitelistAuthorizationManager manager, IpWhitelistRecorder recorder,
			DeniedResponseWriter writer, IpWhitelistProperties properties,
			ObjectProvider<IpWhitelistDenialListener> listeners, ObjectProvider<IpRateLimiter> rateLimiter,
			ObjectProvider<TenantActivity> tenantActivity, ObjectProvider<SecurityContextHolderStrategy> contexts) {
		IpWhitelistFilter filter = new IpWhitelistFilter(manager, recorder, writer, guardedRequests(properties.getPaths()),
				listeners.orderedStream().toList(), rateLimiter.getIfAvailable(), tenantActivity.getIfAvailable());
		contexts.ifAvailable(filter::setSecurityContextHolderStrategy);
		return filter;
	}

	/**
	 * Registers the filter with the servlet container right after Spring Security's filter,
	 * so that requests that no security filter chain matches are checked too. Requests that a
	 * chain matches were checked inside it, and the filter does not run twice.
	 */
	@Bean
	@ConditionalOnMissingBean(name = "ipWhitelistFilterRegistration")
	FilterRegistrationBean<IpWhitelistFilter> ipWhitelistFilterRegistration(IpWhitelistFilter filter,
			Environment environment) {
		return containerRegistration(filter, environment);
	}

	/**
	 * Registers the filter with a servlet container (the main server's, or the separate
	 * management server's) right after Spring Security's filter, whose order is read through
	 * Boot's own {@link SecurityFilterProperties} ({@code spring.security.filter.order}).
	 */
	static FilterRegistrationBean<IpWhitelistFilter> containerRegistration(IpWhitelistFilter filter,
			Environment environment) {
		FilterRegistrationBean<IpWhitelistFilter> registration = new FilterRegistrationBean<>(filter);
		int securityOrder = Binder.get(environment)
			.bind("spring.security.filter", SecurityFilterProperties.class)
			.orElseGet(SecurityFilterProperties::new)
			.getOrder();
		registration.setOrder(securityOrder + 1);
		registration.setName("ipWhitelistFilter");
		return registration;
	}

	/**
	 * Puts the filter first in every {@link HttpSecurity} that Spring Security builds (Boot's
	 * default and management chains and the application's own), ahead of every
	 * authentication filter, and the tenant check after authentication right before
	 * authorization.
	 */
	@Bean
	@ConditionalOnMissingBean(name = "ipWhitelistHttpSecurityCustomizer")
	Customizer<HttpSecurity> ipWhitelistHttpSecurityCustomizer(IpWhitelistFilter filter,
			IpWhitelistProperties properties) {
		IpWhitelistProperties.Admin admin = properties.getAdmin();
		return (http) -> {
			http.addFilterBefore(filter, DisableEncodeUrlFilter.class)
				.addFilterBefore(filter.tenantBindingFilter(), AuthorizationFilter.class);
			if (admin.isEnabled()) {
				// The management API takes JSON only (anything else is 415), which no form of another
				// site can send, and PUT and DELETE no form can send at all: CSRF tokens would only
				// stand in the way of its callers (scripts, portals' back ends).
				http.csrf((csrf) -> csrf
					.ignoringRequestMatchers(PathPatternRequestMatcher.withDefaults().matcher(admin.getBasePath() + "/**")));
			}
		};
	}

	/**
	 * Puts the filter first in security filter chains that were not built from
	 * {@link HttpSecurity} (a {@code DefaultSecurityFilterChain} made by hand, say), which the
	 * customizer above never sees.
	 */
	@Bean
	@ConditionalOnMissingBean(name = "ipWhitelistSecurityFilterChainPostProcessor")
	static SecurityFilterChainPostProcessor ipWhitelistSecurityFilterChainPostProcessor(
			ObjectProvider<IpWhitelistFilter> filter) {
		return new SecurityFilterChainPostProcessor(filter);
	}

	static RequestMatcher guardedRequests(IpWhitelistProperties.Paths paths) {
		IpWhitelistConfigurationReader.checkPaths(paths);
		RequestMatcher include = matcher("paths.include", paths.getInclude());
		if (paths.getExclude().isEmpty()) {
			return include;
		}
		return new AndRequestMatcher(include, new NegatedRequestMatcher(matcher("paths.exclude", paths.getExclude())));
	}

	private static RequestMatcher matcher(String property, List<String> patterns) {
		List<RequestMatcher> matchers = new ArrayList<>(patterns.size());
		PathPatternRequestMatcher.Builder builder = PathPatternRequestMatcher.withDefaults();
		for (int i = 0; i < patterns.size(); i++) {
			String pattern = patterns.get(i);
			try {
				matchers.add(builder.matcher(pattern));
			}
			catch (RuntimeException ex) {
				throw new InvalidIpWhitelistConfigurationException("ip-whitelist." + property + "[" + i + "]",
						String.valueOf(pattern), String.valueOf(ex.getMessage()));
			}
		}
		if (matchers.isEmpty()) {
			return (request) -> false;
		}
		if (patterns.size() == 1 && patterns.get(0).equals("/**")) {
			return AnyRequestMatcher.INSTANCE;
		}
		return (matchers.size() == 1) ? matchers.get(0) : new OrRequestMatcher(matchers);
	}

}
