package io.github.ipwhitelist.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.rules.EntryFileParser;
import io.github.ipwhitelist.rules.IpEntry;
import io.github.ipwhitelist.rules.Mode;
import io.github.ipwhitelist.rules.RuleSet;
import io.github.ipwhitelist.rules.TenantPolicy;
import io.github.ipwhitelist.rules.TenantTable;

/**
 * A tenants file as a large API provider would have it: {@value #TENANTS} tenants and
 * {@value #ENTRIES} entries, skewed: {@value #LARGE} large tenants share what the others leave,
 * every other tenant has 1 to 10 entries. Four entries in five are IPv4 (/32 or /24), the others
 * IPv6 (/48, /56, /64 or /128). Probes: tenants drawn at random, each with an address its list
 * holds (so both gates are walked to the end and pass), in each family.
 */
final class TenantFixtures {

	static final int TENANTS = 100_000;

	static final int ENTRIES = 1_000_000;

	static final int LARGE = 10;

	static final int PROBES = 4096;

	final byte[] file;

	final int entryCount;

	final String[] probeTenants = new String[PROBES];

	final IpAddress[] probeV4 = new IpAddress[PROBES];

	final IpAddress[] probeV6 = new IpAddress[PROBES];

	TenantFixtures(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		int[] sizes = new int[TENANTS];
		int small = 0;
		for (int t = LARGE; t < TENANTS; t++) {
			sizes[t] = 1 + random.nextInt(10);
			small += sizes[t];
		}
		for (int t = 0; t < LARGE; t++) {
			sizes[t] = (ENTRIES - small) / LARGE + ((t < (ENTRIES - small) % LARGE) ? 1 : 0);
		}
		StringBuilder text = new StringBuilder(ENTRIES * 32);
		int count = 0;
		for (int t = 0; t < TENANTS; t++) {
			String id = id(t);
			for (int i = 0; i < sizes[t]; i++) {
				text.append(id).append(' ').append(prefix(random)).append('\n');
				count++;
			}
		}
		this.file = text.toString().getBytes(StandardCharsets.UTF_8);
		this.entryCount = count;
	}

	static String id(int t) {
		return "tenant-" + t;
	}

	private static String prefix(SplittableRandom random) {
		if (random.nextInt(5) < 4) {
			int bits = random.nextInt();
			return random.nextBoolean() ? IpAddress.ofIpv4(bits).toString()
					: IpPrefix.of(IpAddress.ofIpv4(bits).mask(24), 24).toString();
		}
		int[] lengths = { 48, 56, 64, 128 };
		int length = lengths[random.nextInt(lengths.length)];
		IpAddress address = IpAddress.ofIpv6(0x2000_0000_0000_0000L | (random.nextLong() >>> 3), random.nextLong());
		return IpPrefix.of(address.mask(length), length).toString();
	}

	/**
	 * Builds the tenant table from the file: parse, then compile each tenant, as the loader does.
	 */
	static TenantTable build(byte[] file) {
		EntryFileParser.TenantResult result = EntryFileParser.parseTenants("tenants.txt", file);
		if (result.errorCount() > 0) {
			throw new IllegalStateException(result.errors().toString());
		}
		TenantTable table = new TenantTable();
		for (Map.Entry<String, List<IpEntry>> tenant : result.byTenant().entrySet()) {
			table.put(TenantPolicy.compile(tenant.getKey(), true, Mode.STRICT, tenant.getValue(), List.of(), null,
					"tenants.txt", 0, Fixtures.NOW));
		}
		return table;
	}

	/**
	 * Picks the probes: for random tenants, an address of each family that an entry of theirs
	 * holds (a tenant without entries of a family borrows another tenant's id for that probe).
	 */
	void pickProbes(TenantTable table, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		int v4 = 0;
		int v6 = 0;
		String[] v6Tenants = new String[PROBES];
		while (v4 < PROBES || v6 < PROBES) {
			// Most probes go to small tenants, as most requests would; one in ten to a large one.
			int t = (random.nextInt(10) == 0) ? random.nextInt(LARGE) : LARGE + random.nextInt(TENANTS - LARGE);
			String id = id(t);
			TenantPolicy policy = table.get(id);
			for (IpEntry entry : policy.allowEntries()) {
				IpAddress address = entry.prefix().address();
				if (address.isIpv4() && v4 < PROBES) {
					this.probeTenants[v4] = new String(id.toCharArray());
					this.probeV4[v4++] = address;
					break;
				}
				if (!address.isIpv4() && v6 < PROBES) {
					v6Tenants[v6] = new String(id.toCharArray());
					this.probeV6[v6++] = address;
					break;
				}
			}
		}
		this.v6Tenants = v6Tenants;
		for (int i = 0; i < PROBES; i++) {
			this.v4Lo[i] = this.probeV4[i].lo();
			this.v6Hi[i] = this.probeV6[i].hi();
			this.v6Lo[i] = this.probeV6[i].lo();
		}
	}

	String[] v6Tenants = new String[0];

	final long[] v4Lo = new long[PROBES];

	final long[] v6Hi = new long[PROBES];

	final long[] v6Lo = new long[PROBES];

	/**
	 * The global gate: a strict list of 10,000 prefixes that lets every probe through (0.0.0.0/0
	 * and 2000::/3 among them), so the global lookup runs its whole path.
	 */
	static RuleSet global() {
		List<IpEntry> allow = new ArrayList<>();
		SplittableRandom random = new SplittableRandom(7);
		for (int i = 0; i < 10_000; i++) {
			allow.add(new IpEntry(IpPrefix.parse(prefix(random)), null, null, "global"));
		}
		allow.add(new IpEntry(IpPrefix.parse("0.0.0.0/0"), null, null, "global"));
		allow.add(new IpEntry(IpPrefix.parse("2000::/3"), null, null, "global"));
		return RuleSet.compile(Mode.STRICT, allow, List.of(), Fixtures.NOW);
	}

}
