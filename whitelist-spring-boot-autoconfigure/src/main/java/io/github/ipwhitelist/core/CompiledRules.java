package io.github.ipwhitelist.core;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The fast inside of a {@link RuleSet}: for every address, the entry that decides, found
 * without allocating and at a cost that barely depends on the number of entries.
 * <p>
 * Every live prefix (allow and deny, both families) is flattened into sorted, disjoint ranges,
 * each carrying the code of the entry that decides it: the most specific deny entry covering
 * it, else the most specific allow entry, else none. A lookup takes the range that holds the
 * address: a direct index on the address's high 16 bits (DXR) narrows the search to the ranges
 * that start in that /16 (IPv4) or that 16-bit top group (IPv6), and a binary search over
 * primitive arrays finishes it.
 * <p>
 * Codes: {@code 0} none, {@code k > 0} allow entry {@code k - 1}, {@code k < 0} deny entry
 * {@code -k - 1}, indices into the rule set's lists. The table is valid for the instants in
 * {@code [validFrom, validUntil)}, in which no entry expires; the rule set rebuilds it when the
 * clock leaves that window.
 */
final class CompiledRules {

	static final int NONE = 0;

	private static final int INDEX_SIZE = 1 << 16;

	final @Nullable Instant validFrom;

	final @Nullable Instant validUntil;

	// IPv4: range starts with the sign bit flipped (signed order = unsigned order), codes, index.
	private final int[] v4Starts;

	private final int[] v4Codes;

	private final int[] v4Index;

	// IPv6: range starts (high and low words, sign bits flipped), codes, index on the top group.
	private final long[] v6StartHi;

	private final long[] v6StartLo;

	private final int[] v6Codes;

	private final int[] v6Index;

	private CompiledRules(@Nullable Instant validFrom, @Nullable Instant validUntil, int[] v4Starts, int[] v4Codes,
			long[] v6StartHi, long[] v6StartLo, int[] v6Codes) {
		this.validFrom = validFrom;
		this.validUntil = validUntil;
		this.v4Starts = v4Starts;
		this.v4Codes = v4Codes;
		this.v4Index = indexV4(v4Starts);
		this.v6StartHi = v6StartHi;
		this.v6StartLo = v6StartLo;
		this.v6Codes = v6Codes;
		this.v6Index = indexV6(v6StartHi);
	}

	boolean isValidAt(Instant now) {
		return (this.validFrom == null || !now.isBefore(this.validFrom))
				&& (this.validUntil == null || now.isBefore(this.validUntil));
	}

	/**
	 * Returns the code of the entry deciding an address.
	 * @param ipv4 whether the address is IPv4 (its bits in the low 32 bits of {@code lo})
	 * @param hi the high 64 bits (IPv6)
	 * @param lo the low 64 bits
	 * @return the code
	 */
	int lookup(boolean ipv4, long hi, long lo) {
		return ipv4 ? lookupV4((int) lo) : lookupV6(hi, lo);
	}

	private int lookupV4(int address) {
		int key = address ^ Integer.MIN_VALUE;
		int chunk = address >>> 16;
		int low = this.v4Index[chunk];
		int high = this.v4Index[chunk + 1] - 1;
		int[] starts = this.v4Starts;
		if (high < low || starts[low] > key) {
			return this.v4Codes[low - 1];
		}
		// The last range in [low, high] that starts at or before the address.
		while (low < high) {
			int mid = (low + high + 1) >>> 1;
			if (starts[mid] <= key) {
				low = mid;
			}
			else {
				high = mid - 1;
			}
		}
		return this.v4Codes[low];
	}

	private int lookupV6(long hi, long lo) {
		long keyHi = hi ^ Long.MIN_VALUE;
		long keyLo = lo ^ Long.MIN_VALUE;
		int chunk = (int) (hi >>> 48);
		int low = this.v6Index[chunk];
		int high = this.v6Index[chunk + 1] - 1;
		long[] startHi = this.v6StartHi;
		long[] startLo = this.v6StartLo;
		if (high < low || startHi[low] > keyHi || (startHi[low] == keyHi && startLo[low] > keyLo)) {
			return this.v6Codes[low - 1];
		}
		while (low < high) {
			int mid = (low + high + 1) >>> 1;
			long sh = startHi[mid];
			if (sh < keyHi || (sh == keyHi && startLo[mid] <= keyLo)) {
				low = mid;
			}
			else {
				high = mid - 1;
			}
		}
		return this.v6Codes[low];
	}

