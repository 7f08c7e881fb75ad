package io.github.ipwhitelist.client;

import io.github.ipwhitelist.address.InvalidSyntaxException;
import io.github.ipwhitelist.address.IpAddress;

import static io.github.ipwhitelist.client.Hops.KIND;
import static io.github.ipwhitelist.client.Hops.checkPort;
import static io.github.ipwhitelist.client.Hops.parseBracketed;
import static io.github.ipwhitelist.client.Hops.parseHopAddress;
import static io.github.ipwhitelist.client.Hops.trimOws;

/**
 * The {@code X-Forwarded-For} grammar: comma-separated hops, each an address, with no quoted
 * strings.
 */
final class XForwardedForParser implements HeaderGrammar {

	@Override
	public boolean hasQuotedStrings() {
		return false;
	}

	@Override
	public IpAddress parseHop(String hop) {
		return parse(hop);
	}

	/**
	 * Parses one {@code X-Forwarded-For} hop: an IPv4 address with an optional port, an IPv6
	 * address, or a bracketed IPv6 address with an optional port. A bare IPv6 address is never
	 * read as address and port.
	 */
	static IpAddress parse(String rawHop) {
		String hop = trimOws(rawHop);
		if (hop.isEmpty()) {
			throw new InvalidSyntaxException(KIND, rawHop, "empty hop");
		}
		if (hop.equalsIgnoreCase("unknown")) {
			throw new InvalidSyntaxException(KIND, hop, "'unknown' names no address");
		}
		if (hop.charAt(0) == '[') {
			return parseBracketed(hop);
		}
		int colon = hop.indexOf(':');
		if (colon >= 0 && hop.indexOf(':', colon + 1) < 0 && hop.lastIndexOf('.', colon) >= 0) {
			checkPort(hop, colon + 1);
			return parseHopAddress(hop, hop.substring(0, colon), true);
		}
		return parseHopAddress(hop, hop, false);
	}

}
