package io.github.ipwhitelist.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.support.Cases;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A tenant's policy decides exactly as the global rule set (itself checked against a naive
 * reference in {@link RuleSetPropertyTests}): the scanned form of small tenants, the compact
 * form without index of mid-sized ones, and the indexed form of large ones.
 */
class TenantPolicyPropertyTests {

	private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	@Test
	void scannedTenantsDecideAsTheRuleSet() {
		Cases.check(1000, (draw) -> {
			List<IpEntry> allow = draw.list(0, 20, RuleSetPropertyTests::entry);
			List<IpEntry> deny = draw.list(0, 12, RuleSetPropertyTests::entry);
			compare(draw.bool() ? Mode.STRICT : Mode.PERMISSIVE, allow, deny, RuleSetPropertyTests.instants(draw),
					draw.list(1, 20, RuleSetPropertyTests::address));
		});
	}

	@Test
	void compactTenantsDecideAsTheRuleSet() {
		Cases.check(200, (draw) -> {
			List<IpEntry> allow = draw.list(20, 400, RuleSetPropertyTests::entry);
			List<IpEntry> deny = draw.list(14, 100, RuleSetPropertyTests::entry);
			compare(draw.bool() ? Mode.STRICT : Mode.PERMISSIVE, allow, deny, RuleSetPropertyTests.instants(draw),
					draw.list(1, 20, RuleSetPropertyTests::address));
		});
	}

	@Test
	void largeTenantsWithAnIndexDecideAsTheRuleSet() {
		Cases.check(3, (draw) -> {
			// More intervals than a compact table keeps without index.
			List<IpEntry> allow = new ArrayList<>();
			for (int i = 0; i < 40_000; i++) {
				allow.add(new IpEntry(IpPrefix.single(IpAddress.ofIpv4(0x0A000000 + 2 * i + draw.between(0, 1))), null,
						null, "bulk"));
			}
			allow.addAll(draw.list(10, 100, RuleSetPropertyTests::entry));
			List<IpEntry> deny = draw.list(0, 50, RuleSetPropertyTests::entry);
			compare(Mode.STRICT, allow, deny, RuleSetPropertyTests.instants(draw),
					draw.list(50, 200, RuleSetPropertyTests::address));
		});
	}

	private static void compare(Mode mode, List<IpEntry> allow, List<IpEntry> deny, List<Instant> instants,
			List<IpAddress> clients) {
		RuleSet reference = RuleSet.compile(mode, allow, deny, instants.get(0));
		TenantPolicy policy = TenantPolicy.compile("acme", true, mode, allow, deny, null, "test", 0, instants.get(0));
		List<IpAddress> probes = new ArrayList<>(clients);
		for (List<IpEntry> list : List.of(allow, deny)) {
			for (IpEntry e : list.subList(0, Math.min(list.size(), 200))) {
				probes.add(e.prefix().address());
				IpAddress last = RuleSetPropertyTests.last(e.prefix());
				probes.add(last);
				probes.add(RuleSetPropertyTests.next(last));
			}
		}
		for (Instant now : instants) {
			for (IpAddress client : probes) {
				Decision expected = reference.decide(client, now);
				Decision actual = policy.decide(client, now);
				assertThat(actual.outcome()).as("%s at %s", client, now).isEqualTo(expected.outcome());
				assertThat(actual.entry()).as("entry deciding %s at %s", client, now).isSameAs(expected.entry());
				assertThat((actual.expiredEntry() != null) ? actual.expiredEntry().prefix() : null)
					.isEqualTo((expected.expiredEntry() != null) ? expected.expiredEntry().prefix() : null);
				assertThat(actual.strictListEmpty()).isEqualTo(expected.strictListEmpty());
				IpAddress unmapped = client.unmap();
				assertThat(policy.allows(unmapped.isIpv4(), unmapped.hi(), unmapped.lo(), now))
					.as("allows %s at %s", client, now)
					.isEqualTo(expected.allowed());
			}
		}
	}

