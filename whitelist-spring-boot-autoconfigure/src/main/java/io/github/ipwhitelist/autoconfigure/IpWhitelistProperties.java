package io.github.ipwhitelist.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.ipwhitelist.rules.Mode;
import io.github.ipwhitelist.source.ListKind;
import io.github.ipwhitelist.source.SourceFormat;
import io.github.ipwhitelist.web.TenantResolution;
import io.github.ipwhitelist.web.ResponseFormat;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of the IP whitelist ({@code ip-whitelist.*}).
 */
@ConfigurationProperties("ip-whitelist")
public class IpWhitelistProperties implements InitializingBean {

	/**
	 * Whether the IP whitelist guards the application.
	 */
	private boolean enabled = true;

	/**
	 * How unlisted addresses are treated: 'strict' lets only listed addresses pass (an empty
	 * list denies everyone), 'permissive' lets everyone pass except the deny list.
	 */
	private Mode mode = Mode.STRICT;

	/**
	 * Allowed addresses: IPv4 or IPv6 literals or CIDR prefixes, each with an optional
	 * description and expiry. A comma-separated string of addresses also binds.
	 */
	private List<Entry> entries = new ArrayList<>();

	/**
	 * Denied addresses, in the same form as the entries. Deny wins over allow in both modes.
	 */
	private List<Entry> deny = new ArrayList<>();

	/**
	 * Files of entries, one entry a line ('address [expires=...] [description]', '#'
	 * comments), as Spring resource locations ('file:', 'classpath:'). Combined with the
	 * entries above and reloaded when they change.
	 */
	private List<Source> sources = new ArrayList<>();

	/**
	 * How often the source files are checked for changes; 0 turns polling off (a reload can
	 * still be triggered through the endpoint).
	 */
	private Duration reloadInterval = Duration.ofSeconds(10);

	/**
	 * The environment this deployment serves, such as 'production' or 'sandbox'. An entry
	 * that names environments applies only where this is one of them; an entry that names none
	 * applies everywhere.
	 */
	private @Nullable String environment;

	private final Tenants tenants = new Tenants();

	private final Paths paths = new Paths();

	private final ClientIp clientIp = new ClientIp();

	private final Response response = new Response();

	private final Audit audit = new Audit();

	private final Health health = new Health();

	private final RateLimit rateLimit = new RateLimit();

	private final Store store = new Store();

	private final Admin admin = new Admin();

