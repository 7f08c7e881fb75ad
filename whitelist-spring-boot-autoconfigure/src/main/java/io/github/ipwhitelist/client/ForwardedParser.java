package io.github.ipwhitelist.client;

import java.util.Locale;

import io.github.ipwhitelist.address.InvalidSyntaxException;
import io.github.ipwhitelist.address.IpAddress;

import static io.github.ipwhitelist.client.Hops.checkPort;
import static io.github.ipwhitelist.client.Hops.parseBracketed;
import static io.github.ipwhitelist.client.Hops.parseHopAddress;
import static io.github.ipwhitelist.client.Hops.trimOws;

/**
 * The RFC 7239 {@code Forwarded} grammar: comma-separated forwarded-elements of
 * {@code name=value} pairs, values tokens or quoted strings; the client is the {@code for}
 * parameter (names matched case-insensitively, IPv6 bracketed and quoted, obfuscated
 * identifiers and {@code unknown} naming no address).
 */
final class ForwardedParser implements HeaderGrammar {

	private static final String KIND = "forwarded-element";

	@Override
	public boolean hasQuotedStrings() {
		return true;
	}

	@Override
	public IpAddress parseHop(String element) {
		return parse(element);
	}

	/**
	 * Parses the {@code for} parameter of one RFC 7239 forwarded-element.
	 */
	static IpAddress parse(String rawElement) {
		String element = trimOws(rawElement);
		if (element.isEmpty()) {
			throw new InvalidSyntaxException(KIND, rawElement, "empty forwarded-element");
		}
		String forValue = null;
		int i = 0;
		int length = element.length();
		while (i < length) {
			int eq = element.indexOf('=', i);
			if (eq < 0) {
				throw new InvalidSyntaxException(KIND, element, "parameter without '='");
			}
			String name = trimOws(element.substring(i, eq));
			if (name.isEmpty() || !isToken(name)) {
				throw new InvalidSyntaxException(KIND, element, "parameter name is not a token");
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
					throw new InvalidSyntaxException(KIND, element, "unclosed quoted string");
				}
				value = unquoted.toString();
				int semi = element.indexOf(';', j);
				String rest = trimOws(element.substring(j, (semi < 0) ? length : semi));
				if (!rest.isEmpty()) {
					throw new InvalidSyntaxException(KIND, element, "unexpected text after a quoted string");
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
					throw new InvalidSyntaxException(KIND, element, "more than one 'for' parameter");
				}
				forValue = value;
			}
		}
		if (forValue == null) {
			throw new InvalidSyntaxException(KIND, element, "forwarded-element without a 'for' parameter");
		}
		return parseForwardedNode(forValue);
	}

	private static IpAddress parseForwardedNode(String node) {
		if (node.isEmpty()) {
			throw new InvalidSyntaxException(KIND, node, "empty 'for' parameter");
		}
		if (node.equalsIgnoreCase("unknown")) {
			throw new InvalidSyntaxException(KIND, node, "'for=unknown' names no address");
		}
		if (node.charAt(0) == '_') {
			throw new InvalidSyntaxException(KIND, node, "obfuscated identifier names no address");
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
			throw new InvalidSyntaxException(KIND, node, "an IPv6 address must be in brackets in Forwarded");
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
					throw new InvalidSyntaxException(KIND, node, "obfuscated port is not a token");
				}
			}
			if (node.length() - start < 2) {
				throw new InvalidSyntaxException(KIND, node, "obfuscated port is empty");
			}
			return;
		}
		checkPort(node, start);
	}

	/**
	 * Whether a text is an RFC 9110 token (as header names and {@code Forwarded} parameter
	 * names are).
	 */
	static boolean isToken(String text) {
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

}
