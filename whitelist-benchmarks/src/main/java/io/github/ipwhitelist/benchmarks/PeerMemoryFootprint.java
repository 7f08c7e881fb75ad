package io.github.ipwhitelist.benchmarks;

/**
 * Retained memory per entry of each peer's structure for the same 1M feed entries that
 * {@link MemoryFootprint} measures for this project: used heap after full collections, before and
 * after building it (the peer's 4,096 probes included, under 0.5 B per entry).
 *
 * <pre>
 * java -Xmx8g -cp whitelist-benchmarks/target/benchmarks.jar io.github.ipwhitelist.benchmarks.PeerMemoryFootprint
 * </pre>
 */
public final class PeerMemoryFootprint {

	private PeerMemoryFootprint() {
	}

	public static void main(String[] args) throws Exception {
		int n = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000_000;
		for (String family : new String[] { "ipv4", "ipv6" }) {
			Fixtures fixtures = new Fixtures(n, family.equals("ipv4"), true);
			for (String impl : new String[] { "netty", "ipaddress-trie", "spring-security", "commons-net" }) {
				if (impl.equals("commons-net") && family.equals("ipv6")) {
					continue;
				}
				long bytes = retained(impl, fixtures);
				System.out.printf("%s feed, %d entries: %s %.1f B/entry%n", family, n, impl, (double) bytes / n);
			}
		}
	}

	private static long retained(String impl, Fixtures fixtures) throws Exception {
		long before = MemoryFootprint.usedAfterGc();
		Matchers matchers = Matchers.create(impl, fixtures);
		long after = MemoryFootprint.usedAfterGc();
		if (matchers.matches(0) != fixtures.rules.allows(fixtures.probes[0], Fixtures.NOW)) {
			throw new IllegalStateException(impl + " disagrees on probe 0");
		}
		return after - before;
	}

}
