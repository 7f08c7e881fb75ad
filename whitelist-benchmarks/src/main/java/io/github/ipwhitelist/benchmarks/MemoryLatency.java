package io.github.ipwhitelist.benchmarks;

import java.util.SplittableRandom;

/**
 * The cost of one read from memory on this machine: a chase through a random cycle over 8 to
 * 256 MiB (the 100,000 tenants' tables take about 40 MiB), each read depending on the one before (no prefetch, no overlap, nearly every read a
 * cache miss). A request whose tenant's data no recent request touched pays at least one such
 * read to find it; the tenant benchmark's cold figures are read against this floor.
 *
 * <pre>
 * java -cp whitelist-benchmarks/target/benchmarks.jar io.github.ipwhitelist.benchmarks.MemoryLatency
 * </pre>
 */
public final class MemoryLatency {

	private MemoryLatency() {
	}

	public static void main(String[] args) {
		for (int mib : new int[] { 8, 32, 64, 256 }) {
			chase(mib);
		}
	}

	private static void chase(int mib) {
		int n = mib << 18;
		int[] next = new int[n];
		int[] order = new int[n];
		for (int i = 0; i < n; i++) {
			order[i] = i;
		}
		SplittableRandom random = new SplittableRandom(1);
		for (int i = n - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int swap = order[i];
			order[i] = order[j];
			order[j] = swap;
		}
		for (int i = 0; i < n; i++) {
			next[order[i]] = order[(i + 1) % n];
		}
		long steps = 20_000_000L;
		for (int round = 1; round <= 3; round++) {
			int p = 0;
			long start = System.nanoTime();
			for (long s = 0; s < steps; s++) {
				p = next[p];
			}
			long elapsed = System.nanoTime() - start;
			System.out.printf("%d MiB, round %d: %.1f ns per dependent read (end %d)%n", mib, round,
					(double) elapsed / steps, p);
		}
	}

}
