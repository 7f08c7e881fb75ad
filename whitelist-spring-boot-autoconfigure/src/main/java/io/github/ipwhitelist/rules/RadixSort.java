package io.github.ipwhitelist.rules;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * A stable least-significant-digit radix sort of {@code long} keys, unsigned, on a range of
 * their bits, carrying up to two companion arrays along. Digits of 11 bits; a digit that every
 * key shares costs one counting pass and no move. Used to build lookup tables from a million
 * entries in a few passes over primitive arrays.
 */
final class RadixSort {

	private static final int DIGIT_BITS = 11;

	private RadixSort() {
	}

	/**
	 * Sorts {@code key[from, to)} by bits {@code [lowBit, highBit)} of each key, unsigned and
	 * stable, moving {@code a} and {@code b} (when present) in step.
	 */
	static void sort(long[] key, long @Nullable [] a, long @Nullable [] b, int from, int to, int lowBit, int highBit) {
		int n = to - from;
		if (n < 2) {
			return;
		}
		long[] scratchKey = new long[n];
		long[] scratchA = (a != null) ? new long[n] : null;
		long[] scratchB = (b != null) ? new long[n] : null;
		int[] count = new int[1 << DIGIT_BITS];
		boolean inScratch = false;
		for (int shift = lowBit; shift < highBit; shift += DIGIT_BITS) {
			int mask = (1 << Math.min(DIGIT_BITS, highBit - shift)) - 1;
			long[] srcKey = inScratch ? scratchKey : key;
			int srcFrom = inScratch ? 0 : from;
			Arrays.fill(count, 0);
			for (int i = srcFrom; i < srcFrom + n; i++) {
				count[(int) (srcKey[i] >>> shift) & mask]++;
			}
			if (count[(int) (srcKey[srcFrom] >>> shift) & mask] == n) {
				// Every key has this digit: nothing moves.
				continue;
			}
			int dstFrom = inScratch ? from : 0;
			int position = dstFrom;
			for (int d = 0; d <= mask; d++) {
				int c = count[d];
				count[d] = position;
				position += c;
			}
			long[] dstKey = inScratch ? key : scratchKey;
			long[] srcA = inScratch ? scratchA : a;
			long[] dstA = inScratch ? a : scratchA;
			long[] srcB = inScratch ? scratchB : b;
			long[] dstB = inScratch ? b : scratchB;
			for (int i = srcFrom; i < srcFrom + n; i++) {
				long k = srcKey[i];
				int at = count[(int) (k >>> shift) & mask]++;
				dstKey[at] = k;
				if (srcA != null && dstA != null) {
					dstA[at] = srcA[i];
				}
				if (srcB != null && dstB != null) {
					dstB[at] = srcB[i];
				}
			}
			inScratch = !inScratch;
		}
		if (inScratch) {
			System.arraycopy(scratchKey, 0, key, from, n);
			if (a != null && scratchA != null) {
				System.arraycopy(scratchA, 0, a, from, n);
			}
			if (b != null && scratchB != null) {
				System.arraycopy(scratchB, 0, b, from, n);
			}
		}
	}

}
