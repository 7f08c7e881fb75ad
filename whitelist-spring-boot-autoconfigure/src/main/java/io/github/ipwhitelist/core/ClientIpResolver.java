package io.github.ipwhitelist.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the client address of a request from its socket peer and, when the peer is a trusted
 * proxy, the configured forwarding header.
 * <p>
 * Rules: the header is read only when the peer is trusted; every line of the header forms one
 * chain, in order; the chain is walked from the right, skipping trusted proxies; the first
 * untrusted hop is the client; if every hop is trusted, the leftmost. A malformed hop reached by
 * the walk makes the whole request malformed: it is never skipped, and the walk never falls
 * back to the proxy's address. Work is bounded: a header longer than {@code maxHeaderLength}
 * characters or with more than {@code maxHops} hops is malformed before it is parsed.
 */
public final class ClientIpResolver {

	private final List<IpPrefix> trustedProxies;

	private final ForwardingHeader header;

	private final int maxHops;

	private final int maxHeaderLength;

	/**
	 * Creates a resolver.
	 * @param trustedProxies the prefixes of the proxies whose header is believed; empty to
	 * always use the socket peer
	 * @param header the forwarding header to read
	 * @param maxHops the most hops a chain may hold
	 * @param maxHeaderLength the most characters all lines of the header may hold together
	 */
	public ClientIpResolver(List<IpPrefix> trustedProxies, ForwardingHeader header, int maxHops, int maxHeaderLength) {
		if (maxHops < 1) {
			throw new IllegalArgumentException("maxHops must be at least 1, was " + maxHops);
		}
		if (maxHeaderLength < 1) {
			throw new IllegalArgumentException("maxHeaderLength must be at least 1, was " + maxHeaderLength);
		}
		this.trustedProxies = List.copyOf(trustedProxies);
		this.header = header;
		this.maxHops = maxHops;
		this.maxHeaderLength = maxHeaderLength;
	}

	/**
	 * Returns the header this resolver reads.
	 * @return the header
	 */
	public ForwardingHeader header() {
		return this.header;
	}

	/**
	 * Returns the trusted proxy prefixes.
	 * @return the prefixes
	 */
	public List<IpPrefix> trustedProxies() {
		return this.trustedProxies;
	}

	/**
	 * Resolves the client.
	 * @param peer the socket peer address as the server reports it (a zone id is dropped:
	 * this text comes from the socket, not from the client)
	 * @param headerLines every line of the forwarding header, in the order received; empty if
	 * absent
	 * @return the client address, or why there is none
	 */
	public ClientAddress resolve(String peer, List<String> headerLines) {
		return resolve(peer, () -> headerLines);
	}

	/**
	 * Resolves the client, reading the header lines only when the peer is a trusted proxy.
	 * @param peer the socket peer address as the server reports it
	 * @param headerLines supplies every line of the forwarding header, in order
	 * @return the client address, or why there is none
	 */
	public ClientAddress resolve(String peer, java.util.function.Supplier<List<String>> headerLines) {
		IpAddress peerAddress;
		try {
			int zone = peer.indexOf('%');
			peerAddress = IpAddress.parseClient((zone >= 0) ? peer.substring(0, zone) : peer);
		}
		catch (InvalidIpAddressException ex) {
			return ClientAddress.malformed(peer, "socket peer address is not an IP literal: " + ex.getProblem(),
					false);
		}
		if (this.trustedProxies.isEmpty() || !isTrusted(peerAddress)) {
			return ClientAddress.resolved(peerAddress, false);
		}
		List<String> lines = headerLines.get();
		if (lines.isEmpty()) {
			return ClientAddress.resolved(peerAddress, false);
		}
		int total = 0;
		for (String line : lines) {
			total += line.length();
			if (total > this.maxHeaderLength) {
				return ClientAddress.malformed(this.header.headerName(),
						"header longer than " + this.maxHeaderLength + " characters", true);
			}
		}
		List<String> hops = new ArrayList<>();
		for (String line : lines) {
			if (!split(line, hops)) {
				return ClientAddress.malformed(line, "unbalanced quotes in " + this.header.headerName(), true);
			}
			if (hops.size() > this.maxHops) {
				return ClientAddress.malformed(this.header.headerName(),
						"more than " + this.maxHops + " hops in " + this.header.headerName(), true);
			}
		}
		IpAddress leftmost = null;
		for (int i = hops.size() - 1; i >= 0; i--) {
			String hop = hops.get(i);
			IpAddress address;
			try {
				address = (this.header == ForwardingHeader.FORWARDED) ? parseForwardedElement(hop) : parseXffHop(hop);
			}
			catch (InvalidIpAddressException ex) {
				return ClientAddress.malformed(trimOws(hop), ex.getProblem(), true);
			}
			if (!isTrusted(address)) {
				return ClientAddress.resolved(address, true);
			}
			leftmost = address;
		}
		return ClientAddress.resolved(leftmost, true);
	}

