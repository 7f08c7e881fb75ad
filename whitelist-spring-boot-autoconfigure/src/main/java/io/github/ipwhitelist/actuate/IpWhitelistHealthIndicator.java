package io.github.ipwhitelist.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.ipwhitelist.rules.IpEntry;
import io.github.ipwhitelist.rules.Mode;
import io.github.ipwhitelist.rules.RuleSet;
import io.github.ipwhitelist.rules.RuleSetHolder;
import io.github.ipwhitelist.source.IpWhitelistLoader;
import io.github.ipwhitelist.source.SourceStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the whitelist: the mode, the live entries, and the entries that expire within the
 * warning period. A strict list with no live entry denies every guarded request: it is reported
 * {@code OUT_OF_SERVICE} so that monitoring notices. Source files are listed with their last load
 * and, while a file is bad (the last good list stays live), its error under {@code sourceErrors}.
 */
public class IpWhitelistHealthIndicator extends AbstractHealthIndicator {

	/** Most expiring entries listed in the details. */
	static final int MAX_EXPIRING_LISTED = 20;

	private final RuleSetHolder rules;

	private final Clock clock;

	private final Duration expiryWarning;

	private final @Nullable IpWhitelistLoader loader;

	public IpWhitelistHealthIndicator(RuleSetHolder rules, Clock clock, Duration expiryWarning) {
		this(rules, clock, expiryWarning, null);
	}

	public IpWhitelistHealthIndicator(RuleSetHolder rules, Clock clock, Duration expiryWarning,
			@Nullable IpWhitelistLoader loader) {
		super("IP whitelist health check failed");
		this.rules = rules;
		this.clock = clock;
		this.expiryWarning = expiryWarning;
		this.loader = loader;
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
		if (this.loader != null && this.loader.hasSources()) {
			List<SourceStatus> statuses = this.loader.statuses();
			builder.withDetail("sources", statuses);
			List<String> failing = statuses.stream()
				.filter((status) -> status.lastError() != null)
				.map((status) -> status.location() + ": " + status.lastError())
				.toList();
			if (!failing.isEmpty()) {
				builder.withDetail("sourceErrors", failing);
			}
		}
	}

}
