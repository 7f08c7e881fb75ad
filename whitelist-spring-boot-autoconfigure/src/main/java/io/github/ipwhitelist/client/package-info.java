/**
 * Client address resolution: which address a request comes from, given its socket peer and,
 * when the peer is a trusted proxy, the configured forwarding header
 * ({@link io.github.ipwhitelist.client.ClientIpResolver}). One parser per header grammar
 * (X-Forwarded-For, RFC 7239 Forwarded); the chain is walked from the right, skipping trusted
 * proxies, and a malformed hop that the walk reaches is reported, never skipped.
 * <p>
 * This package depends only on {@code io.github.ipwhitelist.address}, on no Spring or Servlet
 * type, and never resolves a host name.
 */
@NullMarked
package io.github.ipwhitelist.client;

import org.jspecify.annotations.NullMarked;
