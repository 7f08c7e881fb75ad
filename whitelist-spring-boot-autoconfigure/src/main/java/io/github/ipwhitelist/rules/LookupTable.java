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
 * Every live prefix (allow and deny, both families) is flattened into disjoint ranges, each
 * carrying the code of the entry that decides it ({@link PrefixSweep}): the most specific deny
 * entry covering it, else the most specific allow entry. Each family's ranges with a code are
 * kept as intervals with a direct index ({@link Ipv4Intervals}, {@link Ipv6Intervals}) and
 * bit-packed codes ({@link PackedCodes}).
 * <p>
 * Codes: {@link #NONE} none, {@code k > 0} allow entry {@code k - 1}, {@code k < 0} deny entry
 * {@code -k - 1}, indices into the rule set's lists. The table is valid for the instants in
 * {@code [validFrom, validUntil)}, in which no entry expires; the rule set rebuilds it when the
 * clock leaves that window.
 */
final class LookupTable {

	static final int NONE = 0;

	/** Entries per list are fewer than this: positions must fit the sort keys. */
	static final int MAX_ENTRIES = 1 << PrefixSweep.INDEX_BITS;

	final @Nullable Instant validFrom;

	final @Nullable Instant validUntil;

	private final Ipv4Intervals v4;

	private final Ipv6Intervals v6;

	private LookupTable(@Nullable Instant validFrom, @Nullable Instant validUntil, Ipv4Intervals v4, Ipv6Intervals v6) {
		this.validFrom = validFrom;
		this.validUntil = validUntil;
		this.v4 = v4;
		this.v6 = v6;
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
		return ipv4 ? this.v4.lookup((int) lo) : this.v6.lookup(hi, lo);
	}

	/**
	 * Returns the number of intervals, both families together.
	 * @return the intervals
	 */
	int ranges() {
		return this.v4.size() + this.v6.size();
	}

	/**
	 * Returns the bytes held by the primitive arrays (array headers left out).
	 * @return an estimate of the retained size
	 */
	long bytes() {
		return this.v4.bytes() + this.v6.bytes();
	}

	/**
	 * Builds the table of the entries live at {@code now}.
	 */
	static LookupTable build(List<IpEntry> allow, List<IpEntry> deny, Instant now) {
		return build(allow, deny, now, false);
	}

	/**
	 * Builds the table of the entries live at {@code now}; a compact table (a tenant's) has no
	 * direct index while its intervals are few.
	 */
	static LookupTable build(List<IpEntry> allow, List<IpEntry> deny, Instant now, boolean compact) {
		if (allow.size() >= MAX_ENTRIES || deny.size() >= MAX_ENTRIES) {
			throw new IllegalArgumentException(
					"Too many entries: " + Math.max(allow.size(), deny.size()) + " (at most " + (MAX_ENTRIES - 1) + ")");
		}
		Instant validFrom = null;
		Instant validUntil = null;
		// One pass over the entries: the window of validity, and the live prefixes as primitive
		// keys, deny first, which the stable sorts keep among equal prefixes.
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
				long tag = PrefixSweep.tag(kind == 1, i);
				if (prefix.isIpv4()) {
					if (v4Count == v4Keys.length) {
						v4Keys = Arrays.copyOf(v4Keys, grow(v4Count, size));
					}
					v4Keys[v4Count++] = (prefix.lo() << 32) | ((long) prefix.length() << (PrefixSweep.INDEX_BITS + 1))
							| tag;
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
					v6Rest[v6Count++] = ((long) prefix.length() << (PrefixSweep.INDEX_BITS + 1)) | tag;
				}
			}
		}
		Ipv4Intervals v4 = new Ipv4Intervals(PrefixSweep.ipv4(v4Keys, v4Count), allow.size(), deny.size(),
				compact);
		Ipv6Intervals v6 = new Ipv6Intervals(PrefixSweep.ipv6(v6Hi, v6Lo, v6Rest, v6Count), allow.size(), deny.size(),
				compact);
		return new LookupTable(validFrom, validUntil, v4, v6);
	}

	private static int grow(int count, int listSize) {
		return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(count * 2L, Math.min(listSize, count * 8L)));
	}

}
