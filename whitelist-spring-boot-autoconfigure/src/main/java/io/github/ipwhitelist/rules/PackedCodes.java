package io.github.ipwhitelist.rules;

/**
 * Codes of the entries deciding the intervals of a lookup table, bit-packed on as few bits as
 * the two lists need: allow entry {@code k} (code {@code k + 1}) is stored as {@code k + 1},
 * deny entry {@code m} (code {@code -(m + 1)}) as {@code allowCount + m + 1}, none as 0. With
 * 1M entries a code takes 20 bits.
 */
final class PackedCodes {

	private final long[] words;

	private final int width;

	private final long mask;

	private final int allowCount;

	PackedCodes(int[] codes, int size, int allowCount, int denyCount) {
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
