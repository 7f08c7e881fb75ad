package io.github.ipwhitelist.client;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.address.IpPrefix;

/**
 * An immutable set of proxy prefixes, looked up by binary search: a provider's published
 * ranges hold thousands of prefixes (AWS publishes more than 10,000), too many to scan for
 * every hop of every request.
 * <p>
 * Two prefixes either nest or do not meet at all, so once sorted and stripped of every prefix
 * that another covers, the prefixes are disjoint and in address order: the only one that can
 * hold an address is the last whose first address is not above it.
 */
public final class TrustedProxies {

	/** No proxy: the socket peer is always the client. */
	public static final TrustedProxies NONE = new TrustedProxies(new IpPrefix[0], 0);

	private final IpPrefix[] disjoint;

	private final int count;

	private TrustedProxies(IpPrefix[] disjoint, int count) {
		this.disjoint = disjoint;
		this.count = count;
	}

	/**
	 * Builds the set.
	 * @param prefixes the prefixes, in any order, overlapping or repeated
	 * @return the set
	 */
	public static TrustedProxies of(List<IpPrefix> prefixes) {
		if (prefixes.isEmpty()) {
			return NONE;
		}
		IpPrefix[] sorted = prefixes.toArray(new IpPrefix[0]);
		// Sorted by first address, then shorter first: a covering prefix comes before what it covers.
		Arrays.sort(sorted);
		List<IpPrefix> kept = new ArrayList<>(sorted.length);
		for (IpPrefix prefix : sorted) {
			if (kept.isEmpty() || !kept.get(kept.size() - 1).covers(prefix)) {
				kept.add(prefix);
			}
		}
		return new TrustedProxies(kept.toArray(new IpPrefix[0]), prefixes.size());
	}

	/**
	 * Returns whether an address is a trusted proxy.
	 * @param address the address (an IPv4-mapped address must be unmapped first)
	 * @return {@code true} if a prefix of the set holds it
	 */
	public boolean contains(IpAddress address) {
		IpPrefix[] prefixes = this.disjoint;
		int low = 0;
		int high = prefixes.length - 1;
		int candidate = -1;
		while (low <= high) {
			int mid = (low + high) >>> 1;
			if (prefixes[mid].address().compareTo(address) <= 0) {
				candidate = mid;
				low = mid + 1;
			}
			else {
				high = mid - 1;
			}
		}
		return candidate >= 0 && prefixes[candidate].contains(address);
	}

	/**
	 * Returns whether the set holds no prefix.
	 * @return {@code true} if no address is trusted
	 */
	public boolean isEmpty() {
		return this.disjoint.length == 0;
	}

	/**
	 * Returns how many prefixes the set was built from.
	 * @return the number of prefixes given, repeats and covered ones included
	 */
	public int size() {
		return this.count;
	}

	@Override
	public String toString() {
		return "TrustedProxies[" + this.count + " prefixes, " + this.disjoint.length + " disjoint]";
	}

}
