package io.github.ipwhitelist.autoconfigure;

import java.time.Clock;

import io.github.ipwhitelist.actuate.AuditEventChangeListener;
import io.github.ipwhitelist.actuate.AuditEventDenialListener;
import io.github.ipwhitelist.actuate.IpWhitelistEndpoint;
import io.github.ipwhitelist.actuate.IpWhitelistEndpointWebExtension;
import io.github.ipwhitelist.actuate.IpWhitelistHealthIndicator;
import io.github.ipwhitelist.actuate.IpWhitelistMetrics;
import io.github.ipwhitelist.audit.IpWhitelistRecorder;
import io.github.ipwhitelist.audit.TenantActivity;
import io.github.ipwhitelist.audit.DenialHistory;
import io.github.ipwhitelist.client.ClientIpResolver;
import io.github.ipwhitelist.ratelimit.IpRateLimiter;
import io.github.ipwhitelist.store.DenialLogWriter;
import io.github.ipwhitelist.ratelimit.SharedIpRateLimiter;
import io.github.ipwhitelist.rules.Mode;
import io.github.ipwhitelist.rules.RuleSetHolder;
import io.github.ipwhitelist.rules.TenantTable;
import io.github.ipwhitelist.source.IpWhitelistLoader;
import io.github.ipwhitelist.store.TenantStoreSynchronizer;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Actuator support of the IP whitelist: the {@code ipwhitelist} endpoint, a health
 * contributor, meters, and actuator audit events for denials. Each part appears only when its
 * actuator module is present.
 */
@AutoConfiguration(after = { IpWhitelistAutoConfiguration.class, IpWhitelistSecurityAutoConfiguration.class,
		IpWhitelistStoreAutoConfiguration.class })
public final class IpWhitelistActuatorAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	@ConditionalOnBean(RuleSetHolder.class)
	@ConditionalOnAvailableEndpoint(IpWhitelistEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		IpWhitelistEndpoint ipWhitelistEndpoint(RuleSetHolder rules, IpWhitelistRecorder recorder,
				ClientIpResolver resolver, ObjectProvider<Clock> clock, ObjectProvider<IpWhitelistLoader> loader,
				TenantTable tenants, TenantActivity tenantActivity) {
			return new IpWhitelistEndpoint(rules, recorder, resolver, IpWhitelistAutoConfiguration.clock(clock),
					loader.getIfAvailable(), tenants, tenantActivity);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(IpWhitelistEndpoint.class)
		IpWhitelistEndpointWebExtension ipWhitelistEndpointWebExtension(IpWhitelistEndpoint endpoint,
				ObjectProvider<DenialHistory> denials) {
			return new IpWhitelistEndpointWebExtension(endpoint, denials.getIfUnique());
		}

	}

	/**
	 * With {@code ip-whitelist.enabled=false} the endpoint still answers, with
	 * {@code "enabled": false}, so that operators can see the switch is off.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	@ConditionalOnBooleanProperty(name = "ip-whitelist.enabled", havingValue = false)
	@ConditionalOnAvailableEndpoint(IpWhitelistEndpoint.class)
	static class DisabledEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		IpWhitelistEndpoint ipWhitelistEndpoint(Environment environment, ObjectProvider<Clock> clock) {
			Mode mode = Binder.get(environment).bind("ip-whitelist.mode", Mode.class).orElse(Mode.STRICT);
			return IpWhitelistEndpoint.disabled(mode, IpWhitelistAutoConfiguration.clock(clock));
		}

		@Bean
		@ConditionalOnMissingBean
		IpWhitelistEndpointWebExtension ipWhitelistEndpointWebExtension(IpWhitelistEndpoint endpoint) {
			return new IpWhitelistEndpointWebExtension(endpoint);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnBean(RuleSetHolder.class)
	@ConditionalOnEnabledHealthIndicator("ipwhitelist")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "ipwhitelistHealthIndicator")
		IpWhitelistHealthIndicator ipwhitelistHealthIndicator(RuleSetHolder rules, IpWhitelistProperties properties,
				ObjectProvider<Clock> clock, ObjectProvider<IpWhitelistLoader> loader, TenantTable tenants,
				ObjectProvider<TenantStoreSynchronizer> store, ObjectProvider<IpRateLimiter> rateLimiter,
				ObjectProvider<DenialLogWriter> denialLog) {
			IpWhitelistHealthIndicator indicator = new IpWhitelistHealthIndicator(rules,
					IpWhitelistAutoConfiguration.clock(clock), properties.getHealth().getExpiryWarning(),
					loader.getIfAvailable(), tenants);
			store.ifAvailable(indicator::setStore);
			denialLog.ifUnique(indicator::setDenialLog);
			if (rateLimiter.getIfUnique() instanceof SharedIpRateLimiter shared) {
				indicator.setRateLimits(shared);
			}
			return indicator;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(RuleSetHolder.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		IpWhitelistMetrics ipWhitelistMetrics(IpWhitelistRecorder recorder, RuleSetHolder rules,
				ObjectProvider<Clock> clock) {
			return new IpWhitelistMetrics(recorder, rules, IpWhitelistAutoConfiguration.clock(clock));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(AuditApplicationEvent.class)
	@ConditionalOnBean(RuleSetHolder.class)
	static class AuditEventConfiguration {

		@Bean
		@ConditionalOnMissingBean
		AuditEventDenialListener ipWhitelistAuditEventDenialListener(ApplicationEventPublisher publisher) {
			return new AuditEventDenialListener(publisher);
		}

		@Bean
		@ConditionalOnMissingBean
		AuditEventChangeListener ipWhitelistAuditEventChangeListener(ApplicationEventPublisher publisher) {
			return new AuditEventChangeListener(publisher);
		}

	}

}
