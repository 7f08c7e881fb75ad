package io.github.ipwhitelist.client;

import io.github.ipwhitelist.address.InvalidSyntaxException;
import io.github.ipwhitelist.address.IpAddress;

/**
 * How one forwarding header names the hops of a request: where a line splits into hops, and
 * how one hop names an address.
 */
interface HeaderGrammar {

	/**
	 * Returns whether a comma inside a quoted string belongs to the hop (RFC 7239), rather
	 * than ending it.
	 * @return {@code true} if the grammar has quoted strings
	 */
	boolean hasQuotedStrings();

	/**
	 * Reads the address one hop names.
	 * @param hop the hop's text, as split from the line (white space around it allowed)
	 * @return the address, unmapped
	 * @throws InvalidSyntaxException if the hop names no address in this grammar
	 */
	IpAddress parseHop(String hop);

}
