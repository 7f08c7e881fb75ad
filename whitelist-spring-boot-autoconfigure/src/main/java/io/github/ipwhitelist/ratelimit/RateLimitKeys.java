package io.github.ipwhitelist.ratelimit;

import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.address.IpPrefix;

/**
 * The bucket key of a client: the IPv4 address itself, or the IPv6 address masked to a
 * prefix (one host usually owns a whole /64, so per-address IPv6 buckets would be free to
 * multiply).
 */
public final class RateLimitKeys {

	private final int ipv6PrefixLength;

	/**
	 * Creates the key function.
	 * @param ipv6PrefixLength the prefix length IPv6 clients are grouped by, 0 to 128
	 */
	public RateLimitKeys(int ipv6PrefixLength) {
		if (ipv6PrefixLength < 0 || ipv6PrefixLength > 128) {
			throw new IllegalArgumentException("IPv6 prefix length must be 0 to 128, was " + ipv6PrefixLength);
		}
		this.ipv6PrefixLength = ipv6PrefixLength;
	}

	/**
	 * Returns the key of a client.
	 * @param client the client address
	 * @return the key: a single-address prefix for IPv4, the grouping prefix for IPv6
	 */
	public IpPrefix keyOf(IpAddress client) {
		IpAddress address = client.unmap();
		if (address.isIpv4()) {
			return IpPrefix.single(address);
		}
		return IpPrefix.of(address.mask(this.ipv6PrefixLength), this.ipv6PrefixLength);
	}

}
