package io.github.ipwhitelist.rules;

/**
 * The direct index of a lookup table (DXR): one slot per value of 16 index bits, holding the
 * position of the first interval in that chunk; a chunk's intervals run up to the next slot's.
 */
final class ChunkIndex {

	/** Slots of an index, one spare at the end. */
	static final int SIZE = 1 << 16;

	private ChunkIndex() {
	}

	/**
	 * Points the slots of chunks {@code from} to {@code to} (both included) at an interval: the
	 * first interval of each chunk, or the one after the last for chunks with none.
	 * @return the next chunk to point
	 */
	static int point(int[] index, int from, long to, int interval) {
		int chunk = from;
		while (chunk <= to) {
			index[chunk++] = interval;
		}
		return chunk;
	}

}
