/**
 * IP addresses and prefixes: immutable IPv4 and IPv6 values ({@link io.github.ipwhitelist.address.IpAddress},
 * {@link io.github.ipwhitelist.address.IpPrefix}), the strict parser of their text, a reusable
 * buffer that parses without allocating ({@link io.github.ipwhitelist.address.AddressBuffer}),
 * and the escaping of untrusted text for logs and messages.
 * <p>
 * An address is 128 bits and a family; an IPv4-mapped IPv6 address is not an IPv4 address
 * until unmapped; a prefix never mixes families. Text is parsed strictly (ASCII, dotted quads
 * without leading zeros, RFC 4291 IPv6, no zone ids) and written canonically (RFC 5952).
 * <p>
 * This package depends on no other package of the project, on no Spring or Servlet type, and
 * never resolves a host name.
 */
@NullMarked
package io.github.ipwhitelist.address;

import org.jspecify.annotations.NullMarked;
