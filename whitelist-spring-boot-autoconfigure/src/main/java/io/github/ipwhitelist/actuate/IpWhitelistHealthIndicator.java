package io.github.ipwhitelist.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import io.github.ipwhitelist.rules.IpEntry;
import io.github.ipwhitelist.rules.Mode;
import io.github.ipwhitelist.rules.RuleSet;
import io.github.ipwhitelist.rules.RuleSetHolder;
import io.github.ipwhitelist.rules.TenantPolicy;
import io.github.ipwhitelist.rules.TenantTable;
import io.github.ipwhitelist.ratelimit.SharedIpRateLimiter;
import io.github.ipwhitelist.source.IpWhitelistLoader;
import io.github.ipwhitelist.store.DenialLogWriter;
import io.github.ipwhitelist.store.StoreStatus;
import io.github.ipwhitelist.store.TenantStoreSynchronizer;
import io.github.ipwhitelist.source.SourceStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the whitelist: the mode, the live entries, and the entries that expire within the
 * warning period. A strict list with no live entry denies every guarded request: it is reported
 * {@code OUT_OF_SERVICE} so that monitoring notices. Source files are listed with their last load
 * and, while a file is bad (the last good list stays live), its error under {@code sourceErrors}.
 * Tenants are summed up under {@code tenants} (never listed one by one): their number, the
 * strict ones without live entries, and the entries expiring soon with the nearest few.
 */
public class IpWhitelistHealthIndicator extends AbstractHealthIndicator {

	/** Most expiring entries listed in the details. */
	static final int MAX_EXPIRING_LISTED = 20;

	private final RuleSetHolder rules;

	private final Clock clock;

	private final Duration expiryWarning;

	private final @Nullable IpWhitelistLoader loader;

	private final TenantTable tenants;

	private @Nullable TenantStoreSynchronizer store;

	private @Nullable SharedIpRateLimiter rateLimits;

	private @Nullable DenialLogWriter denialLog;

	/** Most expiring tenant entries listed in the details (the nearest). */
	static final int MAX_TENANT_EXPIRING_LISTED = 10;

	public IpWhitelistHealthIndicator(RuleSetHolder rules, Clock clock, Duration expiryWarning) {
		this(rules, clock, expiryWarning, null);
	}

	public IpWhitelistHealthIndicator(RuleSetHolder rules, Clock clock, Duration expiryWarning,
			@Nullable IpWhitelistLoader loader) {
		this(rules, clock, expiryWarning, loader, new TenantTable());
	}

	/**
	 * Creates the health contributor of an application with tenants.
	 * @param rules the global list
	 * @param clock the clock
	 * @param expiryWarning how long before its expiry an entry is reported
	 * @param loader the loader of files, {@code null} if none
	 * @param tenants the tenants' policies
	 */
	public IpWhitelistHealthIndicator(RuleSetHolder rules, Clock clock, Duration expiryWarning,
			@Nullable IpWhitelistLoader loader, TenantTable tenants) {
		super("IP whitelist health check failed");
		this.tenants = tenants;
		this.rules = rules;
		this.clock = clock;
		this.expiryWarning = expiryWarning;
		this.loader = loader;
	}

	/**
	 * Adds the tenant store's state under {@code store}: {@code up} or {@code unreachable} (then
	 * with the last error and since when; requests are still decided from the last good
	 * policies, so the status itself does not change), the revision applied, when last read.
	 * @param store the store's synchronizer
	 */
	/**
	 * Shows whether rate-limit buckets are shared by the fleet now, or limited by this instance
	 * alone while the shared store cannot answer (health stays up: requests are still limited).
	 * @param rateLimits the shared limiter
	 */
	public void setRateLimits(SharedIpRateLimiter rateLimits) {
		this.rateLimits = rateLimits;
	}

	/**
	 * Shows the durable denial log's writer: written, or failing (denials are then counted in
	 * memory within its bound; health stays up).
	 * @param denialLog the writer
	 */
	public void setDenialLog(DenialLogWriter denialLog) {
		this.denialLog = denialLog;
	}

