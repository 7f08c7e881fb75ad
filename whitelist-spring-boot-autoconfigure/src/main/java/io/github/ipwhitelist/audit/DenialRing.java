package io.github.ipwhitelist.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} denials, the oldest overwritten first. Thread-safe.
 */
final class DenialRing {

	private final DenialRecord[] ring;

	private long written;

	DenialRing(int capacity) {
		this.ring = new DenialRecord[capacity];
	}

	synchronized void add(DenialRecord record) {
		this.ring[(int) (this.written % this.ring.length)] = record;
		this.written++;
	}

	/**
	 * Returns the kept denials, newest first.
	 * @return at most {@code capacity} records
	 */
	synchronized List<DenialRecord> newestFirst() {
		int size = (int) Math.min(this.written, this.ring.length);
		List<DenialRecord> result = new ArrayList<>(size);
		for (int i = 1; i <= size; i++) {
			result.add(this.ring[(int) ((this.written - i) % this.ring.length)]);
		}
		return result;
	}

	int capacity() {
		return this.ring.length;
	}

}