	/**
	 * Returns the number of ranges, both families together.
	 * @return the ranges
	 */
	int ranges() {
		return this.v4Starts.length + this.v6StartHi.length;
	}

	/**
	 * Returns the bytes held by the primitive arrays.
	 * @return an estimate of the retained size
	 */
	long bytes() {
		return 8L * this.v4Starts.length + 4L * this.v4Index.length + 20L * this.v6StartHi.length
				+ 4L * this.v6Index.length;
	}

	/**
	 * Builds the table of the entries live at {@code now}.
	 */
	static CompiledRules build(List<IpEntry> allow, List<IpEntry> deny, Instant now) {
		Instant validFrom = null;
		Instant validUntil = null;
		for (List<IpEntry> list : List.of(allow, deny)) {
			for (IpEntry entry : list) {
				Instant at = entry.expiresAt();
				if (at == null) {
					continue;
				}
				if (at.isAfter(now)) {
					validUntil = (validUntil == null || at.isBefore(validUntil)) ? at : validUntil;
				}
				else {
					validFrom = (validFrom == null || at.isAfter(validFrom)) ? at : validFrom;
				}
			}
		}
		Ranges v4 = buildV4(allow, deny, now);
		Ranges v6 = buildV6(allow, deny, now);
		return new CompiledRules(validFrom, validUntil, v4.intStarts(), v4.codes(), v6.hiStarts(), v6.loStarts(),
				v6.codes());
	}

	// ---- IPv4 -------------------------------------------------------------------------------

	private static Ranges buildV4(List<IpEntry> allow, List<IpEntry> deny, Instant now) {
		int count = 0;
		long[] keys = new long[allow.size() + deny.size()];
		for (int kind = 0; kind < 2; kind++) {
			List<IpEntry> list = (kind == 0) ? deny : allow;
			for (int i = 0; i < list.size(); i++) {
				IpEntry entry = list.get(i);
				if (!entry.prefix().isIpv4() || !entry.isLiveAt(now)) {
					continue;
				}
				if (i >= (1 << 25)) {
					throw new IllegalArgumentException("Too many entries: " + list.size());
				}
				long start = entry.prefix().address().lo();
				// start (32 bits) | length (6) | kind: deny 0, allow 1 (1) | index (25); flipped to sort unsigned.
				keys[count++] = ((start << 32) | ((long) entry.prefix().length() << 26) | ((long) kind << 25) | i)
						^ Long.MIN_VALUE;
			}
		}
		Arrays.sort(keys, 0, count);
		Ranges ranges = new Ranges(false, count * 2 + 1);
		ranges.emit(0, 0, NONE);
		// At most one allow and one deny frame per prefix length: duplicates are skipped below.
		long[] stackEnd = new long[68];
		int[] stackDeny = new int[68];
		int[] stackAllow = new int[68];
		int depth = 0;
		long previous = -1;
		for (int k = 0; k < count; k++) {
			long key = keys[k] ^ Long.MIN_VALUE;
			if ((key >>> 25) == previous) {
				// The same prefix listed twice in one list: the first (lowest index) decides.
				continue;
			}
			previous = key >>> 25;
			long start = key >>> 32;
			int length = (int) (key >>> 26) & 0x3F;
			int kind = (int) (key >>> 25) & 1;
			int index = (int) key & 0x1FF_FFFF;
			long end = start + (1L << (32 - length)) - 1;
			while (depth > 0 && stackEnd[depth - 1] < start) {
				long after = stackEnd[--depth] + 1;
				ranges.emit(0, after, (depth > 0) ? code(stackDeny[depth - 1], stackAllow[depth - 1]) : NONE);
			}
			int parentDeny = (depth > 0) ? stackDeny[depth - 1] : 0;
			int parentAllow = (depth > 0) ? stackAllow[depth - 1] : 0;
			stackEnd[depth] = end;
			stackDeny[depth] = (kind == 0) ? -(index + 1) : parentDeny;
			stackAllow[depth] = (kind == 1) ? index + 1 : parentAllow;
			ranges.emit(0, start, code(stackDeny[depth], stackAllow[depth]));
			depth++;

		}
		while (depth > 0) {
			long after = stackEnd[--depth] + 1;
			if (after <= 0xFFFF_FFFFL) {
				ranges.emit(0, after, (depth > 0) ? code(stackDeny[depth - 1], stackAllow[depth - 1]) : NONE);
			}
		}
		return ranges;
	}