	public void setStore(TenantStoreSynchronizer store) {
		this.store = store;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		RuleSet ruleSet = this.rules.get();
		Instant now = this.clock.instant();
		Instant horizon = now.plus(this.expiryWarning);
		List<Map<String, Object>> expiring = new ArrayList<>();
		int expiringCount = 0;
		for (IpEntry entry : ruleSet.allowEntries()) {
			Instant at = entry.expiresAt();
			if (at != null && entry.isLiveAt(now) && at.isBefore(horizon)) {
				expiringCount++;
				if (expiring.size() < MAX_EXPIRING_LISTED) {
					expiring.add(Map.of("address", entry.prefix().toString(), "origin", entry.origin(), "expiresAt",
							at.toString()));
				}
			}
		}
		int live = ruleSet.liveAllowCount(now);
		boolean empty = ruleSet.mode() == Mode.STRICT && live == 0;
		if (empty) {
			builder.outOfService()
				.withDetail("problem", "strict mode with no live entries: every guarded request is denied");
		}
		else {
			builder.up();
		}
		builder.withDetail("mode", ruleSet.mode())
			.withDetail("liveEntries", live)
			.withDetail("liveDenyEntries", ruleSet.liveDenyCount(now))
			.withDetail("expiringWithin", this.expiryWarning.toString())
			.withDetail("expiringCount", expiringCount)
			.withDetail("expiring", expiring);
		if (this.tenants.size() > 0) {
			builder.withDetail("tenants", tenantDetails(now, horizon));
		}
		TenantStoreSynchronizer store = this.store;
		if (store != null) {
			StoreStatus status = store.status();
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("type", "jdbc");
			details.put("state", status.state());
			details.put("revision", status.revision());
			details.put("tenants", status.tenants());
			details.put("lastSuccess", String.valueOf(status.lastSuccess()));
			if (status.lastError() != null) {
				details.put("lastError", status.lastError());
				details.put("failingSince", String.valueOf(status.failingSince()));
			}
			if (!status.invalidTenants().isEmpty()) {
				details.put("invalidTenants", status.invalidTenants());
			}
			builder.withDetail("store", details);
		}
		SharedIpRateLimiter rateLimits = this.rateLimits;
		if (rateLimits != null) {
			SharedIpRateLimiter.RateLimitStoreStatus status = rateLimits.status();
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("store", status.store());
			details.put("state", status.shared() ? "shared" : "local");
			details.put("since", status.since().toString());
			if (status.lastError() != null) {
				details.put("lastError", status.lastError());
			}
			details.put("localDecisions", status.fallbackDecisions());
			builder.withDetail("rateLimit", details);
		}
		DenialLogWriter denialLog = this.denialLog;
		if (denialLog != null) {
			DenialLogWriter.Status status = denialLog.status();
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("state", status.up() ? "up" : "failing");
			details.put("pendingRows", status.pendingRows());
			details.put("writtenDenials", status.writtenDenials());
			details.put("largestBatch", status.largestBatch());
			details.put("rowBound", denialLog.rowBound());
			details.put("overflowed", status.overflowed());
			details.put("lastWrite", String.valueOf(status.lastWrite()));
			if (status.lastError() != null) {
				details.put("lastError", status.lastError());
				details.put("failingSince", String.valueOf(status.failingSince()));
			}
			builder.withDetail("denialLog", details);
		}
		if (this.loader != null && this.loader.hasSources()) {
			List<SourceStatus> statuses = new ArrayList<>(this.loader.statuses());
			List<SourceStatus> proxies = this.loader.trustedProxyStatuses();
			if (!statuses.isEmpty()) {
				builder.withDetail("sources", List.copyOf(statuses));
			}
			if (!proxies.isEmpty()) {
				builder.withDetail("trustedProxySources", proxies);
			}
			statuses.addAll(proxies);
			List<String> failing = statuses.stream()
				.filter((status) -> status.lastError() != null)
				.map((status) -> status.location() + ": " + status.lastError())
				.toList();
			if (!failing.isEmpty()) {
				builder.withDetail("sourceErrors", failing);
			}
		}
	}

	/**
	 * The tenants in a few figures, whatever their number: how many, how many strict tenants
	 * deny everything (no live entry), how many entries expire soon in how many tenants, and the
	 * nearest of them.
	 */
	private Map<String, Object> tenantDetails(Instant now, Instant horizon) {
		PriorityQueue<Map.Entry<Instant, Map<String, Object>>> nearest = new PriorityQueue<>(
				Comparator.comparing((Map.Entry<Instant, Map<String, Object>> e) -> e.getKey()).reversed());
		int expiringCount = 0;
		int expiringTenants = 0;
		int denyingAll = 0;
		for (TenantPolicy policy : this.tenants.policies()) {
			if (policy.enabled() && policy.mode() == Mode.STRICT && !policy.hasLiveAllowEntry(now)) {
				denyingAll++;
			}
			if (!policy.hasExpiries()) {
				continue;
			}
			int before = expiringCount;
			for (IpEntry entry : policy.allowEntries()) {
				Instant at = entry.expiresAt();
				if (at != null && entry.isLiveAt(now) && at.isBefore(horizon)) {
					expiringCount++;
					if (nearest.size() < MAX_TENANT_EXPIRING_LISTED || at.isBefore(nearest.peek().getKey())) {
						nearest.add(Map.entry(at, Map.of("tenant", policy.tenant(), "address",
								entry.prefix().toString(), "expiresAt", at.toString())));
						if (nearest.size() > MAX_TENANT_EXPIRING_LISTED) {
							nearest.poll();
						}
					}
				}
			}
			expiringTenants += (expiringCount > before) ? 1 : 0;
		}
		List<Map.Entry<Instant, Map<String, Object>>> sorted = new ArrayList<>(nearest);
		sorted.sort(Map.Entry.comparingByKey());
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("count", this.tenants.size());
		details.put("strictWithoutLiveEntries", denyingAll);
		details.put("expiringCount", expiringCount);
		details.put("tenantsWithExpiring", expiringTenants);
		details.put("expiring", sorted.stream().map(Map.Entry::getValue).toList());
		return details;
	}

}
