package io.github.ipwhitelist.client;

import java.io.Serializable;

import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.address.LogSafe;
import org.jspecify.annotations.Nullable;

/**
 * The client address resolved for one request, or why it could not be resolved.
 *
 * @param address the client address (IPv4 for a mapped client), {@code null} when malformed
 * @param fromHeader whether the address (or the malformed value) was taken from the forwarding
 * header rather than from the socket peer
 * @param malformedValue the hop or peer text that could not be parsed, escaped for display;
 * {@code null} when resolved
 * @param problem what is wrong with it; {@code null} when resolved
 */
public record ClientAddress(@Nullable IpAddress address, boolean fromHeader, @Nullable String malformedValue,
		@Nullable String problem) implements Serializable {

	static ClientAddress resolved(IpAddress address, boolean fromHeader) {
		return new ClientAddress(address, fromHeader, null, null);
	}

	static ClientAddress malformed(CharSequence value, String problem, boolean fromHeader) {
		return new ClientAddress(null, fromHeader, LogSafe.escape(value), problem);
	}

	/**
	 * Returns whether no address could be resolved because the peer or a hop was malformed.
	 * @return {@code true} if malformed
	 */
	public boolean isMalformed() {
		return this.address == null;
	}

	/**
	 * Returns the address of a client that was resolved.
	 * @return the address
	 * @throws IllegalStateException if the client is malformed
	 */
	public IpAddress requireAddress() {
		IpAddress resolved = this.address;
		if (resolved == null) {
			throw new IllegalStateException("No address: '" + this.malformedValue + "' is malformed");
		}
		return resolved;
	}

}
