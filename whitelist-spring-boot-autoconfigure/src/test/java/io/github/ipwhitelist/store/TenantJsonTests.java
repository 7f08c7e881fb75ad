package io.github.ipwhitelist.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.rules.IpEntry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's JSON: what it writes reads back the same on the one-pass fast path and on the
 * checking tree path; anything else leaves the fast path for the checking one.
 */
class TenantJsonTests {

	@Test
	void storedEntriesReadBackTheSameOnBothPaths() {
		SplittableRandom random = new SplittableRandom(3);
		for (int round = 0; round < 200; round++) {
			List<IpEntry> entries = new ArrayList<>();
			for (int i = 0; i < random.nextInt(12); i++) {
				IpPrefix prefix = random.nextBoolean() ? IpPrefix.single(IpAddress.ofIpv4(random.nextInt()))
						: IpPrefix.of(IpAddress.ofIpv6(random.nextLong(), random.nextLong()).mask(64), 64);
				if (entries.stream().anyMatch((e) -> e.prefix().equals(prefix))) {
					continue;
				}
				String description = random.nextBoolean() ? null : "entry \"" + i + "\" é";
				Instant expiry = random.nextBoolean() ? null : Instant.ofEpochSecond(1_800_000_000L + random.nextInt());
				List<String> environments = random.nextBoolean() ? List.of() : List.of("sandbox", "prod-" + i);
				entries.add(new IpEntry(prefix, description, environments, expiry, "test"));
			}
			String json = TenantJson.stored(entries);
			List<IpEntry> fast = TenantJson.storedEntries(json);
			List<Violation> violations = new ArrayList<>();
			List<IpEntry> checked = TenantJson.entries(TenantJson.parse(json, violations), "/entries", violations);
			assertThat(violations).isEmpty();
			assertThat(fast).isNotNull();
			assertThat(describe(fast)).isEqualTo(describe(checked)).isEqualTo(describe(entries));
		}
	}

	@Test
	void anythingTheStoreDoesNotWriteLeavesTheFastPathAndIsNamed() {
		for (String json : List.of("[\"10.0.0.1/8\"]", "[{\"address\": \"1.2.3.04\"}]", "[\"1.2.3.4\", \"1.2.3.4\"]",
				"[{\"address\": \"1.2.3.4\", \"colour\": 1}]", "[{\"address\": \"1.2.3.4\", \"expiresAt\": \"soon\"}]",
				"[{\"address\": \"1.2.3.4\", \"environments\": [\"a b\"]}]", "[{\"description\": \"x\"}]",
				"[{\"address\": \"1.2.3.4\", \"address\": \"1.2.3.5\"}]", "{}", "[1]", "[\"1.2.3.4\"] trailing",
				"[{\"address\": \"1.2.3.4\", \"note\": null}]")) {
			assertThat(TenantJson.storedEntries(json)).as(json).isNull();
			List<Violation> violations = new ArrayList<>();
			TenantJson.entries(TenantJson.parse(json, violations), "/entries", violations);
			assertThat(violations).as(json).isNotEmpty();
		}
	}

	private static List<String> describe(List<IpEntry> entries) {
		return entries.stream()
			.map((e) -> e.prefix() + "|" + e.description() + "|" + e.expiresAt() + "|" + e.environments())
			.toList();
	}

}
