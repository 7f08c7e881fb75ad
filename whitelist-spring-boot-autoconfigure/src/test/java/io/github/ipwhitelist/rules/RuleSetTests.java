package io.github.ipwhitelist.rules;

import java.time.Instant;
import java.util.List;

import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.address.IpPrefix;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RuleSetTests {

	private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	static IpEntry entry(String prefix) {
		return new IpEntry(IpPrefix.parse(prefix), null, null, "test[" + prefix + "]");
	}

	static IpEntry entry(String prefix, String description, Instant expiresAt) {
		return new IpEntry(IpPrefix.parse(prefix), description, expiresAt, "test[" + prefix + "]");
	}

	static IpAddress ip(String text) {
		return IpAddress.parseClient(text);
	}

	@Nested
	class Strict {

		@Test
		void decideWhenListedThenAllowedByLongestEntry() {
			RuleSet rules = RuleSet.compile(Mode.STRICT, List.of(entry("10.0.0.0/8"), entry("10.1.0.0/16")), List.of());
			Decision decision = rules.decide(ip("10.1.2.3"), NOW);
			assertThat(decision.allowed()).isTrue();
			assertThat(decision.outcome()).isEqualTo(Decision.Outcome.LISTED);
			assertThat(decision.entry().prefix()).hasToString("10.1.0.0/16");
			assertThat(decision.reason()).isEqualTo("listed by 10.1.0.0/16");
		}

		@Test
		void decideWhenNotListedThenDenied() {
			RuleSet rules = RuleSet.compile(Mode.STRICT, List.of(entry("10.0.0.0/8")), List.of());
			Decision decision = rules.decide(ip("192.0.2.1"), NOW);
			assertThat(decision.allowed()).isFalse();
			assertThat(decision.outcome()).isEqualTo(Decision.Outcome.NOT_LISTED_DENIED);
			assertThat(decision.entry()).isNull();
			assertThat(decision.strictListEmpty()).isFalse();
		}

		@Test
		void decideWhenListEmptyThenEveryAddressDenied() {
			RuleSet rules = RuleSet.compile(Mode.STRICT, List.of(), List.of());
			for (String address : List.of("0.0.0.0", "127.0.0.1", "::", "::1", "203.0.113.9")) {
				Decision decision = rules.decide(ip(address), NOW);
				assertThat(decision.allowed()).as(address).isFalse();
				assertThat(decision.strictListEmpty()).isTrue();
				assertThat(decision.reason()).contains("strict mode has no live entries");
			}
		}

		@Test
		void decideWhenDenyEntryCoversListedAddressThenDenyWins() {
			RuleSet rules = RuleSet.compile(Mode.STRICT, List.of(entry("203.0.113.0/24")),
					List.of(entry("203.0.113.66", "scraper", null)));
			Decision decision = rules.decide(ip("203.0.113.66"), NOW);
			assertThat(decision.allowed()).isFalse();
			assertThat(decision.outcome()).isEqualTo(Decision.Outcome.DENIED_BY_DENY_ENTRY);
			assertThat(decision.reason()).isEqualTo("denied by deny entry 203.0.113.66 (scraper)");
			assertThat(rules.decide(ip("203.0.113.67"), NOW).allowed()).isTrue();
		}

		@Test
		void decideWhenDenyEntryBroaderThanAllowThenDenyStillWins() {
			RuleSet rules = RuleSet.compile(Mode.STRICT, List.of(entry("10.1.2.3")), List.of(entry("10.0.0.0/8")));
			assertThat(rules.decide(ip("10.1.2.3"), NOW).allowed()).isFalse();
		}

		@Test
		void decideWhenMappedClientThenMatchedAsIpv4() {
			RuleSet rules = RuleSet.compile(Mode.STRICT, List.of(entry("192.0.2.0/24")), List.of());
			Decision decision = rules.decide(IpAddress.parse("::ffff:192.0.2.1"), NOW);
			assertThat(decision.allowed()).isTrue();
			assertThat(decision.address()).hasToString("192.0.2.1");
		}

		@Test
		void decideWhenFamiliesDifferThenNeverMatched() {
			RuleSet rules = RuleSet.compile(Mode.STRICT, List.of(entry("0.0.0.0/0")), List.of());
			assertThat(rules.decide(ip("2001:db8::1"), NOW).allowed()).isFalse();
			RuleSet v6 = RuleSet.compile(Mode.STRICT, List.of(entry("::/0")), List.of());
			assertThat(v6.decide(ip("192.0.2.1"), NOW).allowed()).isFalse();
			assertThat(v6.decide(ip("::ffff:192.0.2.1"), NOW).allowed()).isFalse();
		}

		@Test
		void decideWhenIpv6CidrThenByPrefix() {
			RuleSet rules = RuleSet.compile(Mode.STRICT, List.of(entry("2001:db8:abcd::/48")), List.of());
			assertThat(rules.decide(ip("2001:db8:abcd:12::1"), NOW).allowed()).isTrue();
			assertThat(rules.decide(ip("2001:db8:abce::1"), NOW).allowed()).isFalse();
		}

	}

	@Nested
	class Expiry {

		@Test
		void decideWhenEntryExpiresThenStopsMatchingAtThatInstant() {
			Instant expiry = NOW.plusSeconds(60);
			RuleSet rules = RuleSet.compile(Mode.STRICT, List.of(entry("198.51.100.0/24", "contractor", expiry)),
					List.of());
			assertThat(rules.decide(ip("198.51.100.7"), expiry.minusNanos(1)).allowed()).isTrue();
			Decision after = rules.decide(ip("198.51.100.7"), expiry);
			assertThat(after.allowed()).isFalse();
			assertThat(after.expiredEntry().prefix()).hasToString("198.51.100.0/24");
			assertThat(after.reason()).startsWith(
					"entry 198.51.100.0/24 (contractor) expired at 2026-06-01T12:01:00Z; not listed");
			assertThat(after.strictListEmpty()).isTrue();
		}

		@Test
		void decideWhenExpiredEntryAndBroaderLiveEntryThenLiveEntryDecides() {
			RuleSet rules = RuleSet.compile(Mode.STRICT,
					List.of(entry("10.1.0.0/16", "old", NOW.minusSeconds(1)), entry("10.0.0.0/8")), List.of());
			Decision decision = rules.decide(ip("10.1.0.1"), NOW);
			assertThat(decision.allowed()).isTrue();
			assertThat(decision.entry().prefix()).hasToString("10.0.0.0/8");
		}

		@Test
		void decideWhenDenyEntryExpiredThenNoLongerDenies() {
			RuleSet rules = RuleSet.compile(Mode.STRICT, List.of(entry("10.0.0.0/8")),
					List.of(entry("10.0.0.1", "ban", NOW)));
			assertThat(rules.decide(ip("10.0.0.1"), NOW.minusSeconds(1)).allowed()).isFalse();
			assertThat(rules.decide(ip("10.0.0.1"), NOW).allowed()).isTrue();
		}

		@Test
		void decideWhenNextTablePreparedThenExpiryStillExact() {
			Instant expiry = NOW.plusSeconds(30);
			RuleSet rules = RuleSet.compile(Mode.STRICT, List.of(entry("10.0.0.0/8", "temp", expiry)), List.of(),
					NOW);
			assertThat(rules.hasExpiries()).isTrue();
			rules.prepare(expiry);
			assertThat(rules.allows(ip("10.1.1.1"), expiry.minusNanos(1))).isTrue();
			assertThat(rules.allows(ip("10.1.1.1"), expiry)).isFalse();
			assertThat(rules.decide(ip("10.1.1.1"), expiry).expiredEntry().description()).isEqualTo("temp");
			// A clock moving back before the expiry sees the entry again.
			assertThat(rules.allows(ip("10.1.1.1"), NOW)).isTrue();
		}

		@Test
		void nextExpiryWhenEntriesExpireThenEarliestAfterNow() {
			RuleSet rules = RuleSet.compile(Mode.STRICT,
					List.of(entry("10.0.0.0/8", "a", NOW.plusSeconds(10)), entry("11.0.0.0/8", "b", NOW.minusSeconds(1))),
					List.of(entry("12.0.0.1", "c", NOW.plusSeconds(5))));
			assertThat(rules.nextExpiry(NOW)).isEqualTo(NOW.plusSeconds(5));
			assertThat(rules.liveAllowCount(NOW)).isEqualTo(1);
			assertThat(rules.hasLiveAllowEntry(NOW.plusSeconds(10))).isFalse();
		}

	}

	@Nested
	class Permissive {

		@Test
		void decideWhenNotListedThenAllowedAndMarkedUnlisted() {
			RuleSet rules = RuleSet.compile(Mode.PERMISSIVE, List.of(entry("10.0.0.0/8")),
					List.of(entry("203.0.113.0/24")));
			Decision unlisted = rules.decide(ip("192.0.2.1"), NOW);
			assertThat(unlisted.allowed()).isTrue();
			assertThat(unlisted.outcome()).isEqualTo(Decision.Outcome.NOT_LISTED_ALLOWED);
			assertThat(unlisted.reason()).contains("strict mode would deny it");
			assertThat(rules.decide(ip("10.0.0.1"), NOW).outcome()).isEqualTo(Decision.Outcome.LISTED);
			assertThat(rules.decide(ip("203.0.113.5"), NOW).allowed()).isFalse();
		}

		@Test
		void decideWhenEmptyListThenEveryoneAllowed() {
			RuleSet rules = RuleSet.compile(Mode.PERMISSIVE, List.of(), List.of());
			assertThat(rules.decide(ip("192.0.2.1"), NOW).allowed()).isTrue();
			assertThat(rules.decide(ip("::1"), NOW).allowed()).isTrue();
		}

	}

}