	private static int[] indexV4(int[] starts) {
		int[] index = new int[INDEX_SIZE + 1];
		int segment = 0;
		for (int chunk = 0; chunk <= INDEX_SIZE; chunk++) {
			long chunkStart = (long) chunk << 16;
			while (segment < starts.length && ((starts[segment] ^ Integer.MIN_VALUE) & 0xFFFF_FFFFL) < chunkStart) {
				segment++;
			}
			index[chunk] = segment;
		}
		return index;
	}

	// ---- IPv6 -------------------------------------------------------------------------------

	private static Ranges buildV6(List<IpEntry> allow, List<IpEntry> deny, Instant now) {
		int count = 0;
		int[] kinds = new int[allow.size() + deny.size()];
		IpEntry[] entries = new IpEntry[kinds.length];
		int[] indices = new int[kinds.length];
		for (int kind = 0; kind < 2; kind++) {
			List<IpEntry> list = (kind == 0) ? deny : allow;
			for (int i = 0; i < list.size(); i++) {
				IpEntry entry = list.get(i);
				if (entry.prefix().isIpv4() || !entry.isLiveAt(now)) {
					continue;
				}
				entries[count] = entry;
				kinds[count] = kind;
				indices[count] = i;
				count++;
			}
		}
		long[] keyHi = new long[count];
		long[] keyLo = new long[count];
		long[] keyRest = new long[count];
		int[] order = new int[count];
		for (int i = 0; i < count; i++) {
			IpPrefix prefix = entries[i].prefix();
			keyHi[i] = prefix.address().hi() ^ Long.MIN_VALUE;
			keyLo[i] = prefix.address().lo() ^ Long.MIN_VALUE;
			// length, then kind (deny first), then position: the order of a stable sort.
			keyRest[i] = ((long) prefix.length() << 33) | ((long) kinds[i] << 32) | i;
			order[i] = i;
		}
		sort(order, keyHi, keyLo, keyRest, 0, count - 1);
		Ranges ranges = new Ranges(true, count * 2 + 1);
		ranges.emit(0, 0, NONE);
		long[] stackEndHi = new long[260];
		long[] stackEndLo = new long[260];
		int[] stackDeny = new int[260];
		int[] stackAllow = new int[260];
		int depth = 0;
		int previous = -1;
		for (int k = 0; k < count; k++) {
			int e = order[k];
			IpPrefix prefix = entries[e].prefix();
			if (previous >= 0 && kinds[previous] == kinds[e] && entries[previous].prefix().equals(prefix)) {
				continue;
			}
			previous = e;
			long startHi = prefix.address().hi();
			long startLo = prefix.address().lo();
			int length = prefix.length();
			long endHi = (length >= 64) ? startHi : startHi | (-1L >>> length);
			long endLo = (length <= 64) ? -1L : (length == 128) ? startLo : startLo | (-1L >>> (length - 64));
			while (depth > 0 && lessThan(stackEndHi[depth - 1], stackEndLo[depth - 1], startHi, startLo)) {
				depth--;
				emitAfterV6(ranges, stackEndHi[depth], stackEndLo[depth],
						(depth > 0) ? code(stackDeny[depth - 1], stackAllow[depth - 1]) : NONE);
			}
			int parentDeny = (depth > 0) ? stackDeny[depth - 1] : 0;
			int parentAllow = (depth > 0) ? stackAllow[depth - 1] : 0;
			stackEndHi[depth] = endHi;
			stackEndLo[depth] = endLo;
			stackDeny[depth] = (kinds[e] == 0) ? -(indices[e] + 1) : parentDeny;
			stackAllow[depth] = (kinds[e] == 1) ? indices[e] + 1 : parentAllow;
			ranges.emit(startHi, startLo, code(stackDeny[depth], stackAllow[depth]));
			depth++;

		}
		while (depth > 0) {
			depth--;
			emitAfterV6(ranges, stackEndHi[depth], stackEndLo[depth],
					(depth > 0) ? code(stackDeny[depth - 1], stackAllow[depth - 1]) : NONE);
		}
		return ranges;
	}

