package io.github.ipwhitelist.rules;

import java.util.Arrays;

/**
 * The address space of one family cut into consecutive ranges, each with the code of the
 * entry that decides it ({@link LookupTable#NONE} for none), as growable primitive arrays. A
 * range ends where the next begins; neighbours with the same code are merged as they come.
 */
final class FlatRanges {

	private final boolean wide;

	long[] hi;

	long[] lo;

	int[] codes;

	int size;

	/**
	 * Creates empty ranges.
	 * @param wide whether starts have a high word (IPv6); IPv4 starts are in {@code lo}
	 * @param capacity the expected number of ranges
	 */
	FlatRanges(boolean wide, int capacity) {
		this.wide = wide;
		this.hi = wide ? new long[capacity] : new long[0];
		this.lo = new long[capacity];
		this.codes = new int[capacity];
	}

	/**
	 * Starts a new range at the given address (a range starting at the same address as the
	 * last one replaces its code).
	 */
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
