package io.github.ipwhitelist.rules;

import org.jspecify.annotations.Nullable;

/**
 * A tenant's record: one {@code long[]} with everything a request needs to find the tenant and,
 * for a small tenant, to decide its address, so that the lookup reads one slot of the index and
 * one array (a cache line or two) instead of a chain of objects:
 * <ul>
 * <li>word 0, the header: the id's length (bits 0-7), flags (8-11: a full rule set decides, the
 * gate is on, the mode is permissive, some entry expires), the IPv4 items (12-18), the words of
 * items (19-26), the id's hash (32-63);</li>
 * <li>the id, eight ASCII characters a word;</li>
 * <li>the scanned items ({@link ScanTable}), then one expiry per item when some entry expires.</li>
 * </ul>
 */
final class TenantRecord {

	static final int LARGE = 1 << 8;

	static final int ENABLED = 1 << 9;

	static final int PERMISSIVE = 1 << 10;

	static final int EXPIRING = 1 << 11;

	private TenantRecord() {
	}

	static long[] build(String tenant, boolean enabled, Mode mode, @Nullable ScanTable scan) {
		int length = tenant.length();
		int idWords = (length + 7) >>> 3;
		int items = (scan != null) ? scan.items.length : 0;
		long[] expiries = (scan != null) ? scan.expiries : null;
		long[] record = new long[1 + idWords + items + ((expiries != null) ? expiries.length : 0)];
		int flags = ((scan == null) ? LARGE : 0) | (enabled ? ENABLED : 0) | ((mode == Mode.PERMISSIVE) ? PERMISSIVE : 0)
				| ((expiries != null) ? EXPIRING : 0);
		int v4 = (scan != null) ? scan.v4Count : 0;
		record[0] = ((long) hash(tenant) << 32) | ((long) items << 19) | ((long) v4 << 12) | flags | length;
		for (int i = 0; i < length; i++) {
			record[1 + (i >>> 3)] |= (long) (tenant.charAt(i) & 0xFF) << ((i & 7) << 3);
		}
		if (scan != null) {
			System.arraycopy(scan.items, 0, record, 1 + idWords, items);
			if (expiries != null) {
				System.arraycopy(expiries, 0, record, 1 + idWords + items, expiries.length);
			}
		}
		return record;
	}

	/**
	 * The hash of an id: its {@code String} hash (cached in the string), mixed.
	 */
	static int hash(String tenant) {
		int h = tenant.hashCode() * 0x9E3779B9;
		return h ^ (h >>> 16);
	}

	/**
	 * Whether the record is the given id's, without allocating.
	 */
	static boolean matches(long[] record, String tenant, int hash) {
		long header = record[0];
		int length = tenant.length();
		if ((int) (header >>> 32) != hash || (int) (header & 0xFF) != length || length == 0) {
			return false;
		}
		// Stored ids are ASCII: a character of 0x80 or above never equals a stored byte.
		for (int i = 0; i < length; i++) {
			if (tenant.charAt(i) != ((record[1 + (i >>> 3)] >>> ((i & 7) << 3)) & 0xFF)) {
				return false;
			}
		}
		return true;
	}

	static int flags(long[] record) {
		return (int) record[0] & 0xF00;
	}

	/**
	 * Decides a small tenant's address from its record alone.
	 * @return the code ({@link LookupTable#NONE} if no live entry covers it)
	 */
	static int lookup(long[] record, boolean ipv4, long hi, long lo, long now) {
		long header = record[0];
		int from = 1 + (((int) (header & 0xFF) + 7) >>> 3);
		int v4 = (int) (header >>> 12) & 0x7F;
		int to = from + ((int) (header >>> 19) & 0xFF);
		int expiries = ((header & EXPIRING) != 0) ? to : -1;
		return ScanTable.lookup(record, from, v4, to, expiries, ipv4, hi, lo, now);
	}

}
