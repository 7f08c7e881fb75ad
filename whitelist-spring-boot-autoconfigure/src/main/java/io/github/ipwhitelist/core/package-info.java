/**
 * Address core of the IP whitelist: strict parsing of IPv4 and IPv6 text, immutable address
 * and prefix values, the compiled rule set that decides one address, and the resolution of the
 * client address from a socket peer and a forwarding header.
 * <p>
 * Nothing in this package depends on Spring or on the Servlet API, and nothing here ever
 * resolves a host name: every address is parsed from its literal text.
 */
@NullMarked
package io.github.ipwhitelist.core;

import org.jspecify.annotations.NullMarked;