	/** Quicksort of an index array by (hi, lo, rest), all signed compares; no boxing. */
	private static void sort(int[] order, long[] hi, long[] lo, long[] rest, int from, int to) {
		while (to - from > 16) {
			int mid = order[(from + to) >>> 1];
			long pivotHi = hi[mid];
			long pivotLo = lo[mid];
			long pivotRest = rest[mid];
			int i = from;
			int j = to;
			while (i <= j) {
				while (compare(order[i], pivotHi, pivotLo, pivotRest, hi, lo, rest) < 0) {
					i++;
				}
				while (compare(order[j], pivotHi, pivotLo, pivotRest, hi, lo, rest) > 0) {
					j--;
				}
				if (i <= j) {
					int t = order[i];
					order[i] = order[j];
					order[j] = t;
					i++;
					j--;
				}
			}
			if (j - from < to - i) {
				sort(order, hi, lo, rest, from, j);
				from = i;
			}
			else {
				sort(order, hi, lo, rest, i, to);
				to = j;
			}
		}
		for (int i = from + 1; i <= to; i++) {
			int value = order[i];
			int j = i - 1;
			while (j >= from && compare(order[j], hi[value], lo[value], rest[value], hi, lo, rest) > 0) {
				order[j + 1] = order[j];
				j--;
			}
			order[j + 1] = value;
		}
	}

	private static int compare(int a, long bHi, long bLo, long bRest, long[] hi, long[] lo, long[] rest) {
		int result = Long.compare(hi[a], bHi);
		if (result == 0) {
			result = Long.compare(lo[a], bLo);
		}
		return (result != 0) ? result : Long.compare(rest[a], bRest);
	}

	private static void emitAfterV6(Ranges ranges, long endHi, long endLo, int code) {
		if (endHi == -1L && endLo == -1L) {
			return;
		}
		long nextLo = endLo + 1;
		long nextHi = (nextLo == 0) ? endHi + 1 : endHi;
		ranges.emit(nextHi, nextLo, code);
	}

	private static boolean lessThan(long aHi, long aLo, long bHi, long bLo) {
		int result = Long.compareUnsigned(aHi, bHi);
		return (result != 0) ? result < 0 : Long.compareUnsigned(aLo, bLo) < 0;
	}

	private static int[] indexV6(long[] startHi) {
		int[] index = new int[INDEX_SIZE + 1];
		int segment = 0;
		for (int chunk = 0; chunk <= INDEX_SIZE; chunk++) {
			while (segment < startHi.length && ((startHi[segment] ^ Long.MIN_VALUE) >>> 48) < chunk) {
				segment++;
			}
			index[chunk] = segment;
		}
		return index;
	}

	private static int code(int deny, int allow) {
		return (deny != 0) ? deny : allow;
	}

	/**
	 * Growable primitive arrays of ranges, merging neighbours with the same code.
	 */
	private static final class Ranges {

		private final boolean wide;

		private long[] hi;

		private long[] lo;

		private int[] codes;

		private int size;

		Ranges(boolean wide, int capacity) {
			this.wide = wide;
			this.hi = wide ? new long[capacity] : new long[0];
			this.lo = new long[capacity];
			this.codes = new int[capacity];
		}

		void emit(long startHi, long startLo, int code) {
			if (this.size > 0 && this.lo[this.size - 1] == startLo && (!this.wide || this.hi[this.size - 1] == startHi)) {
				this.codes[this.size - 1] = code;
				if (this.size > 1 && this.codes[this.size - 2] == code) {
					this.size--;
				}
				return;
			}
			if (this.size > 0 && this.codes[this.size - 1] == code) {
				return;
			}
			if (this.size == this.lo.length) {
				int capacity = Math.max(16, this.size * 2);
				this.lo = Arrays.copyOf(this.lo, capacity);
				this.codes = Arrays.copyOf(this.codes, capacity);
				if (this.wide) {
					this.hi = Arrays.copyOf(this.hi, capacity);
				}
			}
			if (this.wide) {
				this.hi[this.size] = startHi;
			}
			this.lo[this.size] = startLo;
			this.codes[this.size] = code;
			this.size++;
		}

		int[] intStarts() {
			int[] starts = new int[this.size];
			for (int i = 0; i < this.size; i++) {
				starts[i] = ((int) this.lo[i]) ^ Integer.MIN_VALUE;
			}
			return starts;
		}

		long[] hiStarts() {
			long[] starts = new long[this.size];
			for (int i = 0; i < this.size; i++) {
				starts[i] = this.hi[i] ^ Long.MIN_VALUE;
			}
			return starts;
		}

		long[] loStarts() {
			long[] starts = new long[this.size];
			for (int i = 0; i < this.size; i++) {
				starts[i] = this.lo[i] ^ Long.MIN_VALUE;
			}
			return starts;
		}

		int[] codes() {
			return Arrays.copyOf(this.codes, this.size);
		}

	}

}
