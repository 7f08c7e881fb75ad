package io.github.ipwhitelist.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.ipwhitelist.audit.DenialLogger;
import io.github.ipwhitelist.audit.IpWhitelistRecorder;
import io.github.ipwhitelist.audit.TenantActivity;
import io.github.ipwhitelist.client.ClientIpResolver;
import io.github.ipwhitelist.event.ExpiryNotifier;
import io.github.ipwhitelist.event.IpWhitelistEntryExpiryEvent;
import io.github.ipwhitelist.rules.EntryWarnings;
import io.github.ipwhitelist.rules.RuleSet;
import io.github.ipwhitelist.rules.RuleSetHolder;
import io.github.ipwhitelist.rules.Mode;
import io.github.ipwhitelist.rules.TenantPolicy;
import io.github.ipwhitelist.rules.TenantTable;
import io.github.ipwhitelist.source.EntrySource;
import io.github.ipwhitelist.source.InvalidSourceException;
import io.github.ipwhitelist.source.IpWhitelistLoader;
import io.github.ipwhitelist.source.TenantSettings;
import io.github.ipwhitelist.autoconfigure.IpWhitelistConfigurationReader.SourceKind;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Auto-configuration of the IP whitelist's rules and client resolution: binds and checks
 * {@code ip-whitelist.*} (a bad value stops startup), loads the entries of the properties and
 * the files into the live rule set, keeps it current (file polling, expiry preparation), and
 * builds the client address resolver, the records and counts: everything both stacks (servlet
 * and reactive) share. The security integration is
 * {@link IpWhitelistSecurityAutoConfiguration}; rate limiting is
 * {@link IpWhitelistRateLimitAutoConfiguration}.
 */
@AutoConfiguration
@ConditionalOnWebApplication
@ConditionalOnClass({ HttpSecurity.class, SecurityFilterChain.class })
@ConditionalOnBooleanProperty(name = "ip-whitelist.enabled", matchIfMissing = true)
@EnableConfigurationProperties(IpWhitelistProperties.class)
public final class IpWhitelistAutoConfiguration {

	/** Most startup warnings written one per line; the rest are counted. */
	static final int MAX_WARNING_LINES = 20;

	private static final Log logger = LogFactory.getLog(IpWhitelistAutoConfiguration.class);

	@Bean
	@ConfigurationPropertiesBinding
	static EntryConverter ipWhitelistEntryConverter() {
		return new EntryConverter();
	}

	@Bean
	@ConfigurationPropertiesBinding
	static ExpiryConverter ipWhitelistExpiryConverter() {
		return new ExpiryConverter();
	}

	@Bean
	@ConditionalOnMissingBean
	IpWhitelistLoader ipWhitelistLoader(IpWhitelistProperties properties, ResourceLoader resourceLoader,
			ObjectProvider<Clock> clock, ObjectProvider<SslBundles> sslBundles) {
		Clock time = clock(clock);
		SslBundles bundles = sslBundles.getIfAvailable();
		List<EntrySource> sources = new ArrayList<>(IpWhitelistConfigurationReader
			.sources(SourceKind.GLOBAL, properties.getSources(), resourceLoader, bundles));
		sources.addAll(IpWhitelistConfigurationReader.sources(SourceKind.TENANTS, properties.getTenants().getSources(),
				resourceLoader, bundles));
		sources.addAll(IpWhitelistConfigurationReader.sources(SourceKind.TRUSTED_PROXIES,
				properties.getClientIp().getTrustedProxySources(), resourceLoader, bundles));
		String environment = IpWhitelistConfigurationReader.environment(properties);
		Map<String, TenantSettings> tenants = IpWhitelistConfigurationReader.tenantSettings(properties.getTenants());
		try {
			return new IpWhitelistLoader(properties.getMode(),
					IpWhitelistConfigurationReader.entries("entries", properties.getEntries()),
					IpWhitelistConfigurationReader.entries("deny", properties.getDeny()), sources, environment, tenants,
					time, (rules) -> logWarnings(rules, time));
		}
		catch (InvalidSourceException ex) {
			throw new InvalidIpWhitelistConfigurationException(
					IpWhitelistConfigurationReader.locationProperty(sources, ex.getLocation()), ex.getLocation(),
					ex.getMessage());
		}
	}

	@Bean
	@ConditionalOnMissingBean
	RuleSetHolder ipWhitelistRules(IpWhitelistLoader loader) {
		return loader.holder();
	}

	@Bean
	@ConditionalOnMissingBean
	TenantTable ipWhitelistTenants(IpWhitelistLoader loader, ObjectProvider<Clock> clock) {
		TenantTable tenants = loader.tenants();
		Instant now = clock(clock).instant();
		List<String> denyingAll = new ArrayList<>();
		int count = 0;
		for (TenantPolicy policy : tenants.policies()) {
			if (policy.enabled() && policy.mode() == Mode.STRICT && !policy.hasLiveAllowEntry(now)) {
				count++;
				if (denyingAll.size() < 5) {
					denyingAll.add(policy.tenant());
				}
			}
		}
		if (count > 0) {
			logger.warn("IP whitelist: " + count + " strict tenant(s) have no live entries, so every request of theirs "
					+ "is denied (fail closed): " + String.join(", ", denyingAll) + ((count > 5) ? ", ..." : ""));
		}
		if (tenants.size() > 0) {
			logger.info("IP whitelist: " + tenants.size() + " tenant policies");
		}
		return tenants;
	}

