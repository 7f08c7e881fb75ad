package io.github.ipwhitelist.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.ipwhitelist.address.InvalidSyntaxException;
import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.address.IpRange;
import io.github.ipwhitelist.address.LogSafe;
import io.github.ipwhitelist.autoconfigure.IpWhitelistProperties.Entry;
import io.github.ipwhitelist.client.ClientIpResolver;
import io.github.ipwhitelist.client.ForwardingHeader;
import io.github.ipwhitelist.rules.Environments;
import io.github.ipwhitelist.rules.IpEntry;
import io.github.ipwhitelist.rules.TenantIds;
import io.github.ipwhitelist.source.EntrySource;
import io.github.ipwhitelist.source.HttpsSource;
import io.github.ipwhitelist.source.IpWhitelistLoader;
import io.github.ipwhitelist.source.ListKind;
import io.github.ipwhitelist.source.ProviderFilter;
import io.github.ipwhitelist.source.SourceFormat;
import io.github.ipwhitelist.source.TenantSettings;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import javax.net.ssl.SSLContext;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;

/**
 * Turns bound {@code ip-whitelist.*} properties into the core's values, checking every one:
 * the first bad value stops startup with an exception that names its property path.
 */
final class IpWhitelistConfigurationReader {

	private static final String PREFIX = "ip-whitelist.";

	/** Most time one fetch of an https: source takes when its timeout is not set. */
	static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(10);

