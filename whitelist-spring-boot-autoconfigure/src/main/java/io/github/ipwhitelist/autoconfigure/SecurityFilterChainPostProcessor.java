package io.github.ipwhitelist.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.ipwhitelist.web.IpWhitelistFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Makes sure every {@link SecurityFilterChain} bean runs the IP whitelist first. Chains built
 * from {@code HttpSecurity} already do (through the customizer) and are left as they are; a
 * chain made another way is wrapped so that the filter runs ahead of its own filters.
 */
final class SecurityFilterChainPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<IpWhitelistFilter> filter;

	SecurityFilterChainPostProcessor(ObjectProvider<IpWhitelistFilter> filter) {
		this.filter = filter;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof SecurityFilterChain chain
				&& chain.getFilters().stream().noneMatch((f) -> f instanceof IpWhitelistFilter)) {
			IpWhitelistFilter ipWhitelist = this.filter.getIfAvailable();
			if (ipWhitelist != null) {
				return new GuardedChain(chain, ipWhitelist);
			}
		}
		return bean;
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
			filters.addAll(delegate.getFilters());
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