	@Bean
	@ConditionalOnMissingBean(name = "ipWhitelistExpiryPreparer")
	PeriodicTask ipWhitelistExpiryPreparer(RuleSetHolder rules, TenantTable tenants, ObjectProvider<Clock> clock) {
		return new PeriodicTask("ip-whitelist-expiry", Duration.ofSeconds(1),
				new ExpiryPreparer(rules, tenants, clock(clock)));
	}

	/**
	 * Publishes an {@link IpWhitelistEntryExpiryEvent} when an entry (global or a tenant's) comes
	 * within {@code ip-whitelist.health.expiry-warning} of its expiry, and when it expires.
	 */
	@Bean
	@ConditionalOnMissingBean(name = "ipWhitelistExpiryNotifier")
	PeriodicTask ipWhitelistExpiryNotifier(RuleSetHolder rules, TenantTable tenants, IpWhitelistProperties properties,
			ObjectProvider<Clock> clock, ApplicationEventPublisher publisher) {
		return new PeriodicTask("ip-whitelist-expiry-events", Duration.ofSeconds(1), new ExpiryNotifier(rules, tenants,
				properties.getHealth().getExpiryWarning(), clock(clock), tenants, publisher::publishEvent));
	}

	/**
	 * Polls the source files; a file whose content changed is reloaded (a rewrite in place, an
	 * atomic rename and a Kubernetes ConfigMap's symlink swap all change what the same path reads).
	 */
	@Bean
	@ConditionalOnMissingBean(name = "ipWhitelistSourceWatcher")
	PeriodicTask ipWhitelistSourceWatcher(IpWhitelistLoader loader, IpWhitelistProperties properties) {
		Duration interval = loader.hasSources() ? properties.getReloadInterval() : Duration.ZERO;
		return new PeriodicTask("ip-whitelist-reload", interval, loader::poll);
	}

	private static void logWarnings(RuleSet rules, Clock clock) {
		List<String> warnings = EntryWarnings.check(rules.mode(), rules.allowEntries(), rules.denyEntries(),
				clock.instant());
		for (int i = 0; i < warnings.size() && i < MAX_WARNING_LINES; i++) {
			logger.warn("IP whitelist: " + warnings.get(i));
		}
		if (warnings.size() > MAX_WARNING_LINES) {
			logger.warn("IP whitelist: " + (warnings.size() - MAX_WARNING_LINES) + " more warnings not shown");
		}
		int elsewhere = rules.allowEntriesElsewhere().size() + rules.denyEntriesElsewhere().size();
		if (elsewhere > 0) {
			logger.info("IP whitelist: " + elsewhere + " entries name other environments than "
					+ ((rules.environment() != null) ? "'" + rules.environment() + "'"
							: "this deployment's (ip-whitelist.environment is not set)")
					+ " and do not apply here");
		}
		logger.info("IP whitelist active: mode=" + rules.mode() + ", " + rules.allowEntries().size()
				+ " allow entries, " + rules.denyEntries().size() + " deny entries"
				+ ((rules.environment() != null) ? ", environment " + rules.environment() : ""));
	}

	@Bean
	@ConditionalOnMissingBean
	TenantActivity ipWhitelistTenantActivity(IpWhitelistProperties properties, TenantTable tenants) {
		IpWhitelistProperties.Audit audit = properties.getAudit();
		TenantActivity activity = new TenantActivity(audit.getTenantCapacity(), audit.getTenantRecentDenials(),
				audit.getTenantNotListedCapacity());
		tenants.onRemove(activity::forget);
		return activity;
	}

	@Bean
	@ConditionalOnMissingBean
	IpWhitelistRecorder ipWhitelistRecorder(IpWhitelistProperties properties, ObjectProvider<Clock> clock) {
		return new IpWhitelistRecorder(properties.getAudit().getCapacity(),
				properties.getAudit().getNotListedCapacity(), IpWhitelistAutoConfiguration.clock(clock));
	}

	@Bean
	@ConditionalOnMissingBean
	DenialLogger ipWhitelistDenialLogger(IpWhitelistProperties properties) {
		return new DenialLogger(properties.getAudit().getLogInterval());
	}

	@Bean
	@ConditionalOnMissingBean
	ClientIpResolver ipWhitelistClientIpResolver(IpWhitelistProperties properties) {
		return IpWhitelistConfigurationReader.clientIpResolver(properties.getClientIp());
	}

	/**
	 * Feeds the prefixes of {@code client-ip.trusted-proxy-sources} to the client resolver,
	 * whichever it is (this starter's, or an application's own), now and at every change.
	 */
	@Bean
	static SmartInitializingSingleton ipWhitelistTrustedProxySources(ObjectProvider<ClientIpResolver> resolver,
			ObjectProvider<IpWhitelistLoader> loader, ObjectProvider<IpWhitelistProperties> properties) {
		return () -> {
			IpWhitelistProperties settings = properties.getIfAvailable();
			ClientIpResolver target = resolver.getIfUnique();
			IpWhitelistLoader sources = loader.getIfUnique();
			if (settings == null || settings.getClientIp().getTrustedProxySources().isEmpty() || sources == null) {
				return;
			}
			if (target == null) {
				throw new InvalidIpWhitelistConfigurationException("ip-whitelist.client-ip.trusted-proxy-sources",
						settings.getClientIp().getTrustedProxySources().size() + " source(s)",
						"there is no single ClientIpResolver bean to trust them");
			}
			target.useSourceProxies(sources.onTrustedProxies(target::useSourceProxies));
		};
	}

	static Clock clock(ObjectProvider<Clock> clock) {
		return clock.getIfUnique(Clock::systemUTC);
	}

}
