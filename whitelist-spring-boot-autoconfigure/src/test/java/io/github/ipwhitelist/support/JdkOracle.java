package io.github.ipwhitelist.support;

import java.net.InetAddress;
import java.net.UnknownHostException;

import io.github.ipwhitelist.address.IpAddress;

/**
 * Independent implementations used as test oracles. The JDK is asked only about literals
 * built from bytes ({@link InetAddress#getByAddress(byte[])}) or literals that our own
 * generators produce, never about input that could be a host name.
 */
public final class JdkOracle {

	private JdkOracle() {
	}

	public static byte[] bytes(IpAddress address) {
		return address.toBytes();
	}

	/**
	 * Reads a literal that our own formatter wrote (never a host name) with the JDK.
	 * @param literal an IPv4 or IPv6 literal
	 * @return the JDK's address
	 */
	public static InetAddress literal(String literal) {
		if (!literal.matches("[0-9a-f:.]+")) {
			throw new IllegalArgumentException("not a literal: " + literal);
		}
		try {
			return InetAddress.getByName(literal);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static InetAddress inet(IpAddress address) {
		try {
			return InetAddress.getByAddress(bytes(address));
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
