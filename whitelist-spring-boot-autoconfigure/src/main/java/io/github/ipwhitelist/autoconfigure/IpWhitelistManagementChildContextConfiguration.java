package io.github.ipwhitelist.autoconfigure;

import io.github.ipwhitelist.web.IpWhitelistFilter;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Guards the separate management server ({@code management.server.port}) too. Boot runs the
 * actuator there in a child context with a servlet container of its own; Spring Security's
 * filter is registered there, but a request that none of the application's chains matches
 * (chains limited to {@code /api/**}, say) would reach {@code /actuator/env} unchecked. The
 * application's {@link IpWhitelistFilter} is registered with that container as well, in the
 * same place as on the main server: right after Spring Security's filter.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(FilterRegistrationBean.class)
@ConditionalOnBean(IpWhitelistFilter.class)
class IpWhitelistManagementChildContextConfiguration {

	@Bean
	FilterRegistrationBean<IpWhitelistFilter> ipWhitelistManagementFilterRegistration(IpWhitelistFilter filter,
			Environment environment) {
		return IpWhitelistSecurityAutoConfiguration.containerRegistration(filter, environment);
	}

}
