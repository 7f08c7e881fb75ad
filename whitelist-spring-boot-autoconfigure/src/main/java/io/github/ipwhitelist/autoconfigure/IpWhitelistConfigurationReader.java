package io.github.ipwhitelist.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.ipwhitelist.address.InvalidSyntaxException;
import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.address.LogSafe;
import io.github.ipwhitelist.autoconfigure.IpWhitelistProperties.Entry;
import io.github.ipwhitelist.client.ClientIpResolver;
import io.github.ipwhitelist.ratelimit.InMemoryIpRateLimiter;
import io.github.ipwhitelist.ratelimit.RateLimitKeys;
import io.github.ipwhitelist.ratelimit.RateLimitRule;
import io.github.ipwhitelist.rules.IpEntry;
import io.github.ipwhitelist.rules.RuleSet;
import io.github.ipwhitelist.source.EntrySource;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.io.ResourceLoader;

/**
 * Turns bound {@code ip-whitelist.*} properties into the core's values, checking every one:
 * the first bad value stops startup with an exception that names its property path.
 */
final class IpWhitelistConfigurationReader {

	private static final String PREFIX = "ip-whitelist.";

	private IpWhitelistConfigurationReader() {
	}

	static RuleSet ruleSet(IpWhitelistProperties properties) {
		return RuleSet.compile(properties.getMode(), entries("entries", properties.getEntries()),
				entries("deny", properties.getDeny()));
	}

	static List<IpEntry> entries(String name, List<Entry> entries) {
		List<IpEntry> result = new ArrayList<>(entries.size());
		for (int i = 0; i < entries.size(); i++) {
			Entry entry = entries.get(i);
			String origin = PREFIX + name + "[" + i + "]";
			String address = (entry != null) ? entry.getAddress() : null;
			if (address == null || address.isEmpty()) {
				throw new InvalidIpWhitelistConfigurationException(origin + ".address", "",
						"the address is missing");
			}
			IpPrefix prefix = prefix(origin + ".address", address);
			result.add(new IpEntry(prefix, entry.getDescription(), entry.getExpiresAt(), origin));
		}
		return result;
	}

	static List<EntrySource> sources(List<IpWhitelistProperties.Source> sources, ResourceLoader resourceLoader) {
		List<EntrySource> result = new ArrayList<>(sources.size());
		for (int i = 0; i < sources.size(); i++) {
			IpWhitelistProperties.Source source = sources.get(i);
			String location = (source != null) ? source.getLocation() : null;
			if (location == null || location.isBlank()) {
				throw new InvalidIpWhitelistConfigurationException(PREFIX + "sources[" + i + "].location", "",
						"the location is missing");
			}
			result.add(new EntrySource(location, source.getList(), resourceLoader.getResource(location)));
		}
		return result;
	}

	static int indexOf(List<EntrySource> sources, String location) {
		for (int i = 0; i < sources.size(); i++) {
			if (sources.get(i).location().equals(location)) {
				return i;
			}
		}
		return 0;
	}

	static IpPrefix prefix(String property, String text) {
		try {
			return IpPrefix.parse(text);
		}
		catch (InvalidSyntaxException ex) {
			throw new InvalidIpWhitelistConfigurationException(property, LogSafe.escape(text), ex.getProblem());
		}
	}

	static ClientIpResolver clientIpResolver(IpWhitelistProperties.ClientIp clientIp) {
		List<String> texts = clientIp.getTrustedProxies();
		List<IpPrefix> trusted = new ArrayList<>(texts.size());
		for (int i = 0; i < texts.size(); i++) {
			trusted.add(prefix(PREFIX + "client-ip.trusted-proxies[" + i + "]", String.valueOf(texts.get(i))));
		}
		positive("client-ip.max-hops", clientIp.getMaxHops());
		positive("client-ip.max-header-length", clientIp.getMaxHeaderLength());
		return new ClientIpResolver(trusted, clientIp.getHeader(), clientIp.getMaxHops(),
				clientIp.getMaxHeaderLength());
	}

