package io.github.ipwhitelist.rules;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * The IPv6 half of a lookup table: the ranges that have a code, cut at the boundaries of 16
 * index bits, and a direct index on those bits. The index bits are the 16 after the leading
 * bits that every interval shares (up to 48 of them, all of {@code 2000::/3} say, checked once
 * per lookup), so a feed inside one region still spreads over all 65,536 chunks.
 * <p>
 * Per interval: its first address (16 bytes, sign bits flipped so that signed order is
 * unsigned order) and, as one byte, the size of the aligned block it forms ({@code 2^k}
 * addresses). The rare interval that is no aligned block (an allow range cut by a deny) keeps
 * its last address aside.
 * <p>
 * A compact table (a tenant's, with fewer than {@value Ipv4Intervals#FLAT_MAX} intervals) has
 * no index and does not cut its intervals: a lookup binary-searches them all.
 */
final class Ipv6Intervals {

	/** Block size marking an interval that is not an aligned block. */
	private static final byte IRREGULAR = -1;

	private final long[] startHi;

	private final long[] startLo;

	private final byte[] sizes;

	private final PackedCodes codes;

	private final int @Nullable [] index;

	private final int shared;

	private final long region;

	private final int chunkShift;

	/** No index, intervals not cut: one chunk holds them all. */
	private final boolean flat;

	// Intervals that are no aligned block: their positions (ascending) and last addresses.
	private final int[] irregularAt;

	private final long[] irregularEndHi;

	private final long[] irregularEndLo;

	Ipv6Intervals(FlatRanges ranges, int allowCount, int denyCount, boolean compact) {
		int coded = 0;
		for (int i = 0; i < ranges.size; i++) {
			coded += (ranges.codes[i] != LookupTable.NONE) ? 1 : 0;
		}
		this.flat = compact && coded < Ipv4Intervals.FLAT_MAX;
		long first = 0;
		long last = 0;
		boolean any = false;
		for (int i = 0; i < ranges.size; i++) {
			if (ranges.codes[i] != LookupTable.NONE) {
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
			if (ranges.codes[i] != LookupTable.NONE) {
				pieces += (int) (chunk(endHi(ranges, i)) - chunk(ranges.hi[i])) + 1;
			}
		}
		this.startHi = new long[pieces];
		this.startLo = new long[pieces];
		this.sizes = new byte[pieces];
		int[] codes = new int[pieces];
		int[] index = (pieces > 0 && !this.flat) ? new int[ChunkIndex.SIZE + 1] : null;
		Irregular irregular = new Irregular();
		int piece = 0;
		int nextChunk = 0;
		long regionBits = (this.shared == 0) ? 0 : this.region << (64 - this.shared);
		for (int i = 0; i < ranges.size && (index != null || this.flat); i++) {
			int code = ranges.codes[i];
			if (code == LookupTable.NONE) {
				continue;
			}
			long endHi = endHi(ranges, i);
			long endLo = (i + 1 < ranges.size) ? ranges.lo[i + 1] - 1 : -1L;
			for (long chunk = chunk(ranges.hi[i]); chunk <= chunk(endHi); chunk++) {
				if (index != null) {
					nextChunk = ChunkIndex.point(index, nextChunk, chunk, piece);
				}
				boolean firstPiece = chunk == chunk(ranges.hi[i]);
				boolean lastPiece = chunk == chunk(endHi);
				long chunkStart = regionBits | (chunk << this.chunkShift);
				long sHi = firstPiece ? ranges.hi[i] : chunkStart;
				long sLo = firstPiece ? ranges.lo[i] : 0;
				long eHi = lastPiece ? endHi : chunkStart | ((1L << this.chunkShift) - 1);
				long eLo = lastPiece ? endLo : -1L;
				int size = blockSize(sHi, sLo, eHi, eLo);
				if (size == IRREGULAR) {
					irregular.add(piece, eHi ^ Long.MIN_VALUE, eLo ^ Long.MIN_VALUE);
				}
				this.startHi[piece] = sHi ^ Long.MIN_VALUE;
				this.startLo[piece] = sLo ^ Long.MIN_VALUE;
				this.sizes[piece] = (byte) size;
				codes[piece] = code;
				piece++;
			}
		}
		if (index != null) {
			ChunkIndex.point(index, nextChunk, ChunkIndex.SIZE, piece);
		}
		this.index = index;
		this.codes = new PackedCodes(codes, pieces, allowCount, denyCount);
		this.irregularAt = Arrays.copyOf(irregular.at, irregular.count);
		this.irregularEndHi = Arrays.copyOf(irregular.endHi, irregular.count);
		this.irregularEndLo = Arrays.copyOf(irregular.endLo, irregular.count);
	}

	/** The 16 index bits of a high word in the shared region. */
	private long chunk(long hi) {
		return this.flat ? 0 : (hi >>> this.chunkShift) & 0xFFFF;
	}

	private static long endHi(FlatRanges ranges, int i) {
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

	/**
	 * Returns the code of the entry deciding an address.
	 * @param hi the high 64 bits
	 * @param lo the low 64 bits
	 * @return the code, {@link LookupTable#NONE} if no entry covers it
	 */
	int lookup(long hi, long lo) {
		int[] index = this.index;
		if (index == null && (!this.flat || this.startHi.length == 0)) {
			return LookupTable.NONE;
		}
		long keyHi = hi ^ Long.MIN_VALUE;
		long keyLo = lo ^ Long.MIN_VALUE;
		if (this.shared != 0 && (hi >>> (64 - this.shared)) != this.region) {
			return LookupTable.NONE;
		}
		int low;
		int high;
		if (index != null) {
			int chunk = (int) (hi >>> this.chunkShift) & 0xFFFF;
			low = index[chunk];
			high = index[chunk + 1] - 1;
		}
		else {
			low = 0;
			high = this.startHi.length - 1;
		}
		long[] startHi = this.startHi;
		long[] startLo = this.startLo;
		if (high < low || startHi[low] > keyHi || (startHi[low] == keyHi && startLo[low] > keyLo)) {
			return LookupTable.NONE;
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
		int size = this.sizes[low];
		boolean inside = (size != IRREGULAR) ? inBlock(keyHi ^ startHi[low], keyLo ^ startLo[low], size)
				: notAfterIrregularEnd(low, keyHi, keyLo);
		return inside ? this.codes.get(low) : LookupTable.NONE;
	}

	/** Whether an address differing from an aligned block's start by these bits lies in the block of 2^size. */
	private static boolean inBlock(long diffHi, long diffLo, int size) {
		if (size < 64) {
			return diffHi == 0 && (diffLo >>> size) == 0;
		}
		return (size == 64) ? diffHi == 0 : (diffHi >>> (size - 64)) == 0;
	}

	private boolean notAfterIrregularEnd(int interval, long keyHi, long keyLo) {
		int at = Arrays.binarySearch(this.irregularAt, interval);
		long endHi = this.irregularEndHi[at];
		return keyHi < endHi || (keyHi == endHi && keyLo <= this.irregularEndLo[at]);
	}

	int size() {
		return this.startHi.length;
	}

	long bytes() {
		return 17L * this.startHi.length + this.codes.bytes() + ((this.index != null) ? 4L * this.index.length : 0)
				+ 20L * this.irregularAt.length;
	}

	/**
	 * Growable lists of the irregular intervals, while building.
	 */
	private static final class Irregular {

		int[] at = new int[16];

		long[] endHi = new long[16];

		long[] endLo = new long[16];

		int count;

		void add(int piece, long hi, long lo) {
			if (this.count == this.at.length) {
				this.at = Arrays.copyOf(this.at, this.count * 2);
				this.endHi = Arrays.copyOf(this.endHi, this.count * 2);
				this.endLo = Arrays.copyOf(this.endLo, this.count * 2);
			}
			this.at[this.count] = piece;
			this.endHi[this.count] = hi;
			this.endLo[this.count] = lo;
			this.count++;
		}

	}

}
