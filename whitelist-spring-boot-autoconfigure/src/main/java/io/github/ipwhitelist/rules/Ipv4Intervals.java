package io.github.ipwhitelist.rules;

import org.jspecify.annotations.Nullable;

/**
 * The IPv4 half of a lookup table: the ranges that have a code, cut at every /16 boundary,
 * 4 bytes each (the low 16 bits of the first and the last address) plus its packed code, and
 * a direct index on the high 16 bits. A lookup reads the index, then binary-searches the few
 * intervals of that /16.
 * <p>
 * A compact table (a tenant's, with fewer than {@value #FLAT_MAX} intervals) has no index,
 * whose 256 KiB would dwarf a small list: its intervals keep their full 32-bit bounds and a
 * lookup binary-searches them all.
 */
final class Ipv4Intervals {

	private final char[] starts;

	private final char[] ends;

	private final PackedCodes codes;

	/** Most intervals of a compact table without index. */
	static final int FLAT_MAX = 1 << 14;

	private final int @Nullable [] index;

	// Flat tables: the bounds, sign bit flipped so that signed order is unsigned order.
	private final int @Nullable [] flatStarts;

	private final int @Nullable [] flatEnds;

	Ipv4Intervals(FlatRanges ranges, int allowCount, int denyCount, boolean compact) {
		int coded = 0;
		for (int i = 0; i < ranges.size; i++) {
			coded += (ranges.codes[i] != LookupTable.NONE) ? 1 : 0;
		}
		if (compact && coded < FLAT_MAX) {
			this.starts = new char[0];
			this.ends = new char[0];
			this.index = null;
			int[] flatStarts = new int[coded];
			int[] flatEnds = new int[coded];
			int[] codes = new int[coded];
			int at = 0;
			for (int i = 0; i < ranges.size; i++) {
				if (ranges.codes[i] != LookupTable.NONE) {
					flatStarts[at] = (int) ranges.lo[i] ^ Integer.MIN_VALUE;
					flatEnds[at] = (int) end(ranges, i) ^ Integer.MIN_VALUE;
					codes[at++] = ranges.codes[i];
				}
			}
			this.flatStarts = flatStarts;
			this.flatEnds = flatEnds;
			this.codes = new PackedCodes(codes, coded, allowCount, denyCount);
			return;
		}
		this.flatStarts = null;
		this.flatEnds = null;
		int pieces = 0;
		for (int i = 0; i < ranges.size; i++) {
			if (ranges.codes[i] != LookupTable.NONE) {
				pieces += (int) ((end(ranges, i) >>> 16) - (ranges.lo[i] >>> 16)) + 1;
			}
		}
		this.starts = new char[pieces];
		this.ends = new char[pieces];
		int[] codes = new int[pieces];
		int[] index = (pieces > 0) ? new int[ChunkIndex.SIZE + 1] : null;
		int piece = 0;
		int nextChunk = 0;
		for (int i = 0; i < ranges.size && index != null; i++) {
			int code = ranges.codes[i];
			if (code == LookupTable.NONE) {
				continue;
			}
			long start = ranges.lo[i];
			long end = end(ranges, i);
			for (long chunk = start >>> 16; chunk <= end >>> 16; chunk++) {
				nextChunk = ChunkIndex.point(index, nextChunk, chunk, piece);
				this.starts[piece] = (char) Math.max(start, chunk << 16);
				this.ends[piece] = (char) Math.min(end, (chunk << 16) | 0xFFFF);
				codes[piece] = code;
				piece++;
			}
		}
		if (index != null) {
			ChunkIndex.point(index, nextChunk, ChunkIndex.SIZE, piece);
		}
		this.index = index;
		this.codes = new PackedCodes(codes, pieces, allowCount, denyCount);
	}

	private static long end(FlatRanges ranges, int i) {
		return (i + 1 < ranges.size) ? ranges.lo[i + 1] - 1 : 0xFFFF_FFFFL;
	}

	/**
	 * Returns the code of the entry deciding an address.
	 * @param address the 32 bits
	 * @return the code, {@link LookupTable#NONE} if no entry covers it
	 */
	int lookup(int address) {
		int[] index = this.index;
		if (index == null) {
			return flatLookup(address);
		}
		int chunk = address >>> 16;
		int low = index[chunk];
		int high = index[chunk + 1] - 1;
		char key = (char) address;
		char[] starts = this.starts;
		if (high < low || starts[low] > key) {
			return LookupTable.NONE;
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
		return (this.ends[low] >= key) ? this.codes.get(low) : LookupTable.NONE;
	}

	private int flatLookup(int address) {
		int[] starts = this.flatStarts;
		int[] ends = this.flatEnds;
		if (starts == null || ends == null || starts.length == 0) {
			return LookupTable.NONE;
		}
		int key = address ^ Integer.MIN_VALUE;
		int low = 0;
		int high = starts.length - 1;
		if (starts[0] > key) {
			return LookupTable.NONE;
		}
		while (low < high) {
			int mid = (low + high + 1) >>> 1;
			if (starts[mid] <= key) {
				low = mid;
			}
			else {
				high = mid - 1;
			}
		}
		return (ends[low] >= key) ? this.codes.get(low) : LookupTable.NONE;
	}

	int size() {
		return (this.flatStarts != null) ? this.flatStarts.length : this.starts.length;
	}

	long bytes() {
		return 4L * this.starts.length + this.codes.bytes() + ((this.index != null) ? 4L * this.index.length : 0)
				+ ((this.flatStarts != null) ? 8L * this.flatStarts.length : 0);
	}

}
