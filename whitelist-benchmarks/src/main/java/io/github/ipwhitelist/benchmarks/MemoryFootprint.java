package io.github.ipwhitelist.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.rules.EntryFileParser;
import io.github.ipwhitelist.rules.IpEntry;
import io.github.ipwhitelist.rules.Mode;
import io.github.ipwhitelist.rules.RuleSet;

/**
 * Retained memory per entry of a rule set of 1M feed entries: the lookup table alone, and
 * everything (entry objects included) measured as used heap after full collections, for entries
 * built in code and for entries read from a file (which also keep their file and line).
 *
 * <pre>
 * java -Xmx4g -cp whitelist-benchmarks/target/benchmarks.jar io.github.ipwhitelist.benchmarks.MemoryFootprint
 * </pre>
 */
public final class MemoryFootprint {

	private MemoryFootprint() {
	}

	public static void main(String[] args) throws Exception {
		int n = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000_000;
		for (String family : new String[] { "ipv4", "ipv6" }) {
			// One frame per family: nothing of the previous family stays reachable from a local slot.
			measure(family, n);
		}
	}

	private static void measure(String family, int n) throws Exception {
		Fixtures fixtures = new Fixtures(n, family.equals("ipv4"), true);
		String file = String.join("\n", fixtures.prefixTexts);
		long table = fixtures.rules.tableSize(Fixtures.NOW).bytes();
		fixtures = null;
		// Each rule set is built and measured in a frame of its own, so that no local slot keeps
		// a previous step's objects reachable.
		long inCode = retained(() -> {
			List<IpEntry> entries = new ArrayList<>(n);
			int start = 0;
			for (int end = file.indexOf('\n'); start < file.length(); end = file.indexOf('\n', start)) {
				end = (end < 0) ? file.length() : end;
				entries.add(new IpEntry(IpPrefix.parse(file.substring(start, end)), null, null, "feed"));
				start = end + 1;
			}
			return RuleSet.compile(Mode.STRICT, entries, List.of(), Fixtures.NOW);
		}, n);
		long fromFile = retained(() -> RuleSet.compile(Mode.STRICT,
				EntryFileParser.parse("file [/etc/ipwhitelist/feed.txt]", file)
					.entries(),
				List.of(), Fixtures.NOW), n);
		System.out.printf("%s feed, %d entries: lookup table %.1f B/entry; whole rule set %.1f B/entry (built in code), "
				+ "%.1f B/entry (read from a file)%n", family, n, (double) table / n, (double) inCode / n,
				(double) fromFile / n);
	}

	private static long retained(Callable<RuleSet> build, int n) throws Exception {
		long before = usedAfterGc();
		RuleSet rules = build.call();
		long after = usedAfterGc();
		if (rules.allowEntries().size() != n) {
			throw new IllegalStateException("entries lost: " + rules.allowEntries().size());
		}
		return after - before;
	}

	static long usedAfterGc() throws InterruptedException {
		for (int i = 0; i < 4; i++) {
			System.gc();
			Thread.sleep(100);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