	/**
	 * Checks the bound values once, when the properties are bound: a bad status, capacity or
	 * interval stops the startup naming its property. (Addresses, files and patterns are
	 * checked where they are read.)
	 */
	@Override
	public void afterPropertiesSet() {
		IpWhitelistConfigurationReader.check(this);
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Mode getMode() {
		return this.mode;
	}

	public void setMode(Mode mode) {
		this.mode = mode;
	}

	public List<Entry> getEntries() {
		return this.entries;
	}

	public void setEntries(List<Entry> entries) {
		this.entries = entries;
	}

	public List<Entry> getDeny() {
		return this.deny;
	}

	public void setDeny(List<Entry> deny) {
		this.deny = deny;
	}

	public List<Source> getSources() {
		return this.sources;
	}

	public void setSources(List<Source> sources) {
		this.sources = sources;
	}

	public Duration getReloadInterval() {
		return this.reloadInterval;
	}

	public void setReloadInterval(Duration reloadInterval) {
		this.reloadInterval = reloadInterval;
	}

	public @Nullable String getEnvironment() {
		return this.environment;
	}

	public void setEnvironment(@Nullable String environment) {
		this.environment = environment;
	}

	public Tenants getTenants() {
		return this.tenants;
	}

	public Paths getPaths() {
		return this.paths;
	}

	public ClientIp getClientIp() {
		return this.clientIp;
	}

	public Response getResponse() {
		return this.response;
	}

	public Audit getAudit() {
		return this.audit;
	}

	public Health getHealth() {
		return this.health;
	}

	public Store getStore() {
		return this.store;
	}

	public Admin getAdmin() {
		return this.admin;
	}

	public RateLimit getRateLimit() {
		return this.rateLimit;
	}

	/**
	 * One allowed or denied address or prefix.
	 */
	public static class Entry {

		/**
		 * IPv4 or IPv6 literal or CIDR prefix, such as '203.0.113.10', '10.0.0.0/8' or
		 * '2001:db8::/32'. Host bits must not be set.
		 */
		private @Nullable String address;

		/**
		 * What the entry is for, shown in the endpoint and in log lines.
		 */
		private @Nullable String description;

		/**
		 * Instant at which the entry stops matching: an ISO-8601 instant
		 * ('2026-12-31T23:59:59Z') or a date ('2026-12-31', valid to the end of that day,
		 * UTC). Never expires when not set.
		 */
		@ExpiryConverter.ExpiresAt
		private @Nullable Instant expiresAt;

		/**
		 * Environments the entry applies in ('sandbox', 'production'); empty: everywhere.
		 */
		private List<String> environments = new ArrayList<>();

		public Entry() {
		}

		public Entry(@Nullable String address) {
			this.address = address;
		}

		public @Nullable String getAddress() {
			return this.address;
		}

		public void setAddress(@Nullable String address) {
			this.address = address;
		}

		public @Nullable String getDescription() {
			return this.description;
		}

		public void setDescription(@Nullable String description) {
			this.description = description;
		}

		public @Nullable Instant getExpiresAt() {
			return this.expiresAt;
		}

		public void setExpiresAt(@Nullable Instant expiresAt) {
			this.expiresAt = expiresAt;
		}

		public List<String> getEnvironments() {
			return this.environments;
		}

		public void setEnvironments(List<String> environments) {
			this.environments = environments;
		}

	}

	/**
	 * Per-tenant (per-organization) whitelists: a second gate after the global one.
	 */
	public static class Tenants {

		/**
		 * How a request names its tenant before authentication: 'none', or 'header' (the
		 * header below). An IpWhitelistTenantResolver bean wins over this setting.
		 */
		private TenantResolution resolver = TenantResolution.NONE;

		/**
		 * Header that names the tenant when the resolver is 'header'.
		 */
		private String header = "X-Tenant-Id";

		/**
		 * Policies by tenant id (1 to 64 characters of A-Z a-z 0-9 . _ -).
		 */
		private Map<String, Policy> policies = new LinkedHashMap<>();

		/**
		 * Tenants files: each line '<tenant> <address> [expires=...] [env=a,b] [description]',
		 * reloaded every reload-interval, the last good list kept.
		 */
		private List<Source> sources = new ArrayList<>();

		public TenantResolution getResolver() {
			return this.resolver;
		}

		public void setResolver(TenantResolution resolver) {
			this.resolver = resolver;
		}

		public String getHeader() {
			return this.header;
		}

		public void setHeader(String header) {
			this.header = header;
		}

		public Map<String, Policy> getPolicies() {
			return this.policies;
		}

		public void setPolicies(Map<String, Policy> policies) {
			this.policies = policies;
		}

		public List<Source> getSources() {
			return this.sources;
		}

		public void setSources(List<Source> sources) {
			this.sources = sources;
		}

		/**
		 * One tenant's policy.
		 */
		public static class Policy {

			/**
			 * Whether this tenant's gate is on.
			 */
			private boolean enabled = true;

			/**
			 * This tenant's mode: 'strict' or 'permissive'.
			 */
			private Mode mode = Mode.STRICT;

			/**
			 * This tenant's allowed addresses.
			 */
			private List<Entry> entries = new ArrayList<>();

			/**
			 * This tenant's denied addresses.
			 */
			private List<Entry> deny = new ArrayList<>();

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public Mode getMode() {
				return this.mode;
			}

			public void setMode(Mode mode) {
				this.mode = mode;
			}

			public List<Entry> getEntries() {
				return this.entries;
			}

			public void setEntries(List<Entry> entries) {
				this.entries = entries;
			}

			public List<Entry> getDeny() {
				return this.deny;
			}

			public void setDeny(List<Entry> deny) {
				this.deny = deny;
			}

		}

	}

	/**
	 * A source of entries: a file, or a list fetched over HTTPS, in the project's plain format
	 * or as a provider publishes it.
	 */
	public static class Source {

		/**
		 * Location of the list: 'file:/etc/whitelist/partners.txt', 'classpath:partners.txt', or
		 * an 'https:' URL fetched in the background ('https://ip-ranges.amazonaws.com/ip-ranges.json').
		 */
		private @Nullable String location;

		/**
		 * List the source feeds: 'allow' (default) or 'deny'. Not for trusted-proxy sources.
		 */
		private @Nullable ListKind list;

		/**
		 * How the list is written: 'plain' (one entry a line), 'aws' (ip-ranges.json), 'google'
		 * (cloud.json, goog.json) or 'fastly' (public-ip-list).
		 */
		private SourceFormat format = SourceFormat.PLAIN;

		/**
		 * Services kept of an 'aws' or 'google' list ('CLOUDFRONT', 'Google Cloud'); empty keeps
		 * all. Compared without case.
		 */
		private List<String> service = new ArrayList<>();

		/**
		 * Regions kept of an 'aws' list ('GLOBAL', 'us-east-1') or scopes of a 'google' list
		 * ('europe-west1'); empty keeps all. Compared without case.
		 */
		private List<String> region = new ArrayList<>();

		/**
		 * Spring Boot SSL bundle (spring.ssl.bundle.*) whose trust material checks an 'https:'
		 * location's certificate. Unset: the JVM's default trust store.
		 */
		private @Nullable String sslBundle;

		/**
		 * Most time one fetch of an 'https:' location may take, connection and body included
		 * (10s when not set). Only for an 'https:' location.
		 */
		private @Nullable Duration timeout;

		/**
		 * Largest answer accepted from an 'https:' location (16MB when not set); a larger one
		 * fails the fetch and the last good list stays. Only for an 'https:' location.
		 */
		private @Nullable DataSize maxSize;

		public @Nullable String getLocation() {
			return this.location;
		}

		public void setLocation(@Nullable String location) {
			this.location = location;
		}

		public @Nullable ListKind getList() {
			return this.list;
		}

		public void setList(@Nullable ListKind list) {
			this.list = list;
		}

		public SourceFormat getFormat() {
			return this.format;
		}

		public void setFormat(SourceFormat format) {
			this.format = format;
		}

		public List<String> getService() {
			return this.service;
		}

		public void setService(List<String> service) {
			this.service = service;
		}

		public List<String> getRegion() {
			return this.region;
		}

		public void setRegion(List<String> region) {
			this.region = region;
		}

		public @Nullable String getSslBundle() {
			return this.sslBundle;
		}

		public void setSslBundle(@Nullable String sslBundle) {
			this.sslBundle = sslBundle;
		}

		public @Nullable Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(@Nullable Duration timeout) {
			this.timeout = timeout;
		}

		public @Nullable DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(@Nullable DataSize maxSize) {
			this.maxSize = maxSize;
		}

	}

	/**
	 * Which requests are guarded.
	 */
	public static class Paths {

		/**
		 * Path patterns of the guarded requests.
		 */
		private List<String> include = new ArrayList<>(List.of("/**"));

		/**
		 * Path patterns that are never guarded, even when included (a health check path, say).
		 */
		private List<String> exclude = new ArrayList<>();

		public List<String> getInclude() {
			return this.include;
		}

		public void setInclude(List<String> include) {
			this.include = include;
		}

		public List<String> getExclude() {
			return this.exclude;
		}

		public void setExclude(List<String> exclude) {
			this.exclude = exclude;
		}

	}

	/**
	 * How the client address is found behind proxies.
	 */
	public static class ClientIp {

		/**
		 * CIDR prefixes of the proxies whose forwarding header is believed. Empty: the socket
		 * peer is the client and forwarding headers are ignored.
		 */
		private List<String> trustedProxies = new ArrayList<>();

		/**
		 * Lists of trusted proxies kept current from a file or a provider's published ranges
		 * ('https://www.cloudflare.com/ips-v4', AWS's ip-ranges.json with format 'aws'), read
		 * again every reload-interval; added to trusted-proxies.
		 */
		private List<Source> trustedProxySources = new ArrayList<>();

		/**
		 * Header read from trusted proxies: 'X-Forwarded-For' or 'Forwarded' (RFC 7239), chains
		 * walked from the right; or any other header name (CF-Connecting-IP, True-Client-IP,
		 * X-Real-IP), a header that holds exactly the client's address.
		 */
		private String header = "X-Forwarded-For";

		/**
		 * Most hops a forwarding chain may hold; a longer chain is malformed.
		 */
		private int maxHops = 32;

		/**
		 * Most characters all lines of the forwarding header may hold together; a longer
		 * header is malformed.
		 */
		private int maxHeaderLength = 4096;

		/**
		 * Whether to run although the server or Spring replaces the socket peer address with
		 * one taken from forwarding headers (server.forward-headers-strategy native or
		 * framework, a cloud platform's default, server.tomcat.remoteip.*). Only for a
		 * deployment whose server-side internal proxies are pinned to exactly its load
		 * balancers: otherwise a client chooses the address that is checked.
		 */
		private boolean trustServerForwarding;

		public List<String> getTrustedProxies() {
			return this.trustedProxies;
		}

		public void setTrustedProxies(List<String> trustedProxies) {
			this.trustedProxies = trustedProxies;
		}

		public List<Source> getTrustedProxySources() {
			return this.trustedProxySources;
		}

		public void setTrustedProxySources(List<Source> trustedProxySources) {
			this.trustedProxySources = trustedProxySources;
		}

		public String getHeader() {
			return this.header;
		}

		public void setHeader(String header) {
			this.header = header;
		}

		public int getMaxHops() {
			return this.maxHops;
		}

		public void setMaxHops(int maxHops) {
			this.maxHops = maxHops;
		}

		public int getMaxHeaderLength() {
			return this.maxHeaderLength;
		}

		public void setMaxHeaderLength(int maxHeaderLength) {
			this.maxHeaderLength = maxHeaderLength;
		}

		public boolean isTrustServerForwarding() {
			return this.trustServerForwarding;
		}

		public void setTrustServerForwarding(boolean trustServerForwarding) {
			this.trustServerForwarding = trustServerForwarding;
		}

	}

	/**
	 * What a denied request receives.
	 */
	public static class Response {

		/**
		 * HTTP status of a denial (1451, 1452): 403, or 401 to make an address denial look
		 * like any authentication failure.
		 */
		private int status = 403;

		/**
		 * Body of a denial: 'problem' (RFC 9457 application/problem+json), 'envelope'
		 * (success/error/meta JSON) or 'minimal' (status only, no body).
		 */
		private ResponseFormat format = ResponseFormat.PROBLEM;

		public int getStatus() {
			return this.status;
		}

		public void setStatus(int status) {
			this.status = status;
		}

		public ResponseFormat getFormat() {
			return this.format;
		}

		public void setFormat(ResponseFormat format) {
			this.format = format;
		}

	}

	/**
	 * What is kept in memory about access attempts.
	 */
	public static class Audit {

		/**
		 * Number of recent denied attempts kept in memory.
		 */
		private int capacity = 1000;

		/**
		 * Number of distinct unlisted callers tracked in permissive mode; beyond it the least
		 * useful are evicted and counted as overflow.
		 */
		private int notListedCapacity = 10000;

		/**
		 * Shortest interval between two denial log lines for one address; the denials in
		 * between are counted, not logged.
		 */
		private Duration logInterval = Duration.ofSeconds(60);

		/**
		 * Number of tenants whose recent denials and unlisted callers are kept (the tenants
		 * with the latest activity); beyond it the least recent are dropped.
		 */
		private int tenantCapacity = 1000;

		/**
		 * Number of recent denied attempts kept per tenant.
		 */
		private int tenantRecentDenials = 20;

		/**
		 * Number of distinct unlisted callers kept per permissive tenant.
		 */
		private int tenantNotListedCapacity = 100;

		public int getTenantCapacity() {
			return this.tenantCapacity;
		}

		public void setTenantCapacity(int tenantCapacity) {
			this.tenantCapacity = tenantCapacity;
		}

		public int getTenantRecentDenials() {
			return this.tenantRecentDenials;
		}

		public void setTenantRecentDenials(int tenantRecentDenials) {
			this.tenantRecentDenials = tenantRecentDenials;
		}

		public int getTenantNotListedCapacity() {
			return this.tenantNotListedCapacity;
		}

		public void setTenantNotListedCapacity(int tenantNotListedCapacity) {
			this.tenantNotListedCapacity = tenantNotListedCapacity;
		}

		/**
		 * Where denials are also kept, aggregated per tenant, address, code and minute: 'none'
		 * (only the in-memory ring) or 'jdbc' (the application's DataSource, shared by the fleet,
		 * kept across restarts, queried through the actuator endpoint and the management API).
		 */
		private AuditStore store = AuditStore.NONE;

		/**
		 * How long rows of the durable denial log are kept.
		 */
		private Duration retention = Duration.ofDays(30);

		/**
		 * How often collected denials are written to the durable log, in one batch.
		 */
		private Duration flushInterval = Duration.ofSeconds(1);

		/**
		 * Most rows of distinct addresses one flush writes; denials of further addresses are
		 * counted in a row of address '*', so writes stay bounded under any attack.
		 */
		private int maxRowsPerFlush = 1000;

		public AuditStore getStore() {
			return this.store;
		}

		public void setStore(AuditStore store) {
			this.store = store;
		}

		public Duration getRetention() {
			return this.retention;
		}

		public void setRetention(Duration retention) {
			this.retention = retention;
		}

		public Duration getFlushInterval() {
			return this.flushInterval;
		}

		public void setFlushInterval(Duration flushInterval) {
			this.flushInterval = flushInterval;
		}

		public int getMaxRowsPerFlush() {
			return this.maxRowsPerFlush;
		}

		public void setMaxRowsPerFlush(int maxRowsPerFlush) {
			this.maxRowsPerFlush = maxRowsPerFlush;
		}

		/**
		 * Where denials are kept besides the in-memory ring.
		 */
		public enum AuditStore {

			/** Only in memory. */
			NONE,

			/** Also in the application's DataSource. */
			JDBC

		}

		public int getCapacity() {
			return this.capacity;
		}

		public void setCapacity(int capacity) {
			this.capacity = capacity;
		}

		public int getNotListedCapacity() {
			return this.notListedCapacity;
		}

		public void setNotListedCapacity(int notListedCapacity) {
			this.notListedCapacity = notListedCapacity;
		}

		public Duration getLogInterval() {
			return this.logInterval;
		}

		public void setLogInterval(Duration logInterval) {
			this.logInterval = logInterval;
		}

	}

	/**
	 * Where tenant policies that change at runtime are kept.
	 */
	public static class Store {

		/**
		 * 'none': tenants come from the properties and files only. 'jdbc': tenant policies also
		 * live in the application's DataSource, changed through the management API.
		 */
		private StoreType type = StoreType.NONE;

		/**
		 * How often each instance looks for changes made elsewhere in the fleet.
		 */
		private Duration pollInterval = Duration.ofSeconds(2);

		private final Jdbc jdbc = new Jdbc();

		public StoreType getType() {
			return this.type;
		}

		public void setType(StoreType type) {
			this.type = type;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

		public Jdbc getJdbc() {
			return this.jdbc;
		}

		/**
		 * Kinds of store.
		 */
		public enum StoreType {

			/** Tenants from the properties and files only. */
			NONE,

			/** Tenant policies in the application's DataSource. */
			JDBC

		}

		/**
		 * The JDBC store.
		 */
		public static class Jdbc {

			/**
			 * When the starter creates its tables: 'embedded' (on an embedded database only),
			 * 'always', 'never' (a DBA runs the schema script).
			 */
			private SchemaInitialization initializeSchema = SchemaInitialization.EMBEDDED;

			/**
			 * Prefix of the starter's tables.
			 */
			private String tablePrefix = "IPWL_";

			public SchemaInitialization getInitializeSchema() {
				return this.initializeSchema;
			}

			public void setInitializeSchema(SchemaInitialization initializeSchema) {
				this.initializeSchema = initializeSchema;
			}

			public String getTablePrefix() {
				return this.tablePrefix;
			}

			public void setTablePrefix(String tablePrefix) {
				this.tablePrefix = tablePrefix;
			}

		}

		/**
		 * When the starter creates its tables.
		 */
		public enum SchemaInitialization {

			/** On an embedded database (H2, HSQLDB, Derby) only. */
			EMBEDDED,

			/** Always (tables that exist are kept). */
			ALWAYS,

			/** Never: the tables are created outside the application. */
			NEVER

		}

	}

	/**
	 * The HTTP management API of tenant policies.
	 */
	public static class Admin {

		/**
		 * Whether the HTTP management API is served (needs store.type=jdbc).
		 */
		private boolean enabled;

		/**
		 * Where the management API is served.
		 */
		private String basePath = "/admin/ip-whitelist";

		/**
		 * Authority a caller of the management API must hold (the address gates apply too).
		 */
		private String authority = "ROLE_IP_WHITELIST_ADMIN";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getBasePath() {
			return this.basePath;
		}

		public void setBasePath(String basePath) {
			this.basePath = basePath;
		}

		public String getAuthority() {
			return this.authority;
		}

		public void setAuthority(String authority) {
			this.authority = authority;
		}

	}

	/**
	 * Health contributor settings.
	 */
	public static class Health {

		/**
		 * How long before its expiry an entry is reported as expiring soon.
		 */
		private Duration expiryWarning = Duration.ofDays(7);

		public Duration getExpiryWarning() {
			return this.expiryWarning;
		}

		public void setExpiryWarning(Duration expiryWarning) {
			this.expiryWarning = expiryWarning;
		}

	}

	/**
	 * Per-address rate limiting (code 1453), after the allow/deny decision.
	 */
	public static class RateLimit {

		/**
		 * Whether requests are rate limited per client address.
		 */
		private boolean enabled;

		/**
		 * Most requests a client may send at once (the bucket size).
		 */
		private long capacity = 100;

		/**
		 * Time in which an empty bucket refills completely (a token at a time).
		 */
		private Duration refillPeriod = Duration.ofMinutes(1);

		/**
		 * Prefix length IPv6 clients are grouped by: one bucket per /64 by default, since one
		 * host usually owns a whole /64.
		 */
		private int ipv6PrefixLength = 64;

		/**
		 * Most client buckets kept in memory; beyond it, new clients share one overflow bucket.
		 */
		private int maxTrackedKeys = 100_000;

		/**
		 * Other limits for some client ranges (a partner's range may get more); the longest
		 * matching prefix wins.
		 */
		private List<LimitOverride> overrides = new ArrayList<>();

		/**
		 * Where the buckets live: 'memory' (each instance its own), 'jdbc' (shared by the fleet in
		 * the application's PostgreSQL DataSource) or 'redis' (shared in the application's Spring
		 * Data Redis, with Lettuce).
		 */
		private Store store = Store.MEMORY;

		/**
		 * Most time one call to a shared store may take; past it (or on any failure) the instance
		 * limits with its own buckets until the store answers again.
		 */
		private Duration storeTimeout = Duration.ofMillis(500);

		/**
		 * Whether a request that names a tenant takes its token from a bucket of that tenant and
		 * client: one organization's burst never uses up another's tokens, even behind a shared
		 * address.
		 */
		private boolean perTenant;

		/**
		 * Other limits for some tenants' buckets (with per-tenant), by tenant id.
		 */
		private Map<String, Limit> tenantOverrides = new LinkedHashMap<>();

		public Store getStore() {
			return this.store;
		}

		public void setStore(Store store) {
			this.store = store;
		}

		public Duration getStoreTimeout() {
			return this.storeTimeout;
		}

		public void setStoreTimeout(Duration storeTimeout) {
			this.storeTimeout = storeTimeout;
		}

		public boolean isPerTenant() {
			return this.perTenant;
		}

		public void setPerTenant(boolean perTenant) {
			this.perTenant = perTenant;
		}

		public Map<String, Limit> getTenantOverrides() {
			return this.tenantOverrides;
		}

		public void setTenantOverrides(Map<String, Limit> tenantOverrides) {
			this.tenantOverrides = tenantOverrides;
		}

		/**
		 * Where rate-limit buckets live.
		 */
		public enum Store {

			/** In this instance's memory: each instance limits on its own. */
			MEMORY,

			/** In the application's PostgreSQL DataSource (Bucket4j's PostgreSQL proxy manager). */
			JDBC,

			/** In the application's Redis (Bucket4j's Lettuce proxy manager). */
			REDIS

		}

		/**
		 * A limit: a bucket's size and refill time (of a tenant's clients, or of a range's).
		 */
		public static class Limit {

			/**
			 * Most requests a client may send at once.
			 */
			private long capacity = 100;

			/**
			 * Time in which an empty bucket refills completely.
			 */
			private Duration refillPeriod = Duration.ofMinutes(1);

			public long getCapacity() {
				return this.capacity;
			}

			public void setCapacity(long capacity) {
				this.capacity = capacity;
			}

			public Duration getRefillPeriod() {
				return this.refillPeriod;
			}

			public void setRefillPeriod(Duration refillPeriod) {
				this.refillPeriod = refillPeriod;
			}

		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public long getCapacity() {
			return this.capacity;
		}

		public void setCapacity(long capacity) {
			this.capacity = capacity;
		}

		public Duration getRefillPeriod() {
			return this.refillPeriod;
		}

		public void setRefillPeriod(Duration refillPeriod) {
			this.refillPeriod = refillPeriod;
		}

		public int getIpv6PrefixLength() {
			return this.ipv6PrefixLength;
		}

		public void setIpv6PrefixLength(int ipv6PrefixLength) {
			this.ipv6PrefixLength = ipv6PrefixLength;
		}

		public int getMaxTrackedKeys() {
			return this.maxTrackedKeys;
		}

		public void setMaxTrackedKeys(int maxTrackedKeys) {
			this.maxTrackedKeys = maxTrackedKeys;
		}

		public List<LimitOverride> getOverrides() {
			return this.overrides;
		}

		public void setOverrides(List<LimitOverride> overrides) {
			this.overrides = overrides;
		}

		/**
		 * A different limit for a range of clients.
		 */
		public static class LimitOverride extends Limit {

			/**
			 * Clients the limit applies to: an IPv4 or IPv6 literal or CIDR prefix.
			 */
			private @Nullable String address;

			public @Nullable String getAddress() {
				return this.address;
			}

			public void setAddress(@Nullable String address) {
				this.address = address;
			}

		}

	}

}