	static InMemoryIpRateLimiter rateLimiter(IpWhitelistProperties.RateLimit rateLimit, Clock clock) {
		RateLimitRule rule = rule("rate-limit", rateLimit.getCapacity(), rateLimit.getRefillPeriod());
		if (rateLimit.getIpv6PrefixLength() < 0 || rateLimit.getIpv6PrefixLength() > 128) {
			throw new InvalidIpWhitelistConfigurationException(PREFIX + "rate-limit.ipv6-prefix-length",
					Integer.toString(rateLimit.getIpv6PrefixLength()), "must be from 0 to 128");
		}
		positive("rate-limit.max-tracked-keys", rateLimit.getMaxTrackedKeys());
		List<InMemoryIpRateLimiter.RangeRule> overrides = new ArrayList<>();
		List<IpWhitelistProperties.RateLimit.Override> configured = rateLimit.getOverrides();
		for (int i = 0; i < configured.size(); i++) {
			IpWhitelistProperties.RateLimit.Override override = configured.get(i);
			String path = "rate-limit.overrides[" + i + "]";
			String address = override.getAddress();
			if (address == null || address.isEmpty()) {
				throw new InvalidIpWhitelistConfigurationException(PREFIX + path + ".address", "",
						"the address is missing");
			}
			overrides.add(new InMemoryIpRateLimiter.RangeRule(prefix(PREFIX + path + ".address", address),
					rule(path, override.getCapacity(), override.getRefillPeriod())));
		}
		return new InMemoryIpRateLimiter(rule, overrides, new RateLimitKeys(rateLimit.getIpv6PrefixLength()),
				rateLimit.getMaxTrackedKeys(), clock);
	}

	private static RateLimitRule rule(String path, long capacity, Duration refillPeriod) {
		if (capacity < 1) {
			throw new InvalidIpWhitelistConfigurationException(PREFIX + path + ".capacity", Long.toString(capacity),
					"must be at least 1");
		}
		if (refillPeriod.isNegative() || refillPeriod.isZero()) {
			throw new InvalidIpWhitelistConfigurationException(PREFIX + path + ".refill-period",
					DurationStyle.SIMPLE.print(refillPeriod), "must be positive");
		}
		return new RateLimitRule(capacity, refillPeriod);
	}

	static void check(IpWhitelistProperties properties) {
		int status = properties.getResponse().getStatus();
		if (status < 400 || status > 499) {
			throw new InvalidIpWhitelistConfigurationException(PREFIX + "response.status", Integer.toString(status),
					"a denial needs a 4xx status, such as 403 or 401");
		}
		positive("audit.capacity", properties.getAudit().getCapacity());
		positive("audit.not-listed-capacity", properties.getAudit().getNotListedCapacity());
		if (properties.getAudit().getLogInterval().isNegative()) {
			throw new InvalidIpWhitelistConfigurationException(PREFIX + "audit.log-interval",
					DurationStyle.SIMPLE.print(properties.getAudit().getLogInterval()), "must not be negative");
		}
		if (properties.getReloadInterval().isNegative()) {
			throw new InvalidIpWhitelistConfigurationException(PREFIX + "reload-interval",
					DurationStyle.SIMPLE.print(properties.getReloadInterval()), "must not be negative");
		}
		if (properties.getHealth().getExpiryWarning().isNegative()) {
			throw new InvalidIpWhitelistConfigurationException(PREFIX + "health.expiry-warning",
					DurationStyle.SIMPLE.print(properties.getHealth().getExpiryWarning()), "must not be negative");
		}
	}

	private static void positive(String name, int value) {
		if (value < 1) {
			throw new InvalidIpWhitelistConfigurationException(PREFIX + name, Integer.toString(value),
					"must be at least 1");
		}
	}

}
