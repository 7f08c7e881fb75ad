package io.github.ipwhitelist.rules;

/**
 * Flattens the prefixes of one family into {@link FlatRanges}: sorted by start (then length,
 * then list and position, kept by stable radix sorts), they are swept once with a stack of the
 * prefixes that enclose the current address. Each range gets the code of the most specific deny
 * entry covering it, else of the most specific allow entry; the same prefix listed twice in one
 * list is decided by its first listing. One sweep serves both families: an IPv4 prefix is a
 * 128-bit range whose high word is zero.
 * <p>
 * Sort keys: an entry's tag is {@code kind << 25 | position} (deny 0, allow 1), so that among
 * equal prefixes the deny entries come first and each list keeps its order.
 */
final class PrefixSweep {

	/** Bits of an entry's position in its list, in the sort keys. */
	static final int INDEX_BITS = 25;

	private static final int INDEX_MASK = (1 << INDEX_BITS) - 1;

	private PrefixSweep() {
	}

	/** The tag of an entry in the sort keys. */
	static long tag(boolean allow, int position) {
		return ((allow ? 1L : 0L) << INDEX_BITS) | position;
	}

	/**
	 * Sorts and flattens IPv4 prefixes.
	 * @param keys per prefix: start (32 bits) | length (6) | tag (26)
	 * @param count how many keys are used
	 * @return the ranges
	 */
	static FlatRanges ipv4(long[] keys, int count) {
		// Stable sort on start and length: equal prefixes stay in tag order.
		RadixSort.sort(keys, null, null, 0, count, INDEX_BITS + 1, 64);
		return sweep(new Sorted(false, new long[0], keys, keys, count));
	}

	/**
	 * Sorts and flattens IPv6 prefixes.
	 * @param hi per prefix, the high word of its start
	 * @param lo per prefix, the low word of its start
	 * @param rest per prefix: length (8 bits) | tag (26)
	 * @param count how many are used
	 * @return the ranges
	 */
	static FlatRanges ipv6(long[] hi, long[] lo, long[] rest, int count) {
		// Stable sorts: on the high word, then each run of equal high words on the low word and
		// length (rarely more than one entry). Equal prefixes stay in tag order.
		RadixSort.sort(hi, lo, rest, 0, count, 0, 64);
		for (int from = 0, to; from < count; from = to) {
			to = from + 1;
			while (to < count && hi[to] == hi[from]) {
				to++;
			}
			if (to - from > 16) {
				RadixSort.sort(rest, hi, lo, from, to, INDEX_BITS + 1, INDEX_BITS + 9);
				RadixSort.sort(lo, hi, rest, from, to, 0, 64);
			}
			else {
				insertionSort(lo, rest, from, to);
			}
		}
		return sweep(new Sorted(true, hi, lo, rest, count));
	}

	private static FlatRanges sweep(Sorted prefixes) {
		boolean wide = prefixes.wide;
		FlatRanges ranges = new FlatRanges(wide, prefixes.count * 2 + 1);
		ranges.emit(0, 0, LookupTable.NONE);
		// At most one allow and one deny frame per prefix length: duplicates are skipped below.
		int maxDepth = wide ? 260 : 68;
		long[] stackEndHi = new long[maxDepth];
		long[] stackEndLo = new long[maxDepth];
		int[] stackDeny = new int[maxDepth];
		int[] stackAllow = new int[maxDepth];
		int depth = 0;
		for (int k = 0; k < prefixes.count; k++) {
			if (prefixes.repeatsPrevious(k)) {
				// The same prefix listed twice in one list: the first (lowest position) decides.
				continue;
			}
			long startHi = prefixes.startHi(k);
			long startLo = prefixes.startLo(k);
			int length = prefixes.length(k);
			int code = codeOf(prefixes.tag(k));
			long endHi;
			long endLo;
			if (wide) {
				endHi = (length >= 64) ? startHi : startHi | (-1L >>> length);
				endLo = (length <= 64) ? -1L : (length == 128) ? startLo : startLo | (-1L >>> (length - 64));
			}
			else {
				endHi = 0;
				endLo = startLo + (1L << (32 - length)) - 1;
			}
			while (depth > 0 && lessThan(stackEndHi[depth - 1], stackEndLo[depth - 1], startHi, startLo)) {
				depth--;
				emitAfter(ranges, wide, stackEndHi[depth], stackEndLo[depth],
						(depth > 0) ? code(stackDeny[depth - 1], stackAllow[depth - 1]) : LookupTable.NONE);
			}
			int parentDeny = (depth > 0) ? stackDeny[depth - 1] : 0;
			int parentAllow = (depth > 0) ? stackAllow[depth - 1] : 0;
			stackEndHi[depth] = endHi;
			stackEndLo[depth] = endLo;
			stackDeny[depth] = (code < 0) ? code : parentDeny;
			stackAllow[depth] = (code > 0) ? code : parentAllow;
			ranges.emit(startHi, startLo, code(stackDeny[depth], stackAllow[depth]));
			depth++;
		}
		while (depth > 0) {
			depth--;
			emitAfter(ranges, wide, stackEndHi[depth], stackEndLo[depth],
					(depth > 0) ? code(stackDeny[depth - 1], stackAllow[depth - 1]) : LookupTable.NONE);
		}
		return ranges;
	}

