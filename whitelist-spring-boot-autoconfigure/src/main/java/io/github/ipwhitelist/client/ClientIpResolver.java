package io.github.ipwhitelist.client;

import java.util.ArrayList;
import java.util.List;

import io.github.ipwhitelist.address.InvalidSyntaxException;
import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.address.IpPrefix;
import org.jspecify.annotations.Nullable;

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

	/** The configured prefixes and those of the trusted-proxy sources, replaced in one write. */
	private volatile TrustedProxies trusted;

	private volatile int sourceProxyCount;

	private final ForwardingHeader header;

	private final @Nullable HeaderGrammar grammar;

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
		this.trusted = TrustedProxies.of(this.trustedProxies);
		this.header = header;
		this.grammar = header.grammar();
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
	 * Returns the configured trusted proxy prefixes (without those of the trusted-proxy
	 * sources).
	 * @return the prefixes
	 */
	public List<IpPrefix> trustedProxies() {
		return this.trustedProxies;
	}

	/**
	 * Returns how many prefixes the trusted-proxy sources give now.
	 * @return the number of prefixes from sources
	 */
	public int sourceProxyCount() {
		return this.sourceProxyCount;
	}

	/**
	 * Replaces the prefixes of the trusted-proxy sources (a provider's published ranges): from
	 * now on a peer is trusted when a configured prefix or one of these holds it. Requests in
	 * flight see the old set or the new one, never a mix.
	 * @param prefixes every prefix of every trusted-proxy source
	 */
	public void useSourceProxies(List<IpPrefix> prefixes) {
		List<IpPrefix> all = new ArrayList<>(this.trustedProxies.size() + prefixes.size());
		all.addAll(this.trustedProxies);
		all.addAll(prefixes);
		this.trusted = TrustedProxies.of(all);
		this.sourceProxyCount = prefixes.size();
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
		catch (InvalidSyntaxException ex) {
			return ClientAddress.malformed(peer, "socket peer address is not an IP literal: " + ex.getProblem(),
					false);
		}
		TrustedProxies trusted = this.trusted;
		if (trusted.isEmpty() || !trusted.contains(peerAddress)) {
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
		HeaderGrammar grammar = this.grammar;
		if (grammar == null) {
			return single(lines);
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
		for (int i = hops.size() - 1; i >= 0; i--) {
			String hop = hops.get(i);
			IpAddress address;
			try {
				address = grammar.parseHop(hop);
			}
			catch (InvalidSyntaxException ex) {
				return ClientAddress.malformed(Hops.trimOws(hop), ex.getProblem(), true);
			}
			// The first untrusted hop from the right; if every hop is trusted, the leftmost.
			if (i == 0 || !trusted.contains(address)) {
				return ClientAddress.resolved(address, true);
			}
		}
		// A line always splits into at least one hop: the walk above has returned.
		return ClientAddress.malformed(this.header.headerName(), "no hop in " + this.header.headerName(), true);
	}

	/**
	 * Reads a single-address header: one line, one address (white space around it allowed),
	 * taken as the client whatever it is; anything else is malformed.
	 */
	private ClientAddress single(List<String> lines) {
		String name = this.header.headerName();
		if (lines.size() != 1) {
			return ClientAddress.malformed(name, lines.size() + " " + name + " headers; it holds exactly one address",
					true);
		}
		String value = Hops.trimOws(lines.get(0));
		if (value.indexOf(',') >= 0) {
			return ClientAddress.malformed(value, "more than one address in " + name + ", which holds exactly one",
					true);
		}
		try {
			return ClientAddress.resolved(IpAddress.parseClient(value), true);
		}
		catch (InvalidSyntaxException ex) {
			return ClientAddress.malformed(value, ex.getProblem(), true);
		}
	}

	/**
	 * Splits one header line at commas outside quoted strings.
	 * @return {@code false} if a quoted string is not closed
	 */
	private boolean split(String line, List<String> hops) {
		int start = 0;
		boolean quoted = false;
		HeaderGrammar grammar = this.grammar;
		boolean quotes = grammar != null && grammar.hasQuotedStrings();
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

	@Override
	public String toString() {
		return "ClientIpResolver[header=" + this.header.headerName() + ", trustedProxies=" + this.trustedProxies
				+ ", fromSources=" + this.sourceProxyCount + "]";
	}

}
