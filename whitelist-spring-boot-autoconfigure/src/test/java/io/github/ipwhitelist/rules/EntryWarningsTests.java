package io.github.ipwhitelist.rules;

import java.time.Instant;
import java.util.List;

import io.github.ipwhitelist.address.IpPrefix;
import org.junit.jupiter.api.Test;

import static io.github.ipwhitelist.rules.RuleSetTests.entry;
import static org.assertj.core.api.Assertions.assertThat;

class EntryWarningsTests {

	private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	@Test
	void checkWhenStrictAndEmptyThenFailClosedWarning() {
		assertThat(EntryWarnings.check(Mode.STRICT, List.of(), List.of(), NOW))
			.containsExactly("strict mode with no live entries: every guarded request will be denied");
	}

	@Test
	void checkWhenStrictAndAllExpiredThenFailClosedWarning() {
		assertThat(EntryWarnings.check(Mode.STRICT, List.of(entry("10.1.0.0/16", "x", NOW)), List.of(), NOW))
			.contains("strict mode with no live entries: every guarded request will be denied");
	}

	@Test
	void checkWhenPermissiveAndEmptyThenNothing() {
		assertThat(EntryWarnings.check(Mode.PERMISSIVE, List.of(), List.of(), NOW)).isEmpty();
	}

	@Test
	void checkWhenSlashZeroThenLoudWarning() {
		assertThat(EntryWarnings.check(Mode.STRICT, List.of(entry("0.0.0.0/0"), entry("::/0")), List.of(), NOW))
			.contains("test[0.0.0.0/0] '0.0.0.0/0' allows every IPv4 address",
					"test[::/0] '::/0' allows every IPv6 address");
	}

	@Test
	void checkWhenBroadRangesThenWarning() {
		List<String> warnings = EntryWarnings.check(Mode.STRICT,
				List.of(entry("10.0.0.0/8"), entry("10.0.0.0/7"), entry("11.0.0.0/9"), entry("2001:db8::/32"),
						entry("2001:db8::/33")),
				List.of(), NOW);
		assertThat(warnings).anyMatch((w) -> w.startsWith("test[10.0.0.0/8] '10.0.0.0/8' is a very broad range"))
			.anyMatch((w) -> w.startsWith("test[10.0.0.0/7] '10.0.0.0/7' is a very broad range"))
			.anyMatch((w) -> w.startsWith("test[2001:db8::/32] '2001:db8::/32' is a very broad range"))
			.noneMatch((w) -> w.startsWith("test[11.0.0.0/9] '11.0.0.0/9' is a very broad"))
			.noneMatch((w) -> w.startsWith("test[2001:db8::/33] '2001:db8::/33' is a very broad"));
	}

	@Test
	void checkWhenDuplicateAndShadowedThenWarning() {
		IpEntry first = new IpEntry(IpPrefix.parse("192.0.2.0/24"), null, null, "ip-whitelist.entries[0]");
		IpEntry duplicate = new IpEntry(IpPrefix.parse("192.0.2.0/24"), null, null, "ip-whitelist.entries[1]");
		IpEntry shadowed = new IpEntry(IpPrefix.parse("192.0.2.7"), null, null, "ip-whitelist.entries[2]");
		IpEntry outlived = new IpEntry(IpPrefix.parse("198.51.100.0/24"), null, NOW.plusSeconds(5),
				"ip-whitelist.entries[3]");
		IpEntry longer = new IpEntry(IpPrefix.parse("198.51.100.9"), null, null, "ip-whitelist.entries[4]");
		List<String> warnings = EntryWarnings.check(Mode.STRICT, List.of(first, duplicate, shadowed, outlived, longer),
				List.of(), NOW);
		assertThat(warnings).containsExactly(
				"ip-whitelist.entries[1] '192.0.2.0/24' duplicates ip-whitelist.entries[0]",
				"ip-whitelist.entries[2] '192.0.2.7' is shadowed by allow entry ip-whitelist.entries[0] '192.0.2.0/24'");
	}

	@Test
	void checkWhenAllowEntryCoveredByDenyThenNeverMatches() {
		IpEntry allow = new IpEntry(IpPrefix.parse("192.0.2.7"), null, null, "ip-whitelist.entries[0]");
		IpEntry deny = new IpEntry(IpPrefix.parse("192.0.2.0/24"), null, null, "ip-whitelist.deny[0]");
		assertThat(EntryWarnings.check(Mode.STRICT, List.of(allow), List.of(deny), NOW)).containsExactly(
				"ip-whitelist.entries[0] '192.0.2.7' never matches: deny entry ip-whitelist.deny[0] '192.0.2.0/24'"
						+ " covers it and deny wins");
	}

}