	private boolean isTrusted(IpAddress address) {
		for (IpPrefix prefix : this.trustedProxies) {
			if (prefix.contains(address)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Splits one header line at commas outside quoted strings.
	 * @return {@code false} if a quoted string is not closed
	 */
	private boolean split(String line, List<String> hops) {
		int start = 0;
		boolean quoted = false;
		boolean quotes = this.header == ForwardingHeader.FORWARDED;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quotes && quoted && c == '\\') {
				i++;
			}
			else if (quotes && c == '"') {
				quoted = !quoted;
			}
			else if (c == ',' && !quoted) {
				hops.add(line.substring(start, i));
				start = i + 1;
				if (hops.size() > this.maxHops) {
					return true;
				}
			}
		}
		hops.add(line.substring(start));
		return !quoted;
	}

	static String trimOws(String text) {
		int start = 0;
		int end = text.length();
		while (start < end && isOws(text.charAt(start))) {
			start++;
		}
		while (end > start && isOws(text.charAt(end - 1))) {
			end--;
		}
		return text.substring(start, end);
	}

	private static boolean isOws(char c) {
		return c == ' ' || c == '\t';
	}

	/**
	 * Parses one {@code X-Forwarded-For} hop: an IPv4 address with an optional port, an IPv6
	 * address, or a bracketed IPv6 address with an optional port. A bare IPv6 address is never
	 * read as address and port.
	 */
	static IpAddress parseXffHop(String rawHop) {
		String hop = trimOws(rawHop);
		if (hop.isEmpty()) {
			throw new InvalidIpAddressException(rawHop, "empty hop");
		}
		if (hop.equalsIgnoreCase("unknown")) {
			throw new InvalidIpAddressException(hop, "'unknown' names no address");
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

	private static IpAddress parseBracketed(String hop) {
		int close = hop.indexOf(']');
		if (close < 0) {
			throw new InvalidIpAddressException(hop, "'[' without ']'");
		}
		if (close + 1 < hop.length()) {
			if (hop.charAt(close + 1) != ':') {
				throw new InvalidIpAddressException(hop, "unexpected text after ']'");
			}
			checkPort(hop, close + 2);
		}
		IpAddress address = parseHopAddress(hop, hop.substring(1, close), false);
		if (address.isIpv4() && !hop.substring(1, close).contains(":")) {
			throw new InvalidIpAddressException(hop, "brackets hold an IPv6 address, not IPv4");
		}
		return address;
	}

	private static IpAddress parseHopAddress(String hop, String text, boolean ipv4Only) {
		try {
			IpAddress address = IpAddress.parse(text);
			if (ipv4Only && !address.isIpv4()) {
				throw new InvalidIpAddressException(hop, "not an IPv4 address with a port");
			}
			return address.unmap();
		}
		catch (InvalidIpAddressException ex) {
			if (text.equals(hop)) {
				throw ex;
			}
			throw new InvalidIpAddressException(hop, ex.getProblem());
		}
	}

	private static void checkPort(String hop, int start) {
		int end = hop.length();
		if (start >= end || end - start > 5) {
			throw new InvalidIpAddressException(hop, "port is not a number from 1 to 65535");
		}
		int port = 0;
		for (int i = start; i < end; i++) {
			char c = hop.charAt(i);
			if (c < '0' || c > '9') {
				throw new InvalidIpAddressException(hop, "port is not a number from 1 to 65535");
			}
			port = port * 10 + (c - '0');
		}
		if (port < 1 || port > 65535) {
			throw new InvalidIpAddressException(hop, "port " + port + " is out of range 1..65535");
		}
	}

	/**
	 * Parses the {@code for} parameter of one RFC 7239 forwarded-element.
	 */
	static IpAddress parseForwardedElement(String rawElement) {
		String element = trimOws(rawElement);
		if (element.isEmpty()) {
			throw new InvalidIpAddressException(rawElement, "empty forwarded-element");
		}
		String forValue = null;
		int i = 0;
		int length = element.length();
		while (i < length) {
			int eq = element.indexOf('=', i);
			if (eq < 0) {
				throw new InvalidIpAddressException(element, "parameter without '='");
			}
			String name = trimOws(element.substring(i, eq));
			if (name.isEmpty() || !isToken(name)) {
				throw new InvalidIpAddressException(element, "parameter name is not a token");
			}
			int j = eq + 1;
			String value;
			if (j < length && element.charAt(j) == '"') {
				StringBuilder unquoted = new StringBuilder();
				j++;
				boolean closed = false;
				while (j < length) {
					char c = element.charAt(j);
					if (c == '\\' && j + 1 < length) {
						unquoted.append(element.charAt(j + 1));
						j += 2;
						continue;
					}
					if (c == '"') {
						closed = true;
						j++;
						break;
					}
					unquoted.append(c);
					j++;
				}
				if (!closed) {
					throw new InvalidIpAddressException(element, "unclosed quoted string");
				}
				value = unquoted.toString();
				int semi = element.indexOf(';', j);
				String rest = trimOws(element.substring(j, (semi < 0) ? length : semi));
				if (!rest.isEmpty()) {
					throw new InvalidIpAddressException(element, "unexpected text after a quoted string");
				}
				i = (semi < 0) ? length : semi + 1;
			}
			else {
				int semi = element.indexOf(';', j);
				value = trimOws(element.substring(j, (semi < 0) ? length : semi));
				i = (semi < 0) ? length : semi + 1;
			}
			if (name.toLowerCase(Locale.ROOT).equals("for")) {
				if (forValue != null) {
					throw new InvalidIpAddressException(element, "more than one 'for' parameter");
				}
				forValue = value;
			}
		}
		if (forValue == null) {
			throw new InvalidIpAddressException(element, "forwarded-element without a 'for' parameter");
		}
		return parseForwardedNode(forValue);
	}

	private static IpAddress parseForwardedNode(String node) {
		if (node.isEmpty()) {
			throw new InvalidIpAddressException(node, "empty 'for' parameter");
		}
		if (node.equalsIgnoreCase("unknown")) {
			throw new InvalidIpAddressException(node, "'for=unknown' names no address");
		}
		if (node.charAt(0) == '_') {
			throw new InvalidIpAddressException(node, "obfuscated identifier names no address");
		}
		if (node.charAt(0) == '[') {
			int close = node.indexOf(']');
			if (close > 0 && close + 2 < node.length() && node.charAt(close + 1) == ':' && node.charAt(close + 2) == '_') {
				checkForwardedPort(node, close + 2);
				return parseBracketed(node.substring(0, close + 1));
			}
			return parseBracketed(node);
		}
		int colon = node.indexOf(':');
		if (colon >= 0 && node.indexOf(':', colon + 1) >= 0) {
			throw new InvalidIpAddressException(node, "an IPv6 address must be in brackets in Forwarded");
		}
		if (colon >= 0) {
			checkForwardedPort(node, colon + 1);
			return parseHopAddress(node, node.substring(0, colon), true);
		}
		return parseHopAddress(node, node, true);
	}

	/** RFC 7239 §6.3: a node-port is a number or an obfuscated {@code _} token. */
	private static void checkForwardedPort(String node, int start) {
		if (start < node.length() && node.charAt(start) == '_') {
			for (int i = start + 1; i < node.length(); i++) {
				char c = node.charAt(i);
				if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
						|| c == '_' || c == '-')) {
					throw new InvalidIpAddressException(node, "obfuscated port is not a token");
				}
			}
			if (node.length() - start < 2) {
				throw new InvalidIpAddressException(node, "obfuscated port is empty");
			}
			return;
		}
		checkPort(node, start);
	}

	private static boolean isToken(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
			if (!ok) {
				return false;
			}
		}
		return true;
	}

	@Override
	public String toString() {
		return "ClientIpResolver[header=" + this.header.headerName() + ", trustedProxies=" + this.trustedProxies + "]";
	}

}