	@Test
	void aDisabledGateAllowsEveryAddressButStillExplains() {
		IpEntry listed = new IpEntry(IpPrefix.parse("203.0.113.0/24"), "HQ", null, "test");
		TenantPolicy policy = TenantPolicy.compile("acme", false, Mode.STRICT, List.of(listed), List.of(), null, "test",
				0, NOW);
		IpAddress other = IpAddress.parse("198.51.100.1");
		assertThat(policy.allows(true, 0, other.lo(), NOW)).isTrue();
		assertThat(policy.decide(other, NOW).outcome()).isEqualTo(Decision.Outcome.NOT_LISTED_DENIED);
	}

	@Test
	void entriesOfOtherEnvironmentsTakeNoPart() {
		IpEntry sandbox = new IpEntry(IpPrefix.parse("192.0.2.0/24"), "sandbox", List.of("sandbox"), null, "t");
		IpEntry production = new IpEntry(IpPrefix.parse("203.0.113.0/24"), "prod", List.of("production"), null, "t");
		IpEntry everywhere = new IpEntry(IpPrefix.parse("198.51.100.0/24"), "office", null, "t");
		List<IpEntry> allow = List.of(sandbox, production, everywhere);
		TenantPolicy inProduction = TenantPolicy.compile("acme", true, Mode.STRICT, allow, List.of(), "production",
				"t", 0, NOW);
		assertThat(inProduction.decide(IpAddress.parse("203.0.113.5"), NOW).allowed()).isTrue();
		assertThat(inProduction.decide(IpAddress.parse("192.0.2.5"), NOW).allowed()).isFalse();
		assertThat(inProduction.decide(IpAddress.parse("198.51.100.5"), NOW).allowed()).isTrue();
		assertThat(inProduction.allowEntriesElsewhere()).containsExactly(sandbox);
		TenantPolicy noEnvironment = TenantPolicy.compile("acme", true, Mode.STRICT, allow, List.of(), null, "t", 0,
				NOW);
		assertThat(noEnvironment.allowEntries()).containsExactly(everywhere);
		RuleSet global = RuleSet.compile(Mode.STRICT, allow, List.of(), "sandbox", NOW);
		assertThat(global.decide(IpAddress.parse("192.0.2.5"), NOW).allowed()).isTrue();
		assertThat(global.decide(IpAddress.parse("203.0.113.5"), NOW).allowed()).isFalse();
		assertThat(global.allowEntriesElsewhere()).containsExactly(production);
	}

	@Test
	void tenantIdsAreCheckedCharacterByCharacter() {
		assertThat(TenantIds.isValid("acme")).isTrue();
		assertThat(TenantIds.isValid("Acme_Corp-2.eu")).isTrue();
		assertThat(TenantIds.isValid("a".repeat(64))).isTrue();
		for (String bad : new String[] { "", "a".repeat(65), "acme corp", "acme\n", "acme\u0000", "acmé", "a/b",
				"a:b", "../x", "\u0430cme" }) {
			assertThat(TenantIds.isValid(bad)).as(bad).isFalse();
		}
		assertThatIllegalArgumentException().isThrownBy(
				() -> TenantPolicy.compile("acme corp", true, Mode.STRICT, List.of(), List.of(), null, "t", 0, NOW));
	}

	@Test
	void oneTenantIsReplacedWithoutTouchingTheOthers() {
		TenantTable table = new TenantTable();
		TenantPolicy acme = TenantPolicy.compile("acme", true, Mode.STRICT, List.of(), List.of(), null, "t", 0, NOW);
		TenantPolicy globex = TenantPolicy.compile("globex", true, Mode.PERMISSIVE, List.of(), List.of(), null, "t", 0,
				NOW);
		table.put(acme);
		table.put(globex);
		TenantPolicy acme2 = TenantPolicy.compile("acme", false, Mode.STRICT, List.of(), List.of(), null, "t", 1, NOW);
		assertThat(table.put(acme2)).isSameAs(acme);
		assertThat(table.get("globex")).isSameAs(globex);
		assertThat(table.get("acme")).isSameAs(acme2);
		assertThat(table.page(0, 1)).containsExactly(acme2);
		assertThat(table.page(1, 1)).containsExactly(globex);
		assertThat(table.page(2, 1)).isEmpty();
		table.remove("acme");
		assertThat(table.get("acme")).isNull();
		assertThat(table.size()).isEqualTo(1);
		assertThat(table.page(0, 10)).containsExactly(globex);
		assertThat(table.get(null)).isNull();
	}

}
