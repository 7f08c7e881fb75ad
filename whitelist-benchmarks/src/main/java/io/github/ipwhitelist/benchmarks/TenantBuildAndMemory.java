package io.github.ipwhitelist.benchmarks;

import java.util.List;
import java.util.Map;

import io.github.ipwhitelist.rules.EntryFileParser;
import io.github.ipwhitelist.rules.IpEntry;
import io.github.ipwhitelist.rules.TenantPolicy;
import io.github.ipwhitelist.rules.TenantTable;

/**
 * Builds the tenant table of {@link TenantFixtures} from its file (100,000 tenants, 1,000,000
 * entries) several times and reports the time of each build, then the retained heap: the
 * entries as parsed (entry and prefix objects, descriptions, lists, ids), and what the tenant
 * tables add on top (the id map, the policies, their lookup arrays and lists). Used heap after
 * full collections.
 *
 * <pre>
 * java -Xms6g -Xmx6g -cp whitelist-benchmarks/target/benchmarks.jar io.github.ipwhitelist.benchmarks.TenantBuildAndMemory
 * </pre>
 */
public final class TenantBuildAndMemory {

	private TenantBuildAndMemory() {
	}

	public static void main(String[] args) throws Exception {
		byte[] file = new TenantFixtures(42).file;
		System.out.printf("tenants file: %d tenants, %d entries, %.1f MB%n", TenantFixtures.TENANTS,
				TenantFixtures.ENTRIES, file.length / 1e6);
		for (int round = 1; round <= 8; round++) {
			time(file, round);
		}
		measure(file);
	}

	private static void time(byte[] file, int round) {
		long start = System.nanoTime();
		EntryFileParser.TenantResult parsed = EntryFileParser.parseTenants("tenants.txt", file);
		long parsedAt = System.nanoTime();
		TenantTable table = compile(parsed);
		long end = System.nanoTime();
		System.out.printf("build %d: %d ms (parse %d ms, compile %d ms; %d tenants)%n", round, (end - start) / 1_000_000,
				(parsedAt - start) / 1_000_000, (end - parsedAt) / 1_000_000, table.size());
	}

	private static TenantTable compile(EntryFileParser.TenantResult parsed) {
		TenantTable table = new TenantTable();
		for (Map.Entry<String, List<IpEntry>> tenant : parsed.byTenant().entrySet()) {
			table.put(TenantPolicy.compile(tenant.getKey(), true, io.github.ipwhitelist.rules.Mode.STRICT,
					tenant.getValue(), List.of(), null, "tenants.txt", 0, Fixtures.NOW));
		}
		return table;
	}

	private static void measure(byte[] file) throws Exception {
		long base = MemoryFootprint.usedAfterGc();
		EntryFileParser.TenantResult parsed = EntryFileParser.parseTenants("tenants.txt", file);
		long afterParse = MemoryFootprint.usedAfterGc();
		TenantTable table = compile(parsed);
		long afterTables = MemoryFootprint.usedAfterGc();
		long lookupArrays = 0;
		for (TenantPolicy policy : table.policies()) {
			lookupArrays += policy.tableBytes(Fixtures.NOW);
		}
		int n = parsed.entryCount();
		System.out.printf("entries as parsed (entry and prefix objects, lists, ids): %.1f B/entry%n",
				(double) (afterParse - base) / n);
		System.out.printf("tenant tables on top (id map, policies, lookup arrays, their lists): %.1f B/entry, of which "
				+ "lookup arrays %.1f B/entry%n", (double) (afterTables - afterParse) / n, (double) lookupArrays / n);
		System.out.printf("everything: %.1f B/entry (%d tenants, %d entries)%n", (double) (afterTables - base) / n,
				table.size(), n);
	}

}
