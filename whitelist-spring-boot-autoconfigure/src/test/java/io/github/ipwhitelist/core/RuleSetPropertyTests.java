package io.github.ipwhitelist.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compiled rule set against a naive reference: a linear scan of every entry. Entries are
 * drawn from a small address space so that they overlap, with deny entries, both families and
 * expiries on both sides of the clock.
 */
class RuleSetPropertyTests {

	private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	@Provide
	Arbitrary<IpAddress> address() {
		// A few high bits vary, so addresses and prefixes collide often.
		Arbitrary<IpAddress> v4 = Arbitraries.integers().between(0, 0xFFF)
			.map((bits) -> IpAddress.ofIpv4(0x0A000000 | (bits << 8) | (bits & 0x3)));
		Arbitrary<IpAddress> v6 = Arbitraries.longs().between(0, 0xFFF)
			.map((bits) -> IpAddress.ofIpv6(0x20010DB8_00000000L | (bits << 16), bits & 0x3));
		Arbitrary<IpAddress> mapped = v4.map((a) -> IpAddress.ofIpv6(0, 0xFFFF_0000_0000L | a.lo()));
		return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, v4), net.jqwik.api.Tuple.of(4, v6),
				net.jqwik.api.Tuple.of(1, mapped));
	}

	@Provide
	Arbitrary<IpEntry> entry() {
		Arbitrary<@Nullable Instant> expiry = Arbitraries.frequencyOf(
				net.jqwik.api.Tuple.of(3, Arbitraries.just((Instant) null)),
				net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(-100, 100).map((s) -> NOW.plusSeconds(s))));
		return Combinators.combine(address(), Arbitraries.integers().between(0, 40), expiry).as((address, bias, at) -> {
			IpAddress unmapped = address.unmap();
			int length = unmapped.isIpv4() ? Math.min(32, 8 + bias % 25) : Math.min(128, 24 + bias * 3);
			return new IpEntry(IpPrefix.of(unmapped.mask(length), length), null, at, "e");
		});
	}

	@Provide
	Arbitrary<List<IpEntry>> entries() {
		return entry().list().ofMaxSize(60);
	}

	@Provide
	Arbitrary<List<IpAddress>> clients() {
		return address().list().ofMinSize(1).ofMaxSize(20);
	}

	@Provide
	Arbitrary<Instant> instant() {
		return Arbitraries.integers().between(-120, 120).map((s) -> NOW.plusSeconds(s));
	}

	@Property(tries = 500)
	void decideEqualsNaiveReference(@ForAll("entries") List<IpEntry> allow, @ForAll("entries") List<IpEntry> denyAll,
			@ForAll boolean strict, @ForAll("instant") Instant now, @ForAll("clients") List<IpAddress> clients) {
		List<IpEntry> deny = denyAll.subList(0, denyAll.size() / 3);
		Mode mode = strict ? Mode.STRICT : Mode.PERMISSIVE;
		RuleSet rules = RuleSet.compile(mode, allow, deny);
		List<IpAddress> probes = new ArrayList<>(clients);
		allow.forEach((e) -> probes.add(e.prefix().address()));
		deny.forEach((e) -> probes.add(e.prefix().address()));
		for (IpAddress client : probes) {
			Decision actual = rules.decide(client, now);
			IpAddress unmapped = client.unmap();
			IpEntry denied = longest(deny, unmapped, now, true);
			IpEntry listed = longest(allow, unmapped, now, true);
			Decision.Outcome expected;
			if (denied != null) {
				expected = Decision.Outcome.DENIED_BY_DENY_ENTRY;
			}
			else if (listed != null) {
				expected = Decision.Outcome.LISTED;
			}
			else {
				expected = strict ? Decision.Outcome.NOT_LISTED_DENIED : Decision.Outcome.NOT_LISTED_ALLOWED;
			}
			assertThat(actual.outcome()).as("%s at %s", client, now).isEqualTo(expected);
			IpEntry decider = (denied != null) ? denied : listed;
			if (decider != null) {
				assertThat(actual.entry().prefix()).isEqualTo(decider.prefix());
				assertThat(actual.entry().isLiveAt(now)).isTrue();
			}
			else {
				IpEntry expired = longest(allow, unmapped, now, false);
				assertThat((actual.expiredEntry() != null) ? actual.expiredEntry().prefix() : null)
					.isEqualTo((expired != null) ? expired.prefix() : null);
				assertThat(actual.strictListEmpty()).isEqualTo(strict && allow.stream().noneMatch((e) -> e.isLiveAt(now)));
			}
		}
	}

	private static @Nullable IpEntry longest(List<IpEntry> entries, IpAddress client, Instant now, boolean live) {
		IpEntry best = null;
		for (IpEntry entry : entries) {
			if (entry.isLiveAt(now) == live && entry.prefix().contains(client)
					&& (best == null || entry.prefix().length() > best.prefix().length())) {
				best = entry;
			}
		}
		return best;
	}

}