	/** Starts the range after an enclosing prefix ends, unless it ends the address space. */
	private static void emitAfter(FlatRanges ranges, boolean wide, long endHi, long endLo, int code) {
		if (wide ? (endHi == -1L && endLo == -1L) : endLo == 0xFFFF_FFFFL) {
			return;
		}
		long nextLo = endLo + 1;
		long nextHi = (wide && nextLo == 0) ? endHi + 1 : endHi;
		ranges.emit(nextHi, nextLo, code);
	}

	/** Stable insertion sort of a short run by low word (unsigned), then length. */
	private static void insertionSort(long[] lo, long[] rest, int from, int to) {
		for (int i = from + 1; i < to; i++) {
			long l = lo[i];
			long r = rest[i];
			int j = i - 1;
			while (j >= from && (Long.compareUnsigned(lo[j], l) > 0
					|| (lo[j] == l && (rest[j] >>> (INDEX_BITS + 1)) > (r >>> (INDEX_BITS + 1))))) {
				lo[j + 1] = lo[j];
				rest[j + 1] = rest[j];
				j--;
			}
			lo[j + 1] = l;
			rest[j + 1] = r;
		}
	}

	private static boolean lessThan(long aHi, long aLo, long bHi, long bLo) {
		int result = Long.compareUnsigned(aHi, bHi);
		return (result != 0) ? result < 0 : Long.compareUnsigned(aLo, bLo) < 0;
	}

	private static int codeOf(long tag) {
		int index = (int) tag & INDEX_MASK;
		return ((tag & (1L << INDEX_BITS)) == 0) ? -(index + 1) : index + 1;
	}

	private static int code(int deny, int allow) {
		return (deny != 0) ? deny : allow;
	}

	/**
	 * Sorted prefixes of one family, read by the sweep: IPv4 keys pack start, length and tag
	 * in one word ({@code starts} and {@code rest} are the same array); IPv6 keeps the start's
	 * two words and the length with the tag in three arrays.
	 */
	private static final class Sorted {

		final boolean wide;

		private final long[] hi;

		private final long[] starts;

		private final long[] rest;

		final int count;

		Sorted(boolean wide, long[] hi, long[] starts, long[] rest, int count) {
			this.wide = wide;
			this.hi = hi;
			this.starts = starts;
			this.rest = rest;
			this.count = count;
		}

		long startHi(int k) {
			return this.wide ? this.hi[k] : 0;
		}

		long startLo(int k) {
			return this.wide ? this.starts[k] : this.starts[k] >>> 32;
		}

		int length(int k) {
			return (int) (this.rest[k] >>> (INDEX_BITS + 1)) & (this.wide ? 0xFF : 0x3F);
		}

		long tag(int k) {
			return this.rest[k];
		}

		/** Whether the same prefix in the same list came just before. */
		boolean repeatsPrevious(int k) {
			if (k == 0) {
				return false;
			}
			if (!this.wide) {
				return (this.rest[k] >>> INDEX_BITS) == (this.rest[k - 1] >>> INDEX_BITS);
			}
			return this.hi[k] == this.hi[k - 1] && this.starts[k] == this.starts[k - 1]
					&& (this.rest[k] >>> INDEX_BITS) == (this.rest[k - 1] >>> INDEX_BITS);
		}

	}

}
