package io.github.ipwhitelist.event;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.event.IpWhitelistEntryExpiryEvent.Kind;
import io.github.ipwhitelist.it.MutableClock;
import io.github.ipwhitelist.rules.IpEntry;
import io.github.ipwhitelist.rules.Mode;
import io.github.ipwhitelist.rules.RuleSet;
import io.github.ipwhitelist.rules.RuleSetHolder;
import io.github.ipwhitelist.rules.TenantPolicy;
import io.github.ipwhitelist.rules.TenantTable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expiry events: once when an entry comes within the warning period, once when it expires, for
 * the global list and every tenant; an entry already close to its expiry is announced when first
 * seen, also when a replaced list gains it.
 */
class ExpiryNotifierTests {

	private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

	private final MutableClock clock = new MutableClock(START);

	private final List<IpWhitelistEntryExpiryEvent> events = new ArrayList<>();

	private static IpEntry entry(String prefix, Instant expiresAt) {
		return new IpEntry(IpPrefix.parse(prefix), "contractor", expiresAt, "test");
	}

	private TenantPolicy tenant(String id, IpEntry... entries) {
		return TenantPolicy.compile(id, true, Mode.STRICT, List.of(entries), List.of(), null, "test", 0,
				this.clock.instant());
	}

	private List<String> drain() {
		List<String> result = this.events.stream()
			.map((e) -> e.getKind() + " " + e.getTenant() + " " + e.getEntry().prefix())
			.toList();
		this.events.clear();
		return result;
	}

	@Test
	void eachEntryIsAnnouncedOnceWhenItComesCloseAndOnceWhenItExpires() {
		RuleSetHolder global = new RuleSetHolder(
				RuleSet.compile(Mode.STRICT, List.of(entry("203.0.113.0/24", START.plus(Duration.ofDays(10)))), List.of()));
		TenantTable tenants = new TenantTable();
		tenants.put(tenant("acme", entry("198.51.100.7", START.plus(Duration.ofDays(3))),
				entry("198.51.100.8", START.plus(Duration.ofDays(30)))));
		ExpiryNotifier notifier = new ExpiryNotifier(global, tenants, Duration.ofDays(7), this.clock, this,
				this.events::add);
		notifier.run();
		// Already within 7 days at startup: announced at once.
		assertThat(drain()).containsExactly("EXPIRING_SOON acme 198.51.100.7");
		notifier.run();
		assertThat(drain()).isEmpty();
		this.clock.advance(Duration.ofDays(3).plusSeconds(1));
		notifier.run();
		assertThat(drain()).containsExactlyInAnyOrder("EXPIRING_SOON null 203.0.113.0/24", "EXPIRED acme 198.51.100.7");
		this.clock.advance(Duration.ofDays(1));
		notifier.run();
		notifier.run();
		assertThat(drain()).isEmpty();
		this.clock.advance(Duration.ofDays(20));
		notifier.run();
		assertThat(drain()).containsExactlyInAnyOrder("EXPIRED null 203.0.113.0/24",
				"EXPIRING_SOON acme 198.51.100.8");
	}

	@Test
	void aReplacedListAnnouncesOnlyTheEntriesItGained() {
		RuleSetHolder global = new RuleSetHolder(RuleSet.compile(Mode.STRICT, List.of(), List.of()));
		TenantTable tenants = new TenantTable();
		IpEntry kept = entry("198.51.100.7", START.plus(Duration.ofDays(2)));
		tenants.put(tenant("acme", kept));
		ExpiryNotifier notifier = new ExpiryNotifier(global, tenants, Duration.ofDays(7), this.clock, this,
				this.events::add);
		notifier.run();
		assertThat(drain()).containsExactly("EXPIRING_SOON acme 198.51.100.7");
		this.clock.advance(Duration.ofHours(1));
		tenants.put(tenant("acme", kept, entry("192.0.2.1", START.plus(Duration.ofDays(1)))));
		notifier.run();
		assertThat(drain()).containsExactly("EXPIRING_SOON acme 192.0.2.1");
		this.clock.advance(Duration.ofDays(3));
		notifier.run();
		assertThat(drain()).containsExactlyInAnyOrder("EXPIRED acme 198.51.100.7", "EXPIRED acme 192.0.2.1");
		assertThat(this.events).isEmpty();
		assertThat(new IpWhitelistEntryExpiryEvent(this, Kind.EXPIRED, "acme", kept, START).toString())
			.contains("acme");
	}

}
