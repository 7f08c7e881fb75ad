package io.github.ipwhitelist.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.ipwhitelist.address.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * Names the expired allow entry that would have listed an address, so that a denial can say
 * "entry X expired at T". The {@link LookupTable} cannot answer this: it holds only the entries
 * live in its window. This index holds every allow entry and filters by expiry when asked, so
 * it is built once (lazily, on the first denial after an allow entry has expired) and stays
 * right at every instant. One hash map per prefix length present, probed from the longest length
 * down: the cost grows with the number of distinct lengths (at most 33 for IPv4 and 129 for
 * IPv6), not with the number of entries. Immutable and thread-safe.
 */
final class ExpiredEntryIndex {

	private final Family ipv4;

	private final Family ipv6;

	ExpiredEntryIndex(List<IpEntry> entries) {
		List<IpEntry> v4 = new ArrayList<>();
		List<IpEntry> v6 = new ArrayList<>();
		for (IpEntry entry : entries) {
			(entry.prefix().isIpv4() ? v4 : v6).add(entry);
		}
		this.ipv4 = new Family(v4, 32);
		this.ipv6 = new Family(v6, 128);
	}

	/**
	 * Returns the entry with the longest prefix covering the address that has expired at
	 * {@code now}.
	 * @param address the address, already unmapped
	 * @param now the instant
	 * @return the entry, or {@code null}
	 */
	@Nullable IpEntry longestExpiredMatch(IpAddress address, Instant now) {
		return family(address).find(address, now, false);
	}

	private Family family(IpAddress address) {
		return address.isIpv4() ? this.ipv4 : this.ipv6;
	}

	private static final class Family {

		private final int[] lengths;

		private final List<Map<IpAddress, IpEntry[]>> byLength;

		Family(List<IpEntry> entries, int bits) {
			List<Map<IpAddress, List<IpEntry>>> building = new ArrayList<>();
			for (int i = 0; i <= bits; i++) {
				building.add(null);
			}
			for (IpEntry entry : entries) {
				int length = entry.prefix().length();
				Map<IpAddress, List<IpEntry>> map = building.get(length);
				if (map == null) {
					map = new HashMap<>();
					building.set(length, map);
				}
				map.computeIfAbsent(entry.prefix().address(), (key) -> new ArrayList<>(1)).add(entry);
			}
			int count = 0;
			int[] present = new int[bits + 1];
			this.byLength = new ArrayList<>(bits + 1);
			for (int length = bits; length >= 0; length--) {
				if (building.get(length) != null) {
					present[count++] = length;
				}
			}
			for (int length = 0; length <= bits; length++) {
				Map<IpAddress, List<IpEntry>> map = building.get(length);
				if (map == null) {
					this.byLength.add(Map.of());
					continue;
				}
				Map<IpAddress, IpEntry[]> frozen = new HashMap<>(map.size() * 2);
				map.forEach((key, list) -> frozen.put(key, list.toArray(new IpEntry[0])));
				this.byLength.add(frozen);
			}
			this.lengths = Arrays.copyOf(present, count);
		}

		@Nullable IpEntry find(IpAddress address, Instant now, boolean live) {
			for (int length : this.lengths) {
				IpEntry[] candidates = this.byLength.get(length).get(address.mask(length));
				if (candidates == null) {
					continue;
				}
				for (IpEntry candidate : candidates) {
					if (candidate.isLiveAt(now) == live) {
						return candidate;
					}
				}
			}
			return null;
		}

	}

}
