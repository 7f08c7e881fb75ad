package io.github.ipwhitelist.rules;

import java.time.Instant;
import java.util.List;

import io.github.ipwhitelist.address.IpPrefix;
import org.jspecify.annotations.Nullable;

/**
 * The lookup of a small list (a tenant with a few entries): every prefix packed into one
 * {@code long[]}, scanned in full, expiry checked inline, so no table is rebuilt when an entry
 * expires and a tenant costs a few bytes per entry and one small object. It decides exactly as
 * a {@link LookupTable}: the most specific live deny entry, else the most specific live allow
 * entry, the first of equal prefixes.
 * <p>
 * The items and expiries are copied into the tenant's record ({@link TenantRecord}), next to
 * its id, so that a request reaches them with the id it compares; this class builds and reads them.
 * <p>
 * Layout: IPv4 items first, one word each ({@code network << 32 | length << 16 | code + BIAS}),
 * then IPv6 items, three words each (high, low, {@code length << 16 | code + BIAS}); expiries,
 * one per item in epoch nanoseconds, only when some entry expires. Codes as in
 * {@link LookupTable}.
 */
final class ScanTable {

	/** Most entries (allow and deny together) a scan table takes. */
	static final int MAX_ENTRIES = 32;

	private static final int BIAS = 0x8000;

	final long[] items;

	final long @Nullable [] expiries;

	final int v4Count;

	private ScanTable(long[] items, long @Nullable [] expiries, int v4Count) {
		this.items = items;
		this.expiries = expiries;
		this.v4Count = v4Count;
	}

	static ScanTable build(List<IpEntry> allow, List<IpEntry> deny) {
		int total = allow.size() + deny.size();
		if (total > MAX_ENTRIES) {
			throw new IllegalArgumentException("a scan table takes at most " + MAX_ENTRIES + " entries, not " + total);
		}
		int v4 = 0;
		boolean expiring = false;
		for (int kind = 0; kind < 2; kind++) {
			for (IpEntry entry : (kind == 0) ? deny : allow) {
				v4 += entry.prefix().isIpv4() ? 1 : 0;
				expiring |= entry.expiresAt() != null;
			}
		}
		long[] items = new long[v4 + 3 * (total - v4)];
		long[] expiries = expiring ? new long[total] : null;
		int at4 = 0;
		int at6 = v4;
		for (int kind = 0; kind < 2; kind++) {
			List<IpEntry> list = (kind == 0) ? deny : allow;
			for (int i = 0; i < list.size(); i++) {
				IpEntry entry = list.get(i);
				IpPrefix prefix = entry.prefix();
				int code = (kind == 0) ? -(i + 1) : i + 1;
				long meta = ((long) prefix.length() << 16) | (code + BIAS);
				int item;
				if (prefix.isIpv4()) {
					item = at4;
					items[at4++] = (prefix.lo() << 32) | meta;
				}
				else {
					item = v4 + (at6 - v4) / 3;
					items[at6++] = prefix.hi();
					items[at6++] = prefix.lo();
					items[at6++] = meta;
				}
				if (expiries != null) {
					expiries[item] = nanos(entry.expiresAt());
				}
			}
		}
		return new ScanTable(items, expiries, v4);
	}

	/**
	 * Returns an instant as nanoseconds since the epoch, saturated (an expiry past the year 2262
	 * never comes); {@code null} (no expiry) is {@link Long#MAX_VALUE}.
	 */
	static long nanos(@Nullable Instant instant) {
		if (instant == null) {
			return Long.MAX_VALUE;
		}
		long seconds = instant.getEpochSecond();
		if (seconds >= Long.MAX_VALUE / 1_000_000_000L) {
			return Long.MAX_VALUE;
		}
		if (seconds <= Long.MIN_VALUE / 1_000_000_000L) {
			return Long.MIN_VALUE;
		}
		return seconds * 1_000_000_000L + instant.getNano();
	}

	/**
	 * Returns the code of the entry deciding an address, allocating nothing, from the items and
	 * expiries laid out in a tenant's record ({@link TenantRecord}).
	 * @param data the record
	 * @param from where the items start
	 * @param v4Count the IPv4 items (one word each)
	 * @param to where the items end (IPv6 items follow the IPv4 ones, three words each)
	 * @param expiries where the expiries start (one per item), -1 when nothing expires
	 * @param ipv4 whether the address is IPv4 (its bits in the low 32 bits of {@code lo})
	 * @param hi the high 64 bits (IPv6)
	 * @param lo the low 64 bits
	 * @param now the instant, in epoch nanoseconds ({@link #nanos})
	 * @return the code, {@link LookupTable#NONE} if no live entry covers the address
	 */
	static int lookup(long[] data, int from, int v4Count, int to, int expiries, boolean ipv4, long hi, long lo,
			long now) {
		// The best deny and allow entry so far: (length + 1) << 32 | code, 0 for none.
		long allow = 0;
		long deny = 0;
		if (ipv4) {
			int address = (int) lo;
			for (int i = 0; i < v4Count; i++) {
				long item = data[from + i];
				int length = (int) (item >>> 16) & 0xFF;
				int mask = (length == 0) ? 0 : -1 << (32 - length);
				if ((((int) (item >>> 32) ^ address) & mask) != 0 || (expiries >= 0 && now >= data[expiries + i])) {
					continue;
				}
				int code = (int) (item & 0xFFFF) - BIAS;
				if (code < 0) {
					deny = better(deny, length, code);
				}
				else {
					allow = better(allow, length, code);
				}
			}
		}
		else {
			for (int at = from + v4Count, item = v4Count; at < to; at += 3, item++) {
				long meta = data[at + 2];
				int length = (int) (meta >>> 16) & 0xFF;
				if (!covers(data[at], data[at + 1], length, hi, lo) || (expiries >= 0 && now >= data[expiries + item])) {
					continue;
				}
				int code = (int) (meta & 0xFFFF) - BIAS;
				if (code < 0) {
					deny = better(deny, length, code);
				}
				else {
					allow = better(allow, length, code);
				}
			}
		}
		return (deny != 0) ? (int) deny : (int) allow;
	}

	/**
	 * Keeps the more specific of two entries; of equal prefix lengths the first one seen.
	 */
	private static long better(long best, int length, int code) {
		long candidate = ((long) (length + 1) << 32) | (code & 0xFFFF_FFFFL);
		return ((candidate >>> 32) > (best >>> 32)) ? candidate : best;
	}

	private static boolean covers(long prefixHi, long prefixLo, int length, long hi, long lo) {
		if (length <= 64) {
			long mask = (length == 0) ? 0 : -1L << (64 - length);
			return ((prefixHi ^ hi) & mask) == 0;
		}
		long mask = -1L << (128 - length);
		return prefixHi == hi && ((prefixLo ^ lo) & mask) == 0;
	}


}
