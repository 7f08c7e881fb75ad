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

	@Test
	void aStrictTenantWithoutLiveEntriesDeniesEveryAddress() {
		IpEntry gone = new IpEntry(IpPrefix.parse("203.0.113.0/24"), "ended", NOW.minusSeconds(1), "t");
		for (List<IpEntry> allow : List.of(List.<IpEntry>of(), List.of(gone))) {
			TenantPolicy policy = TenantPolicy.compile("acme", true, Mode.STRICT, allow, List.of(), null, "t", 0, NOW);
			Decision decision = policy.decide(IpAddress.parse("203.0.113.5"), NOW);
			assertThat(decision.allowed()).isFalse();
			assertThat(decision.strictListEmpty()).isTrue();
			assertThat(policy.allows(true, 0, IpAddress.parse("203.0.113.5").lo(), NOW)).isFalse();
		}
	}

	@Test
	void ipv4MappedClientsAndWholeSpacePrefixesDecideAsIpv4() {
		IpEntry all = new IpEntry(IpPrefix.parse("0.0.0.0/0"), "all", null, "t");
		IpEntry v6 = new IpEntry(IpPrefix.parse("::/0"), "all v6", null, "t");
		IpEntry deny = new IpEntry(IpPrefix.parse("192.0.2.1"), "blocked", null, "t");
		TenantPolicy policy = TenantPolicy.compile("acme", true, Mode.STRICT, List.of(all, v6), List.of(deny), null, "t",
				0, NOW);
		assertThat(policy.decide(IpAddress.parse("::ffff:198.51.100.1"), NOW).entry()).isSameAs(all);
		assertThat(policy.decide(IpAddress.parse("::ffff:192.0.2.1"), NOW).entry()).isSameAs(deny);
		assertThat(policy.decide(IpAddress.parse("2001:db8::1"), NOW).entry()).isSameAs(v6);
	}

	@Test
	void theTenantIndexAgreesWithAMapThroughPutsRemovesAndGrowth() {
		Cases.check(20, (draw) -> {
			TenantTable table = new TenantTable();
			java.util.Map<String, TenantPolicy> reference = new java.util.HashMap<>();
			int operations = draw.between(100, 3000);
			for (int i = 0; i < operations; i++) {
				String id = "t" + draw.between(0, 400);
				if (draw.chance(1, 4)) {
					assertThat(table.remove(id)).isSameAs(reference.remove(id));
				}
				else {
					List<IpEntry> allow = draw.list(0, 3, RuleSetPropertyTests::entry);
					TenantPolicy policy = TenantPolicy.compile(id, draw.chance(4, 5),
							draw.bool() ? Mode.STRICT : Mode.PERMISSIVE, allow, List.of(), null, "t", i, NOW);
					assertThat(table.put(policy)).isSameAs(reference.put(id, policy));
				}
			}
			assertThat(table.size()).isEqualTo(reference.size());
			for (int t = 0; t <= 400; t++) {
				String id = new String(("t" + t).toCharArray());
				TenantPolicy expected = reference.get(id);
				assertThat(table.get(id)).isSameAs(expected);
				IpAddress probe = RuleSetPropertyTests.address(draw).unmap();
				boolean passes = expected == null || expected.allows(probe.isIpv4(), probe.hi(), probe.lo(), NOW);
				assertThat(table.allows(id, probe.isIpv4(), probe.hi(), probe.lo(), NOW)).isEqualTo(passes);
			}
			assertThat(table.get("t401")).isNull();
			assertThat(table.get("t1\u00e9")).isNull();
			assertThat(table.page(0, 1000)).hasSize(reference.size());
		});
	}

	@Test
	void readersNeverSeeAMixWhileWritersReplaceAndGrow() throws Exception {
		TenantTable table = new TenantTable();
		java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
		java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
		Thread reader = new Thread(() -> {
			try {
				while (!stop.get()) {
					for (int t = 0; t < 2000; t++) {
						TenantPolicy policy = table.get("t" + t);
						if (policy != null && !policy.tenant().equals("t" + t)) {
							throw new AssertionError("got " + policy.tenant() + " for t" + t);
						}
					}
				}
			}
			catch (Throwable ex) {
				failure.set(ex);
			}
		});
		reader.start();
		for (int round = 0; round < 5; round++) {
			for (int t = 0; t < 2000; t++) {
				table.put(TenantPolicy.compile("t" + t, true, Mode.STRICT, List.of(), List.of(), null, "t", round, NOW));
			}
			for (int t = 0; t < 2000; t += 3) {
				table.remove("t" + t);
			}
		}
		stop.set(true);
		reader.join();
		assertThat(failure.get()).isNull();
		assertThat(table.size()).isEqualTo(2000 - 667);
	}

}
