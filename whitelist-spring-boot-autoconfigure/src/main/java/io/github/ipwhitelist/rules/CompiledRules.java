package io.github.ipwhitelist.rules;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.github.ipwhitelist.address.IpPrefix;
import org.jspecify.annotations.Nullable;

/**
 * The fast inside of a {@link RuleSet}: for every address, the entry that decides, found
 * without allocating and at a cost that barely depends on the number of entries.
 * <p>
 * Every live prefix (allow and deny, both families) is flattened into sorted, disjoint
 * intervals, each carrying the code of the entry that decides it: the most specific deny entry
 * covering it, else the most specific allow entry. Addresses in no interval are decided by no
 * entry. Intervals are cut at every boundary of 16 index bits, so that a direct index on those
 * bits (DXR) points at the few intervals there, and a binary search over primitive arrays
 * finishes the lookup. The index bits are an IPv4 address's high 16 (its /16), and for IPv6 the
 * 16 after the leading bits every interval shares (up to 48, checked first).
 * <p>
 * Storage per interval: IPv4 keeps the low 16 bits of its first and last address (2 + 2 bytes);
 * IPv6 keeps its first address (16 bytes) and, as one byte, the size of the aligned block it
 * forms ({@code 2^k} addresses), the rare interval that is no aligned block having its last
 * address kept aside. Codes are bit-packed: 20 bits each with 1M entries.
 * <p>
 * Codes: {@code 0} none, {@code k > 0} allow entry {@code k - 1}, {@code k < 0} deny entry
 * {@code -k - 1}, indices into the rule set's lists. The table is valid for the instants in
 * {@code [validFrom, validUntil)}, in which no entry expires; the rule set rebuilds it when the
 * clock leaves that window.
 */
final class CompiledRules {

	static final int NONE = 0;

	private static final int INDEX_SIZE = 1 << 16;

	/** Bits of an entry's position in its list, in the sort keys. */
	private static final int INDEX_BITS = 25;

	private static final int INDEX_MASK = (1 << INDEX_BITS) - 1;

	/** Entries per list are fewer than this: positions must fit {@link #INDEX_BITS} bits. */
	static final int MAX_ENTRIES = 1 << INDEX_BITS;

	/** IPv6 block size marking an interval that is not an aligned block. */
	private static final byte IRREGULAR = -1;

	final @Nullable Instant validFrom;

	final @Nullable Instant validUntil;

	// IPv4: per interval, the low 16 bits of its first and last address; the index on the high 16 bits.
	private final char[] v4Starts;

	private final char[] v4Ends;

	private final Codes v4Codes;

	private final int @Nullable [] v4Index;

	// IPv6: per interval, its first address (sign bits flipped: signed order = unsigned order)
	// and log2 of its size; the index on the top 16 bits.
	private final long[] v6StartHi;

	private final long[] v6StartLo;

	private final byte[] v6Sizes;

	private final Codes v6Codes;

	private final int @Nullable [] v6Index;

	// The leading bits every IPv6 interval shares (0 to 48 of them: all of 2000::/3, say) are
	// checked once, and the index is on the 16 bits after them, where the addresses differ.
	private final int v6Shared;

	private final long v6Region;

	private final int v6ChunkShift;

	// IPv6 intervals that are no aligned block: their positions (ascending) and last addresses.
	private final int[] v6IrregularAt;

	private final long[] v6IrregularEndHi;

	private final long[] v6IrregularEndLo;

	private CompiledRules(@Nullable Instant validFrom, @Nullable Instant validUntil, V4 v4, V6 v6) {
		this.validFrom = validFrom;
		this.validUntil = validUntil;
		this.v4Starts = v4.starts;
		this.v4Ends = v4.ends;
		this.v4Codes = v4.codes;
		this.v4Index = v4.index;
		this.v6StartHi = v6.startHi;
		this.v6StartLo = v6.startLo;
		this.v6Sizes = v6.sizes;
		this.v6Codes = v6.codes;
		this.v6Index = v6.index;
		this.v6Shared = v6.shared;
		this.v6Region = v6.region;
		this.v6ChunkShift = v6.chunkShift;
		this.v6IrregularAt = v6.irregularAt;
		this.v6IrregularEndHi = v6.irregularEndHi;
		this.v6IrregularEndLo = v6.irregularEndLo;
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
		int[] index = this.v4Index;
		if (index == null) {
			return NONE;
		}
		int chunk = address >>> 16;
		int low = index[chunk];
		int high = index[chunk + 1] - 1;
		char key = (char) address;
		char[] starts = this.v4Starts;
		if (high < low || starts[low] > key) {
			return NONE;
		}
		// The last interval in [low, high] that starts at or before the address.
		while (low < high) {
			int mid = (low + high + 1) >>> 1;
			if (starts[mid] <= key) {
				low = mid;
			}
			else {
				high = mid - 1;
			}
		}
		return (this.v4Ends[low] >= key) ? this.v4Codes.get(low) : NONE;
	}

