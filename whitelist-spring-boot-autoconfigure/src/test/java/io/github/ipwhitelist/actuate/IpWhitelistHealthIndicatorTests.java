package io.github.ipwhitelist.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.rules.IpEntry;
import io.github.ipwhitelist.rules.Mode;
import io.github.ipwhitelist.rules.RuleSet;
import io.github.ipwhitelist.rules.RuleSetHolder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class IpWhitelistHealthIndicatorTests {

	static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

	static Health health(Mode mode, List<IpEntry> entries) {
		return new IpWhitelistHealthIndicator(new RuleSetHolder(RuleSet.compile(mode, entries, List.of())),
				Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(7))
			.health();
	}

	@Test
	void healthWhenStrictAndNoLiveEntryThenOutOfService() {
		Health health = health(Mode.STRICT,
				List.of(new IpEntry(IpPrefix.parse("192.0.2.0/24"), null, NOW.minusSeconds(1), "e[0]")));
		assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(health.getDetails()).containsEntry("liveEntries", 0)
			.containsEntry("problem", "strict mode with no live entries: every guarded request is denied");
	}

	@Test
	void healthWhenPermissiveAndEmptyThenUp() {
		assertThat(health(Mode.PERMISSIVE, List.of()).getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void healthWhenEntriesExpireWithinWarningThenListed() {
		Health health = health(Mode.STRICT,
				List.of(new IpEntry(IpPrefix.parse("192.0.2.0/24"), null, NOW.plus(Duration.ofDays(3)), "e[0]"),
						new IpEntry(IpPrefix.parse("198.51.100.0/24"), null, NOW.plus(Duration.ofDays(30)), "e[1]"),
						new IpEntry(IpPrefix.parse("203.0.113.0/24"), null, null, "e[2]")));
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("liveEntries", 3).containsEntry("expiringCount", 1);
		assertThat(health.getDetails().get("expiring").toString()).contains("192.0.2.0/24").doesNotContain("198.51.100");
	}

	@Test
	@SuppressWarnings("unchecked")
	void tenantsAreSummedUpWithTheNearestExpiriesNotListedOneByOne() {
		io.github.ipwhitelist.rules.TenantTable tenants = new io.github.ipwhitelist.rules.TenantTable();
		for (int t = 0; t < 500; t++) {
			List<IpEntry> entries = List.of(new IpEntry(IpPrefix.parse("192.0.2." + (t % 250)), null,
					NOW.plus(Duration.ofHours(1 + t)), "t"));
			tenants.put(io.github.ipwhitelist.rules.TenantPolicy.compile("tenant-" + t, true, Mode.STRICT, entries,
					List.of(), null, "t", 0, NOW));
		}
		tenants.put(io.github.ipwhitelist.rules.TenantPolicy.compile("empty", true, Mode.STRICT, List.of(), List.of(),
				null, "t", 0, NOW));
		Health health = new IpWhitelistHealthIndicator(
				new RuleSetHolder(RuleSet.compile(Mode.PERMISSIVE, List.of(), List.of())), Clock.fixed(NOW, ZoneOffset.UTC),
				Duration.ofDays(7), null, tenants)
			.health();
		java.util.Map<String, Object> summary = (java.util.Map<String, Object>) health.getDetails().get("tenants");
		assertThat(summary).containsEntry("count", 501)
			.containsEntry("strictWithoutLiveEntries", 1)
			.containsEntry("expiringCount", 7 * 24 - 1)
			.containsEntry("tenantsWithExpiring", 7 * 24 - 1);
		List<java.util.Map<String, Object>> nearest = (List<java.util.Map<String, Object>>) summary.get("expiring");
		assertThat(nearest).hasSize(IpWhitelistHealthIndicator.MAX_TENANT_EXPIRING_LISTED);
		assertThat(nearest.get(0)).containsEntry("tenant", "tenant-0");
		assertThat(nearest.get(9)).containsEntry("tenant", "tenant-9");
	}

}
