package io.github.ipwhitelist.benchmarks;

import java.lang.management.ManagementFactory;

import io.github.ipwhitelist.core.RuleSet;

/**
 * Retained memory per entry of a rule set of 1M entries: the lookup table alone, and everything
 * (entry objects included), measured as used heap after full collections.
 *
 * <pre>
 * java -cp whitelist-benchmarks/target/benchmarks.jar io.github.ipwhitelist.benchmarks.MemoryFootprint
 * </pre>
 */
public final class MemoryFootprint {

	private MemoryFootprint() {
	}

	public static void main(String[] args) throws Exception {
		int n = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000_000;
		for (String family : new String[] { "ipv4", "ipv6" }) {
			long before = usedAfterGc();
			Fixtures fixtures = new Fixtures(n, family.equals("ipv4"), true);
			RuleSet rules = fixtures.rules;
			long table = rules.lookupTableBytes(Fixtures.NOW);
			// Drop what only the benchmark needs (texts and the prefix list copy).
			fixtures.prefixTexts.clear();
			long after = usedAfterGc();
			System.out.printf("%s feed, %d entries: lookup table %.1f B/entry; whole rule set %.1f B/entry%n", family,
					n, (double) table / n, (double) (after - before) / n);
			if (rules.allows(fixtures.probes[0], Fixtures.NOW) != rules.allows(fixtures.probes[0], Fixtures.NOW)) {
				throw new IllegalStateException();
			}
		}
	}

	static long usedAfterGc() throws InterruptedException {
		for (int i = 0; i < 4; i++) {
			System.gc();
			Thread.sleep(100);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