	private int lookupV6(long hi, long lo) {
		int[] index = this.v6Index;
		if (index == null) {
			return NONE;
		}
		long keyHi = hi ^ Long.MIN_VALUE;
		long keyLo = lo ^ Long.MIN_VALUE;
		if (this.v6Shared != 0 && (hi >>> (64 - this.v6Shared)) != this.v6Region) {
			return NONE;
		}
		int chunk = (int) (hi >>> this.v6ChunkShift) & 0xFFFF;
		int low = index[chunk];
		int high = index[chunk + 1] - 1;
		long[] startHi = this.v6StartHi;
		long[] startLo = this.v6StartLo;
		if (high < low || startHi[low] > keyHi || (startHi[low] == keyHi && startLo[low] > keyLo)) {
			return NONE;
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
		int size = this.v6Sizes[low];
		boolean inside = (size != IRREGULAR) ? inBlock(keyHi ^ startHi[low], keyLo ^ startLo[low], size)
				: notAfterIrregularEnd(low, keyHi, keyLo);
		return inside ? this.v6Codes.get(low) : NONE;
	}

	/** Whether an address differing from an aligned block's start by these bits lies in the block of 2^size. */
	private static boolean inBlock(long diffHi, long diffLo, int size) {
		if (size < 64) {
			return diffHi == 0 && (diffLo >>> size) == 0;
		}
		return (size == 64) ? diffHi == 0 : (diffHi >>> (size - 64)) == 0;
	}

	private boolean notAfterIrregularEnd(int interval, long keyHi, long keyLo) {
		int at = Arrays.binarySearch(this.v6IrregularAt, interval);
		long endHi = this.v6IrregularEndHi[at];
		return keyHi < endHi || (keyHi == endHi && keyLo <= this.v6IrregularEndLo[at]);
	}

	/**
	 * Returns the number of intervals, both families together.
	 * @return the intervals
	 */
	int ranges() {
		return this.v4Starts.length + this.v6StartHi.length;
	}

	/**
	 * Returns the bytes held by the primitive arrays (array headers left out).
	 * @return an estimate of the retained size
	 */
	long bytes() {
		long v4 = 4L * this.v4Starts.length + this.v4Codes.bytes() + indexBytes(this.v4Index);
		long v6 = 17L * this.v6StartHi.length + this.v6Codes.bytes() + indexBytes(this.v6Index)
				+ 20L * this.v6IrregularAt.length;
		return v4 + v6;
	}

	private static long indexBytes(int @Nullable [] index) {
		return (index != null) ? 4L * index.length : 0;
	}

	/**
	 * Builds the table of the entries live at {@code now}.
	 */
	static CompiledRules build(List<IpEntry> allow, List<IpEntry> deny, Instant now) {
		if (allow.size() >= MAX_ENTRIES || deny.size() >= MAX_ENTRIES) {
			throw new IllegalArgumentException(
					"Too many entries: " + Math.max(allow.size(), deny.size()) + " (at most " + (MAX_ENTRIES - 1) + ")");
		}
		Instant validFrom = null;
		Instant validUntil = null;
		// One pass over the entries: the window of validity, and the live prefixes as primitive
		// keys, in (kind, index) order with deny first, which the stable sorts below keep among
		// equal prefixes.
		long[] v4Keys = new long[16];
		int v4Count = 0;
		long[] v6Hi = new long[16];
		long[] v6Lo = new long[16];
		long[] v6Rest = new long[16];
		int v6Count = 0;
		for (int kind = 0; kind < 2; kind++) {
			List<IpEntry> list = (kind == 0) ? deny : allow;
			for (int i = 0, size = list.size(); i < size; i++) {
				IpEntry entry = list.get(i);
				Instant at = entry.expiresAt();
				if (at != null) {
					if (at.isAfter(now)) {
						validUntil = (validUntil == null || at.isBefore(validUntil)) ? at : validUntil;
					}
					else {
						validFrom = (validFrom == null || at.isAfter(validFrom)) ? at : validFrom;
						continue;
					}
				}
				IpPrefix prefix = entry.prefix();
				long tag = ((long) kind << INDEX_BITS) | i;
				if (prefix.isIpv4()) {
					if (v4Count == v4Keys.length) {
						v4Keys = Arrays.copyOf(v4Keys, grow(v4Count, size));
					}
					// start (32 bits) | length (6) | kind: deny 0, allow 1 (1) | index (25).
					v4Keys[v4Count++] = (prefix.lo() << 32) | ((long) prefix.length() << (INDEX_BITS + 1)) | tag;
				}
				else {
					if (v6Count == v6Hi.length) {
						int capacity = grow(v6Count, size);
						v6Hi = Arrays.copyOf(v6Hi, capacity);
						v6Lo = Arrays.copyOf(v6Lo, capacity);
						v6Rest = Arrays.copyOf(v6Rest, capacity);
					}
					v6Hi[v6Count] = prefix.hi();
					v6Lo[v6Count] = prefix.lo();
					// length (8 bits) | kind (1) | index (25).
					v6Rest[v6Count++] = ((long) prefix.length() << (INDEX_BITS + 1)) | tag;
				}
			}
		}
		Ranges v4 = buildV4(v4Keys, v4Count);
		Ranges v6 = buildV6(v6Hi, v6Lo, v6Rest, v6Count);
		return new CompiledRules(validFrom, validUntil, new V4(v4, allow.size(), deny.size()),
				new V6(v6, allow.size(), deny.size()));
	}

	private static int grow(int count, int listSize) {
		return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(count * 2L, Math.min(listSize, count * 8L)));
	}

