package io.github.ipwhitelist.source;

/**
 * How a source's content is written.
 */
public enum SourceFormat {

	/**
	 * One entry a line: an address, a CIDR prefix or a range, optionally followed by a
	 * description, {@code expires=} and {@code env=}; {@code #} starts a comment. A list of
	 * bare CIDRs (Cloudflare's {@code ips-v4} and {@code ips-v6}) is such a file.
	 */
	PLAIN,

	/** AWS's {@code ip-ranges.json}: {@code prefixes[].ip_prefix} and {@code ipv6_prefixes[].ipv6_prefix}. */
	AWS,

	/** Google's {@code cloud.json} (and {@code goog.json}): {@code prefixes[].ipv4Prefix} or {@code ipv6Prefix}. */
	GOOGLE,

	/** Fastly's {@code public-ip-list}: {@code addresses[]} and {@code ipv6_addresses[]}. */
	FASTLY;

	/**
	 * Returns whether the format can be narrowed by service and region.
	 * @return {@code true} for AWS and Google
	 */
	public boolean hasFilters() {
		return this == AWS || this == GOOGLE;
	}

}
