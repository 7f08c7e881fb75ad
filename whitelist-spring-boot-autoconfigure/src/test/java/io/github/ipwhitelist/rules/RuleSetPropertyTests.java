package io.github.ipwhitelist.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.ipwhitelist.address.AddressBuffer;
import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.support.Cases;
import io.github.ipwhitelist.support.Cases.Draw;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compiled rule set against a naive reference: a linear scan of every entry. Entries are
 * drawn from a small address space so that they overlap, with deny entries, both families and
 * expiries on both sides of the clock. Seeded cases, see {@link Cases}.
 */
public class RuleSetPropertyTests {

	private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	private static final AtomicInteger ORIGINS = new AtomicInteger();

	public static IpAddress address(Draw draw) {
		// A few high bits vary, so addresses and prefixes collide often.
		int kind = draw.between(0, 9);
		if (kind < 5 || kind == 9) {
			int bits = draw.between(0, 0xFFF);
			IpAddress v4 = IpAddress.ofIpv4(0x0A000000 | (bits << 8) | (bits & 0x3));
			return (kind == 9) ? IpAddress.ofIpv6(0, 0xFFFF_0000_0000L | v4.lo()) : v4;
		}
		// IPv6 spans four top 16-bit groups (2000:: to 2003::), so that short prefixes cross the
		// boundaries at which the lookup table cuts its intervals.
		long bits = draw.between(0L, 0xFFFL);
		return IpAddress.ofIpv6(((0x2000L + (bits >>> 10)) << 48) | 0x0DB8_0000_0000L | ((bits & 0x3FF) << 16),
				bits & 0x3);
	}

	public static IpEntry entry(Draw draw) {
		IpAddress unmapped = address(draw).unmap();
		int bias = draw.between(0, 40);
		@Nullable Instant at = draw.chance(3, 5) ? null : NOW.plusSeconds(draw.between(-100, 100));
		int length = unmapped.isIpv4() ? Math.min(32, 8 + bias % 25) : Math.min(128, 12 + bias * 3);
		// A distinct origin each, so that the entry deciding can be told from its duplicates.
		return new IpEntry(IpPrefix.of(unmapped.mask(length), length), null, at, "e" + ORIGINS.incrementAndGet());
	}

	static List<Instant> instants(Draw draw) {
		return draw.list(1, 4, (d) -> NOW.plusSeconds(d.between(-120, 120)));
	}

	@Test
	void decideEqualsNaiveReference() {
		Cases.check(500, (draw) -> {
			List<IpEntry> allow = draw.list(0, 60, RuleSetPropertyTests::entry);
			List<IpEntry> denyAll = draw.list(0, 60, RuleSetPropertyTests::entry);
			boolean strict = draw.bool();
			List<Instant> instants = instants(draw);
			List<IpAddress> clients = draw.list(1, 20, RuleSetPropertyTests::address);
			List<IpEntry> deny = denyAll.subList(0, denyAll.size() / 3);
			Mode mode = strict ? Mode.STRICT : Mode.PERMISSIVE;
			// One rule set asked at several instants in random order: its lookup table is rebuilt
			// whenever the clock crosses an expiry, forwards or backwards.
			RuleSet rules = RuleSet.compile(mode, allow, deny, instants.get(0));
			for (Instant now : instants) {
				check(rules, allow, deny, strict, now, clients);
			}
		});
	}

	@Test
	void largeSetsEqualNaiveReference() {
		Cases.check(20, (draw) -> {
			List<IpEntry> allow = draw.list(500, 2000, RuleSetPropertyTests::entry);
			List<IpEntry> denyAll = draw.list(500, 2000, RuleSetPropertyTests::entry);
			boolean strict = draw.bool();
			List<Instant> instants = instants(draw);
			List<IpAddress> clients = draw.list(1, 20, RuleSetPropertyTests::address);
			List<IpEntry> deny = denyAll.subList(0, denyAll.size() / 4);
			RuleSet rules = RuleSet.compile(strict ? Mode.STRICT : Mode.PERMISSIVE, allow, deny);
			for (Instant now : instants) {
				check(rules, allow, deny, strict, now, clients.subList(0, Math.min(clients.size(), 5)));
			}
		});
	}

	private static void check(RuleSet rules, List<IpEntry> allow, List<IpEntry> deny, boolean strict, Instant now,
			List<IpAddress> clients) {
		List<IpAddress> probes = new ArrayList<>(clients);
		for (List<IpEntry> list : List.of(allow, deny)) {
			for (IpEntry e : list) {
				// First address, last address, and the address right after the prefix.
				probes.add(e.prefix().address());
				IpAddress last = last(e.prefix());
				probes.add(last);
				probes.add(next(last));
			}
		}
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
			assertThat(rules.allows(client, now)).as("allows %s at %s", client, now).isEqualTo(expected.allowed());
			AddressBuffer buffer = new AddressBuffer().parseClient(client.toString());
			assertThat(rules.allows(buffer, now)).isEqualTo(expected.allowed());
			IpEntry decider = (denied != null) ? denied : listed;
			if (decider != null) {
				// The most specific entry, and among duplicates the first listed.
				assertThat(actual.entry()).as("entry deciding %s at %s", client, now).isSameAs(decider);
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

	static IpAddress last(IpPrefix prefix) {
		IpAddress a = prefix.address();
		int length = prefix.length();
		if (a.isIpv4()) {
			long hostBits = (length == 32) ? 0 : (0xFFFF_FFFFL >>> length);
			return IpAddress.ofIpv4((int) (a.lo() | hostBits));
		}
		long hiBits = (length >= 64) ? 0 : (-1L >>> length);
		long loBits = (length <= 64) ? -1L : (length == 128) ? 0 : (-1L >>> (length - 64));
		return IpAddress.ofIpv6(a.hi() | hiBits, a.lo() | loBits);
	}

	static IpAddress next(IpAddress a) {
		if (a.isIpv4()) {
			return IpAddress.ofIpv4((int) a.lo() + 1);
		}
		long lo = a.lo() + 1;
		return IpAddress.ofIpv6((lo == 0) ? a.hi() + 1 : a.hi(), lo);
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
