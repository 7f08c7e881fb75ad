package io.github.ipwhitelist.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.ipwhitelist.web.IpWhitelistFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.AbstractFilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.debug.DebugFilter;

/**
 * Makes sure the IP whitelist filter is the first filter of every security filter chain,
 * whatever built the chain and whatever else was added to it:
 * <ul>
 * <li>a {@link SecurityFilterChain} bean not built from {@code HttpSecurity} is given the
 * filter in front;</li>
 * <li>every {@link FilterChainProxy} (Spring Security's {@code springSecurityFilterChain},
 * through a {@code DebugFilter} too, or one the application registers as a filter) is checked
 * chain by chain once it is built. That covers
 * the chains that are not beans ({@code WebSecurity.addSecurityFilterChainBuilder}), and
 * chains where another customizer or {@code addFilterBefore} put a filter ahead of the check:
 * the filter is moved to the front. A chain that cannot be changed stops the startup rather
 * than run unguarded.</li>
 * </ul>
 * A chain with no filters at all ({@code WebSecurity.ignoring()}) is left alone: Spring Security
 * passes its requests on to the servlet container's filters, where the container registration
 * of the same filter checks them.
 */
final class SecurityFilterChainPostProcessor implements BeanPostProcessor, PriorityOrdered {

	private final ObjectProvider<IpWhitelistFilter> filter;

	SecurityFilterChainPostProcessor(ObjectProvider<IpWhitelistFilter> filter) {
		this.filter = filter;
	}

	/**
	 * Runs before other post-processors (an auto-proxy creator among them), so that it sees the
	 * chains and proxies themselves, not a JDK proxy in front of them.
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof SecurityFilterChain chain) {
			return guard(chain, beanName);
		}
		Object filter = (bean instanceof AbstractFilterRegistrationBean<?> registration) ? registration.getFilter()
				: bean;
		if (filter instanceof FilterChainProxy proxy) {
			guardEveryChain(proxy, beanName);
		}
		else if (filter instanceof DebugFilter debug) {
			guardEveryChain(debug.getFilterChainProxy(), beanName);
		}
		return bean;
	}

	private SecurityFilterChain guard(SecurityFilterChain chain, String beanName) {
		IpWhitelistFilter ipWhitelist = this.filter.getIfAvailable();
		if (ipWhitelist == null || isGuarded(chain, ipWhitelist)) {
			return chain;
		}
		if (chain instanceof DefaultSecurityFilterChain) {
			putFirst(chain, ipWhitelist, beanName);
			return chain;
		}
		return new GuardedChain(chain, ipWhitelist);
	}

	private void guardEveryChain(FilterChainProxy proxy, String beanName) {
		IpWhitelistFilter ipWhitelist = this.filter.getIfAvailable();
		if (ipWhitelist == null) {
			return;
		}
		for (SecurityFilterChain chain : proxy.getFilterChains()) {
			if (!isGuarded(chain, ipWhitelist)) {
				putFirst(chain, ipWhitelist, beanName);
			}
		}
	}

	/**
	 * Whether the chain runs the filter first, or has no filters at all (then the request goes
	 * on to the servlet container's registration of the filter).
	 */
	private static boolean isGuarded(SecurityFilterChain chain, IpWhitelistFilter filter) {
		List<Filter> filters = chain.getFilters();
		if (filters.isEmpty()) {
			return true;
		}
		int binding = filters.indexOf(filter.tenantBindingFilter());
		return filters.get(0) == filter && binding >= 0 && binding == bindingPosition(filters) - 1;
	}

	/**
	 * Moves (or adds) the filter to the front of the chain's own filter list. Spring Security's
	 * {@link DefaultSecurityFilterChain} keeps a modifiable list and reads it on every request;
	 * a chain whose list cannot be changed stops the startup.
	 */
	private static void putFirst(SecurityFilterChain chain, IpWhitelistFilter filter, String beanName) {
		List<Filter> filters = chain.getFilters();
		try {
			filters.removeIf((candidate) -> candidate == filter);
			filters.add(0, filter);
			// After every authentication filter: right before authorization, even when the
			// application added filters at authorization's own position after it.
			filters.removeIf((candidate) -> candidate == filter.tenantBindingFilter());
			filters.add(bindingPosition(filters), filter.tenantBindingFilter());
		}
		catch (UnsupportedOperationException ex) {
			throw new BeanCreationException(beanName, "The IP whitelist cannot run first in the security filter chain "
					+ chain + ": its filter list cannot be changed. Declare the chain as a SecurityFilterChain bean "
					+ "(it is then wrapped with the check in front) or build it as a DefaultSecurityFilterChain.", ex);
		}
		// Read again: a chain whose getFilters() hands out a copy has not changed at all.
		List<Filter> running = chain.getFilters();
		if (running.isEmpty() || running.get(0) != filter || !isGuarded(chain, filter)) {
			throw new BeanCreationException(beanName, "The IP whitelist cannot run first in the security filter chain "
					+ chain + ": its getFilters() does not return the list it runs. Declare the chain as a "
					+ "SecurityFilterChain bean (it is then wrapped with the check in front) or build it as a "
					+ "DefaultSecurityFilterChain.");
		}
	}

	/**
	 * Where the tenant check goes: right before the last authorization filter (after every
	 * authentication filter, those added at authorization's own position included), or last
	 * when the chain has no authorization filter.
	 */
	static int bindingPosition(List<Filter> filters) {
		for (int i = filters.size() - 1; i >= 0; i--) {
			if (filters.get(i) instanceof AuthorizationFilter) {
				return i;
			}
		}
		return filters.size();
	}

	/**
	 * A chain with the IP whitelist filter put in front.
	 */
	static final class GuardedChain implements SecurityFilterChain {

		private final SecurityFilterChain delegate;

		private final List<Filter> filters;

		GuardedChain(SecurityFilterChain delegate, IpWhitelistFilter filter) {
			this.delegate = delegate;
			List<Filter> filters = new ArrayList<>(delegate.getFilters().size() + 1);
			filters.add(filter);
			for (Filter candidate : delegate.getFilters()) {
				if (candidate != filter) {
					filters.add(candidate);
				}
			}
			filters.removeIf((candidate) -> candidate == filter.tenantBindingFilter());
			filters.add(bindingPosition(filters), filter.tenantBindingFilter());
			this.filters = List.copyOf(filters);
		}

		@Override
		public boolean matches(HttpServletRequest request) {
			return this.delegate.matches(request);
		}

		@Override
		public List<Filter> getFilters() {
			return this.filters;
		}

		@Override
		public String toString() {
			return "IP whitelist first, then " + this.delegate;
		}

	}

}