	/** Largest answer of an https: source when its max-size is not set. */
	static final DataSize DEFAULT_FETCH_MAX_SIZE = DataSize.ofMegabytes(16);

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
			List<IpPrefix> prefixes = prefixes(origin + ".address", address);
			List<String> environments = new ArrayList<>();
			List<String> names = entry.getEnvironments();
			for (int j = 0; j < names.size(); j++) {
				String normalized = environment(origin + ".environments[" + j + "]", String.valueOf(names.get(j)));
				if (!environments.contains(normalized)) {
					environments.add(normalized);
				}
			}
			String range = IpRange.isRange(address) ? IpRange.canonical(address) : null;
			for (IpPrefix prefix : prefixes) {
				IpEntry parsed = new IpEntry(prefix, entry.getDescription(), environments, entry.getExpiresAt(), origin);
				result.add((range != null) ? parsed.inRange(range) : parsed);
			}
		}
		return result;
	}

	/**
	 * Reads {@code ip-whitelist.environment}.
	 * @return the environment in lower case, {@code null} when not set
	 */
	static @Nullable String environment(IpWhitelistProperties properties) {
		String environment = properties.getEnvironment();
		return (environment == null || environment.isEmpty()) ? null : environment(PREFIX + "environment", environment);
	}

	private static String environment(String property, String text) {
		try {
			return Environments.name(text);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidIpWhitelistConfigurationException(property, LogSafe.escape(text, 80),
					"not an environment name: " + Environments.RULE);
		}
	}

	/**
	 * Reads {@code ip-whitelist.tenants.policies}: every id checked, every entry checked.
	 * @return the settings by tenant id, in configuration order
	 */
	static Map<String, TenantSettings> tenantSettings(IpWhitelistProperties.Tenants tenants) {
		Map<String, TenantSettings> result = new LinkedHashMap<>();
		tenants.getPolicies().forEach((id, policy) -> {
			String path = "tenants.policies." + id;
			if (!TenantIds.isValid(id)) {
				throw new InvalidIpWhitelistConfigurationException(PREFIX + "tenants.policies", LogSafe.escape(id, 80),
						"not a tenant id: " + TenantIds.RULE + " (write an id with dots as "
								+ "[a.b] in properties files)");
			}
			if (policy == null) {
				throw new InvalidIpWhitelistConfigurationException(PREFIX + path, "", "the policy is empty");
			}
			result.put(id, new TenantSettings(policy.isEnabled(), policy.getMode(), entries(path + ".entries",
					policy.getEntries()), entries(path + ".deny", policy.getDeny())));
		});
		return result;
	}

	/** What a list of sources feeds. */
	enum SourceKind {

		/** {@code sources}: the global allow and deny lists. */
		GLOBAL("sources"),

		/** {@code tenants.sources}: tenants files. */
		TENANTS("tenants.sources"),

		/** {@code client-ip.trusted-proxy-sources}: the trusted proxies. */
		TRUSTED_PROXIES("client-ip.trusted-proxy-sources");

		final String property;

		SourceKind(String property) {
			this.property = property;
		}

	}

	/**
	 * Reads sources, checking every setting against the location and the format.
	 * @param kind what they feed
	 * @param sources the bound sources
	 * @param resourceLoader resolves file and classpath locations
	 * @param sslBundles the application's SSL bundles, {@code null} if there are none
	 */
	static List<EntrySource> sources(SourceKind kind, List<IpWhitelistProperties.Source> sources,
			ResourceLoader resourceLoader, @Nullable SslBundles sslBundles) {
		List<EntrySource> result = new ArrayList<>(sources.size());
		for (int i = 0; i < sources.size(); i++) {
			String path = PREFIX + kind.property + "[" + i + "].";
			IpWhitelistProperties.Source source = sources.get(i);
			String location = (source != null) ? source.getLocation() : null;
			if (source == null || location == null || location.isBlank()) {
				throw new InvalidIpWhitelistConfigurationException(path + "location", "", "the location is missing");
			}
			ListKind list = source.getList();
			if (kind == SourceKind.TRUSTED_PROXIES && list != null) {
				throw new InvalidIpWhitelistConfigurationException(path + "list", list.name().toLowerCase(Locale.ROOT),
						"a trusted-proxy source lists proxies, not allowed or denied clients: remove 'list'");
			}
			SourceFormat format = source.getFormat();
			if (kind == SourceKind.TENANTS && format != SourceFormat.PLAIN) {
				throw new InvalidIpWhitelistConfigurationException(path + "format",
						format.name().toLowerCase(Locale.ROOT), "a tenants file is plain: each line starts with the "
								+ "tenant id");
			}
			if (!format.hasFilters()) {
				filterAbsent(path + "service", source.getService(), format);
				filterAbsent(path + "region", source.getRegion(), format);
			}
			ProviderFilter filter = new ProviderFilter(filterValues(path + "service", source.getService()),
					filterValues(path + "region", source.getRegion()));
			HttpsSource https = https(path, location, source, sslBundles);
			result.add(new EntrySource(location, (list != null) ? list : ListKind.ALLOW,
					resourceLoader.getResource(location), kind == SourceKind.TENANTS, format, filter, https,
					kind == SourceKind.TRUSTED_PROXIES));
		}
		return result;
	}

	private static void filterAbsent(String property, List<String> values, SourceFormat format) {
		if (!values.isEmpty()) {
			throw new InvalidIpWhitelistConfigurationException(property, LogSafe.escape(String.join(",", values), 80),
					"only an 'aws' or 'google' list is filtered by service and region, not a '"
							+ format.name().toLowerCase(Locale.ROOT) + "' one");
		}
	}

	private static List<String> filterValues(String property, List<String> values) {
		for (int i = 0; i < values.size(); i++) {
			String value = values.get(i);
			if (value == null || value.isBlank()) {
				throw new InvalidIpWhitelistConfigurationException(property + "[" + i + "]", "", "the value is empty");
			}
		}
		return values;
	}

	/**
	 * Builds the fetcher of an {@code https:} location, or returns {@code null} for a resource
	 * location; refuses plain {@code http:} (anyone on the path could rewrite the list) and the
	 * fetch settings where there is nothing to fetch.
	 */
	private static @Nullable HttpsSource https(String path, String location, IpWhitelistProperties.Source source,
			@Nullable SslBundles sslBundles) {
		String lower = location.trim().toLowerCase(Locale.ROOT);
		if (lower.startsWith("http:")) {
			throw new InvalidIpWhitelistConfigurationException(path + "location", LogSafe.escape(location, 200),
					"a list fetched over plain HTTP can be rewritten by anyone on the way: use https:");
		}
		String sslBundle = source.getSslBundle();
		if (!lower.startsWith("https:")) {
			if (sslBundle != null) {
				throw new InvalidIpWhitelistConfigurationException(path + "ssl-bundle", LogSafe.escape(sslBundle, 80),
						"only an https: location uses an SSL bundle");
			}
			if (source.getTimeout() != null) {
				throw new InvalidIpWhitelistConfigurationException(path + "timeout", print(source.getTimeout()),
						"only an https: location is fetched with a timeout");
			}
			if (source.getMaxSize() != null) {
				throw new InvalidIpWhitelistConfigurationException(path + "max-size", size(source.getMaxSize()),
						"only an https: location has a size cap (files are read up to "
								+ (IpWhitelistLoader.MAX_FILE_BYTES >> 20) + "MB)");
			}
			return null;
		}
		URI uri;
		try {
			uri = new URI(location.trim());
		}
		catch (URISyntaxException ex) {
			throw new InvalidIpWhitelistConfigurationException(path + "location", LogSafe.escape(location, 200),
					"not a URL: " + ex.getReason());
		}
		if (uri.getHost() == null) {
			throw new InvalidIpWhitelistConfigurationException(path + "location", LogSafe.escape(location, 200),
					"the URL names no host");
		}
		Duration timeout = (source.getTimeout() != null) ? source.getTimeout() : DEFAULT_FETCH_TIMEOUT;
		if (timeout.isNegative() || timeout.isZero()) {
			throw new InvalidIpWhitelistConfigurationException(path + "timeout", print(timeout),
					"the timeout must be positive");
		}
		DataSize maxSize = (source.getMaxSize() != null) ? source.getMaxSize() : DEFAULT_FETCH_MAX_SIZE;
		if (maxSize.toBytes() < 1 || maxSize.toBytes() > IpWhitelistLoader.MAX_FILE_BYTES) {
			throw new InvalidIpWhitelistConfigurationException(path + "max-size", size(maxSize),
					"the size must be between 1B and " + (IpWhitelistLoader.MAX_FILE_BYTES >> 20) + "MB");
		}
		return new HttpsSource(uri, timeout, maxSize.toBytes(), sslContext(path + "ssl-bundle", sslBundle, sslBundles));
	}

	/**
	 * Returns the application's one DataSource, which a feature named by a property keeps its
	 * tables in, or stops the startup naming the property.
	 * @param property the property that asks for the tables
	 * @param value its value
	 * @param what what the tables hold, for the message
	 */
	static javax.sql.DataSource dataSource(org.springframework.beans.factory.ObjectProvider<javax.sql.DataSource> dataSources,
			String property, String value, String what) {
		javax.sql.DataSource dataSource = dataSources.getIfUnique();
		if (dataSource == null) {
			throw new InvalidIpWhitelistConfigurationException(property, value,
					what + " in the application's DataSource, and there is "
							+ ((dataSources.stream().findAny().isPresent()) ? "more than one, none of them primary"
									: "none: set spring.datasource.url (with spring-boot-starter-jdbc and a driver)"));
		}
		return dataSource;
	}

	/**
	 * Checks the guarded paths, whichever stack matches them: an empty include list stops the
	 * startup (it would guard nothing), an exclude list of {@code /**} is warned about.
	 */
	static void checkPaths(IpWhitelistProperties.Paths paths) {
		if (paths.getInclude().isEmpty()) {
			throw new InvalidIpWhitelistConfigurationException(PREFIX + "paths.include", "",
					"an empty include list would guard nothing; leave it unset for /** or set ip-whitelist.enabled=false");
		}
		if (paths.getExclude().contains("/**")) {
			LogFactory.getLog(IpWhitelistConfigurationReader.class)
				.warn("IP whitelist: ip-whitelist.paths.exclude contains /**: no request is guarded");
		}
	}

	/** A duration as it is usually written: whole seconds as {@code 5s}, else milliseconds. */
	static String print(Duration duration) {
		return (duration.toMillis() % 1000 == 0 && !duration.isZero()) ? duration.toSeconds() + "s"
				: DurationStyle.SIMPLE.print(duration);
	}

	private static String size(@Nullable DataSize size) {
		if (size == null) {
			return "";
		}
		long bytes = size.toBytes();
		long mega = DataSize.ofMegabytes(1).toBytes();
		return (bytes != 0 && bytes % mega == 0) ? (bytes / mega) + "MB" : bytes + "B";
	}

	private static SSLContext sslContext(String property, @Nullable String name, @Nullable SslBundles sslBundles) {
		if (name == null) {
			try {
				return SSLContext.getDefault();
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException("The JVM has no default TLS context", ex);
			}
		}
		if (sslBundles == null) {
			throw new InvalidIpWhitelistConfigurationException(property, LogSafe.escape(name, 80),
					"the application has no SSL bundles (spring.ssl.bundle.*)");
		}
		try {
			return sslBundles.getBundle(name).createSslContext();
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidIpWhitelistConfigurationException(property, LogSafe.escape(name, 80),
					"no SSL bundle of that name is configured under spring.ssl.bundle.*");
		}
	}

	/**
	 * Returns the property path of a source's location.
	 */
	static String locationProperty(List<EntrySource> sources, String location) {
		int global = 0;
		int tenants = 0;
		int proxies = 0;
		for (EntrySource source : sources) {
			String index = source.trustedProxies() ? SourceKind.TRUSTED_PROXIES.property + "[" + proxies
					: source.tenants() ? SourceKind.TENANTS.property + "[" + tenants
							: SourceKind.GLOBAL.property + "[" + global;
			if (source.location().equals(location)) {
				return PREFIX + index + "].location";
			}
			if (source.trustedProxies()) {
				proxies++;
			}
			else if (source.tenants()) {
				tenants++;
			}
			else {
				global++;
			}
		}
		return PREFIX + "sources";
	}

	/**
	 * Reads an entry's address: an address, a prefix, or a range {@code first-last} (the
	 * prefixes that cover it).
	 */
	static List<IpPrefix> prefixes(String property, String text) {
		if (!IpRange.isRange(text)) {
			return List.of(prefix(property, text));
		}
		try {
			return IpRange.parse(text);
		}
		catch (InvalidSyntaxException ex) {
			throw new InvalidIpWhitelistConfigurationException(property, LogSafe.escape(text), ex.getProblem());
		}
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
		ForwardingHeader header;
		try {
			header = ForwardingHeader.of(String.valueOf(clientIp.getHeader()));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidIpWhitelistConfigurationException(PREFIX + "client-ip.header",
					LogSafe.escape(String.valueOf(clientIp.getHeader()), 80), String.valueOf(ex.getMessage()));
		}
		return new ClientIpResolver(trusted, header, clientIp.getMaxHops(), clientIp.getMaxHeaderLength());
	}

	static void check(IpWhitelistProperties properties) {
		int status = properties.getResponse().getStatus();
		if (status < 400 || status > 499) {
			throw new InvalidIpWhitelistConfigurationException(PREFIX + "response.status", Integer.toString(status),
					"a denial needs a 4xx status, such as 403 or 401");
		}
		positive("audit.capacity", properties.getAudit().getCapacity());
		positive("audit.not-listed-capacity", properties.getAudit().getNotListedCapacity());
		positive("audit.tenant-capacity", properties.getAudit().getTenantCapacity());
		positive("audit.tenant-recent-denials", properties.getAudit().getTenantRecentDenials());
		positive("audit.tenant-not-listed-capacity", properties.getAudit().getTenantNotListedCapacity());
		String header = properties.getTenants().getHeader();
		if (header == null || header.isBlank() || !header.chars().allMatch((c) -> c > 32 && c < 127 && c != ':')) {
			throw new InvalidIpWhitelistConfigurationException(PREFIX + "tenants.header",
					LogSafe.escape(String.valueOf(header), 80), "not a header name");
		}
		if (properties.getAudit().getLogInterval().isNegative()) {
			throw new InvalidIpWhitelistConfigurationException(PREFIX + "audit.log-interval",
					DurationStyle.SIMPLE.print(properties.getAudit().getLogInterval()), "must not be negative");
		}
		if (properties.getReloadInterval().isNegative()) {
			throw new InvalidIpWhitelistConfigurationException(PREFIX + "reload-interval",
					DurationStyle.SIMPLE.print(properties.getReloadInterval()), "must not be negative");
		}
		checkStore(properties);
		if (properties.getHealth().getExpiryWarning().isNegative()) {
			throw new InvalidIpWhitelistConfigurationException(PREFIX + "health.expiry-warning",
					DurationStyle.SIMPLE.print(properties.getHealth().getExpiryWarning()), "must not be negative");
		}
	}

	/** Class of Spring's JDBC support that the JDBC store needs. */
	static final String JDBC_CLIENT = "org.springframework.jdbc.core.simple.JdbcClient";

	/** Class of Spring Boot's JDBC support that the JDBC store needs. */
	static final String BOOT_JDBC = "org.springframework.boot.jdbc.EmbeddedDatabaseConnection";

	private static void checkStore(IpWhitelistProperties properties) {
		IpWhitelistProperties.Store store = properties.getStore();
		IpWhitelistProperties.Admin admin = properties.getAdmin();
		boolean jdbc = store.getType() == IpWhitelistProperties.Store.StoreType.JDBC;
		if (admin.isEnabled() && !jdbc) {
			throw new InvalidIpWhitelistConfigurationException(PREFIX + "admin.enabled", "true",
					"the management API changes the tenant store: it needs " + PREFIX + "store.type=jdbc (now "
							+ store.getType().name().toLowerCase(java.util.Locale.ROOT) + ")");
		}
		if (store.getPollInterval().isNegative() || store.getPollInterval().isZero()) {
			throw new InvalidIpWhitelistConfigurationException(PREFIX + "store.poll-interval",
					DurationStyle.SIMPLE.print(store.getPollInterval()), "must be positive");
		}
		String prefix = store.getJdbc().getTablePrefix();
		if (prefix == null || !prefix.matches("[A-Za-z][A-Za-z0-9_]{0,29}")) {
			throw new InvalidIpWhitelistConfigurationException(PREFIX + "store.jdbc.table-prefix",
					LogSafe.escape(String.valueOf(prefix), 80),
					"not a table prefix: a letter, then up to 29 letters, digits or underscores");
		}
		String basePath = admin.getBasePath();
		if (basePath == null || !basePath.matches("(/[A-Za-z0-9._~-]+)+")) {
			throw new InvalidIpWhitelistConfigurationException(PREFIX + "admin.base-path",
					LogSafe.escape(String.valueOf(basePath), 80),
					"not a base path: segments of A-Z a-z 0-9 . _ ~ - each after a '/', no '/' at the end");
		}
		if (admin.getAuthority() == null || admin.getAuthority().isBlank()) {
			throw new InvalidIpWhitelistConfigurationException(PREFIX + "admin.authority", "",
					"an authority is needed, such as ROLE_IP_WHITELIST_ADMIN");
		}
		ClassLoader classLoader = IpWhitelistConfigurationReader.class.getClassLoader();
		if (jdbc && (!ClassUtils.isPresent(JDBC_CLIENT, classLoader) || !ClassUtils.isPresent(BOOT_JDBC, classLoader))) {
			throw new InvalidIpWhitelistConfigurationException(PREFIX + "store.type", "jdbc",
					"the JDBC store needs Spring Boot's JDBC support: add spring-boot-starter-jdbc and a database driver");
		}
	}

	static void positive(String name, int value) {
		if (value < 1) {
			throw new InvalidIpWhitelistConfigurationException(PREFIX + name, Integer.toString(value),
					"must be at least 1");
		}
	}

}
