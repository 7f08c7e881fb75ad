package io.github.ipwhitelist.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.ipwhitelist.address.InvalidSyntaxException;
import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.address.LogSafe;
import io.github.ipwhitelist.autoconfigure.IpWhitelistProperties.Entry;
import io.github.ipwhitelist.client.ClientIpResolver;
import io.github.ipwhitelist.rules.IpEntry;
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

	static void positive(String name, int value) {
		if (value < 1) {
			throw new InvalidIpWhitelistConfigurationException(PREFIX + name, Integer.toString(value),
					"must be at least 1");
		}
	}

}