	private static int codeOf(long tag) {
		int index = (int) tag & INDEX_MASK;
		return ((tag & (1L << INDEX_BITS)) == 0) ? -(index + 1) : index + 1;
	}

	// ---- IPv4 -------------------------------------------------------------------------------

	private static Ranges buildV4(long[] keys, int count) {
		// Stable sort on start and length: equal prefixes stay in (kind, index) order.
		RadixSort.sort(keys, null, null, 0, count, INDEX_BITS + 1, 64);
		Ranges ranges = new Ranges(false, count * 2 + 1);
		ranges.emit(0, 0, NONE);
		// At most one allow and one deny frame per prefix length: duplicates are skipped below.
		long[] stackEnd = new long[68];
		int[] stackDeny = new int[68];
		int[] stackAllow = new int[68];
		int depth = 0;
		long previous = -1;
		for (int k = 0; k < count; k++) {
			long key = keys[k];
			if ((key >>> INDEX_BITS) == previous) {
				// The same prefix listed twice in one list: the first (lowest index) decides.
				continue;
			}
			previous = key >>> INDEX_BITS;
			long start = key >>> 32;
			int length = (int) (key >>> (INDEX_BITS + 1)) & 0x3F;
			int code = codeOf(key);
			long end = start + (1L << (32 - length)) - 1;
			while (depth > 0 && stackEnd[depth - 1] < start) {
				long after = stackEnd[--depth] + 1;
				ranges.emit(0, after, (depth > 0) ? code(stackDeny[depth - 1], stackAllow[depth - 1]) : NONE);
			}
			int parentDeny = (depth > 0) ? stackDeny[depth - 1] : 0;
			int parentAllow = (depth > 0) ? stackAllow[depth - 1] : 0;
			stackEnd[depth] = end;
			stackDeny[depth] = (code < 0) ? code : parentDeny;
			stackAllow[depth] = (code > 0) ? code : parentAllow;
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

	// ---- IPv6 -------------------------------------------------------------------------------

	private static Ranges buildV6(long[] hi, long[] lo, long[] rest, int count) {
		// Stable sorts: on the high word, then each run of equal high words on the low word and
		// length (rarely more than one entry). Equal prefixes stay in (kind, index) order.
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
		Ranges ranges = new Ranges(true, count * 2 + 1);
		ranges.emit(0, 0, NONE);
		long[] stackEndHi = new long[260];
		long[] stackEndLo = new long[260];
		int[] stackDeny = new int[260];
		int[] stackAllow = new int[260];
		int depth = 0;
		for (int k = 0; k < count; k++) {
			long startHi = hi[k];
			long startLo = lo[k];
			if (k > 0 && startHi == hi[k - 1] && startLo == lo[k - 1]
					&& (rest[k] >>> INDEX_BITS) == (rest[k - 1] >>> INDEX_BITS)) {
				// The same prefix listed twice in one list: the first (lowest index) decides.
				continue;
			}
			int length = (int) (rest[k] >>> (INDEX_BITS + 1));
			int code = codeOf(rest[k]);
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
			stackDeny[depth] = (code < 0) ? code : parentDeny;
			stackAllow[depth] = (code > 0) ? code : parentAllow;
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

	/**
	 * Points the index entries of chunks {@code from} to {@code to} (both included) at a piece:
	 * the first piece of each chunk, or the piece after the last one for chunks with none.
	 * @return the next chunk to point
	 */
	private static int pointIndex(int[] index, int from, long to, int piece) {
		int chunk = from;
		while (chunk <= to) {
			index[chunk++] = piece;
		}
		return chunk;
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

	}

	/**
	 * Codes of intervals, bit-packed on as few bits as the two lists need: allow entry
	 * {@code k} is stored as {@code k}, deny entry {@code m} as {@code allowCount + m}, none as 0.
	 * With 1M entries a code takes 20 bits.
	 */
	static final class Codes {

		private final long[] words;

		private final int width;

		private final long mask;

		private final int allowCount;

		Codes(int[] codes, int size, int allowCount, int denyCount) {
			this.allowCount = allowCount;
			this.width = Math.max(1, 32 - Integer.numberOfLeadingZeros(allowCount + denyCount));
			this.mask = (1L << this.width) - 1;
			// One spare word, so that a read may always take two.
			this.words = new long[(size == 0) ? 0 : (int) (((long) size * this.width + 63) >>> 6) + 1];
			for (int i = 0; i < size; i++) {
				int code = codes[i];
				long stored = (code >= 0) ? code : allowCount - (long) code;
				long bit = (long) i * this.width;
				int word = (int) (bit >>> 6);
				int offset = (int) bit & 63;
				this.words[word] |= stored << offset;
				if (offset + this.width > 64) {
					this.words[word + 1] |= stored >>> (64 - offset);
				}
			}
		}

		int get(int i) {
			long bit = (long) i * this.width;
			int word = (int) (bit >>> 6);
			int offset = (int) bit & 63;
			// The second word shifted in two steps: a shift by 64 would be a shift by 0.
			long bits = (this.words[word] >>> offset) | ((this.words[word + 1] << 1) << (63 - offset));
			int code = (int) (bits & this.mask);
			return (code <= this.allowCount) ? code : this.allowCount - code;
		}

		long bytes() {
			return 8L * this.words.length;
		}

	}

	/**
	 * The IPv4 intervals of flattened ranges: those with a code, cut at /16 boundaries.
	 */
	private static final class V4 {

		final char[] starts;

		final char[] ends;

		final Codes codes;

		final int @Nullable [] index;

		V4(Ranges ranges, int allowCount, int denyCount) {
			int pieces = 0;
			for (int i = 0; i < ranges.size; i++) {
				if (ranges.codes[i] != NONE) {
					pieces += (int) ((end(ranges, i) >>> 16) - (ranges.lo[i] >>> 16)) + 1;
				}
			}
			this.starts = new char[pieces];
			this.ends = new char[pieces];
			int[] codes = new int[pieces];
			this.index = (pieces > 0) ? new int[INDEX_SIZE + 1] : null;
			int piece = 0;
			int nextChunk = 0;
			for (int i = 0; i < ranges.size; i++) {
				int code = ranges.codes[i];
				if (code == NONE) {
					continue;
				}
				long start = ranges.lo[i];
				long end = end(ranges, i);
				for (long chunk = start >>> 16; chunk <= end >>> 16; chunk++) {
					nextChunk = pointIndex(this.index, nextChunk, chunk, piece);
					this.starts[piece] = (char) Math.max(start, chunk << 16);
					this.ends[piece] = (char) Math.min(end, (chunk << 16) | 0xFFFF);
					codes[piece] = code;
					piece++;
				}
			}
			if (this.index != null) {
				pointIndex(this.index, nextChunk, INDEX_SIZE, piece);
			}
			this.codes = new Codes(codes, pieces, allowCount, denyCount);
		}

		private static long end(Ranges ranges, int i) {
			return (i + 1 < ranges.size) ? ranges.lo[i + 1] - 1 : 0xFFFF_FFFFL;
		}

	}

	/**
	 * The IPv6 intervals of flattened ranges: those with a code, cut at top-group boundaries.
	 */
	private static final class V6 {

		final long[] startHi;

		final long[] startLo;

		final byte[] sizes;

		final Codes codes;

		final int @Nullable [] index;

		final int[] irregularAt;

		final long[] irregularEndHi;

		final long[] irregularEndLo;

		final int shared;

		final long region;

		final int chunkShift;

		V6(Ranges ranges, int allowCount, int denyCount) {
			long first = 0;
			long last = 0;
			boolean any = false;
			for (int i = 0; i < ranges.size; i++) {
				if (ranges.codes[i] != NONE) {
					first = any ? first : ranges.hi[i];
					last = endHi(ranges, i);
					any = true;
				}
			}
			// Intervals are sorted: the first start and the last end bound them all.
			this.shared = any ? Math.min(48, Long.numberOfLeadingZeros(first ^ last)) : 0;
			this.region = (this.shared == 0) ? 0 : first >>> (64 - this.shared);
			this.chunkShift = 48 - this.shared;
			int pieces = 0;
			for (int i = 0; i < ranges.size; i++) {
				if (ranges.codes[i] != NONE) {
					pieces += (int) (chunk(endHi(ranges, i)) - chunk(ranges.hi[i])) + 1;
				}
			}
			this.startHi = new long[pieces];
			this.startLo = new long[pieces];
			this.sizes = new byte[pieces];
			int[] codes = new int[pieces];
			this.index = (pieces > 0) ? new int[INDEX_SIZE + 1] : null;
			int[] irregular = new int[16];
			long[] irregularHi = new long[16];
			long[] irregularLo = new long[16];
			int irregularCount = 0;
			int piece = 0;
			int nextChunk = 0;
			long regionBits = (this.shared == 0) ? 0 : this.region << (64 - this.shared);
			for (int i = 0; i < ranges.size; i++) {
				int code = ranges.codes[i];
				if (code == NONE) {
					continue;
				}
				long endHi = endHi(ranges, i);
				long endLo = (i + 1 < ranges.size) ? ranges.lo[i + 1] - 1 : -1L;
				for (long chunk = chunk(ranges.hi[i]); chunk <= chunk(endHi); chunk++) {
					nextChunk = pointIndex(this.index, nextChunk, chunk, piece);
					boolean firstPiece = chunk == chunk(ranges.hi[i]);
					boolean lastPiece = chunk == chunk(endHi);
					long chunkStart = regionBits | (chunk << this.chunkShift);
					long sHi = firstPiece ? ranges.hi[i] : chunkStart;
					long sLo = firstPiece ? ranges.lo[i] : 0;
					long eHi = lastPiece ? endHi : chunkStart | ((1L << this.chunkShift) - 1);
					long eLo = lastPiece ? endLo : -1L;
					int size = blockSize(sHi, sLo, eHi, eLo);
					if (size < 0) {
						if (irregularCount == irregular.length) {
							irregular = Arrays.copyOf(irregular, irregularCount * 2);
							irregularHi = Arrays.copyOf(irregularHi, irregularCount * 2);
							irregularLo = Arrays.copyOf(irregularLo, irregularCount * 2);
						}
						irregular[irregularCount] = piece;
						irregularHi[irregularCount] = eHi ^ Long.MIN_VALUE;
						irregularLo[irregularCount] = eLo ^ Long.MIN_VALUE;
						irregularCount++;
					}
					this.startHi[piece] = sHi ^ Long.MIN_VALUE;
					this.startLo[piece] = sLo ^ Long.MIN_VALUE;
					this.sizes[piece] = (byte) size;
					codes[piece] = code;
					piece++;
				}
			}
			if (this.index != null) {
				pointIndex(this.index, nextChunk, INDEX_SIZE, piece);
			}
			this.codes = new Codes(codes, pieces, allowCount, denyCount);
			this.irregularAt = Arrays.copyOf(irregular, irregularCount);
			this.irregularEndHi = Arrays.copyOf(irregularHi, irregularCount);
			this.irregularEndLo = Arrays.copyOf(irregularLo, irregularCount);
		}

		/** The 16 index bits of a high word in the shared region. */
		private long chunk(long hi) {
			return (hi >>> this.chunkShift) & 0xFFFF;
		}

		private static long endHi(Ranges ranges, int i) {
			if (i + 1 == ranges.size) {
				return -1L;
			}
			return (ranges.lo[i + 1] == 0) ? ranges.hi[i + 1] - 1 : ranges.hi[i + 1];
		}

		/** Returns k if [s, e] is an aligned block of 2^k addresses, else {@link #IRREGULAR}. */
		private static int blockSize(long sHi, long sLo, long eHi, long eLo) {
			long dLo = eLo - sLo;
			long dHi = eHi - sHi - ((Long.compareUnsigned(eLo, sLo) < 0) ? 1 : 0);
			boolean allOnes = (dHi == 0) ? (dLo & (dLo + 1)) == 0 : dLo == -1L && (dHi & (dHi + 1)) == 0;
			if (!allOnes || (sHi & dHi) != 0 || (sLo & dLo) != 0) {
				return IRREGULAR;
			}
			return Long.bitCount(dHi) + Long.bitCount(dLo);
		}

	}

}
