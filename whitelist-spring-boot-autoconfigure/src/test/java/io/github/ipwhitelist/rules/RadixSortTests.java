package io.github.ipwhitelist.rules;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The radix sort against the JDK's stable sort of the same keys: unsigned order on the chosen
 * bits, equal keys kept in input order, companions moved in step, the rest of the array
 * untouched.
 */
class RadixSortTests {

	@Test
	void sortsLikeAStableComparisonSort() {
		SplittableRandom random = new SplittableRandom(3);
		for (int round = 0; round < 300; round++) {
			int length = random.nextInt(1, 400);
			int from = random.nextInt(length);
			int to = from + random.nextInt(length - from + 1);
			int lowBit = random.nextInt(64);
			int highBit = lowBit + 1 + random.nextInt(64 - lowBit);
			// Few distinct digits, so that equal keys are common; sometimes every key alike.
			long spread = (round % 7 == 0) ? 1 : 1 + random.nextInt(50);
			long[] key = new long[length];
			long[] a = new long[length];
			long[] b = new long[length];
			for (int i = 0; i < length; i++) {
				long digits = random.nextLong(spread) * 0x9E37_79B9_7F4A_7C15L;
				key[i] = (random.nextInt(4) == 0) ? random.nextLong() : digits;
				a[i] = i;
				b[i] = -i;
			}
			long[] expectedKey = key.clone();
			long mask = (highBit - lowBit == 64) ? -1L : ((1L << (highBit - lowBit)) - 1) << lowBit;
			Integer[] order = IntStream.range(from, to).boxed().toArray(Integer[]::new);
			Arrays.sort(order, Comparator.comparing((Integer i) -> expectedKey[i] & mask, Long::compareUnsigned));
			long[] expectedA = a.clone();
			for (int i = from; i < to; i++) {
				expectedKey[i] = key[order[i - from]];
				expectedA[i] = order[i - from];
			}
			RadixSort.sort(key, a, b, from, to, lowBit, highBit);
			assertThat(key).as("round %d, bits %d..%d, [%d, %d)", round, lowBit, highBit, from, to)
				.containsExactly(expectedKey);
			assertThat(a).containsExactly(expectedA);
			for (int i = 0; i < length; i++) {
				assertThat(b[i]).isEqualTo(-a[i]);
			}
		}
	}

	@Test
	void sortsWithoutCompanions() {
		long[] key = { -1L, 5, Long.MIN_VALUE, 0, 5, Long.MAX_VALUE };
		RadixSort.sort(key, null, null, 0, key.length, 0, 64);
		assertThat(key).containsExactly(0, 5, 5, Long.MAX_VALUE, Long.MIN_VALUE, -1L);
	}

}
