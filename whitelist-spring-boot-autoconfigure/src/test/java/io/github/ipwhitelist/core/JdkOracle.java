package io.github.ipwhitelist.core;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Independent implementations used as test oracles. The JDK is asked only about literals
 * built from bytes ({@link InetAddress#getByAddress(byte[])}) or literals that our own
 * generators produce, never about input that could be a host name.
 */
final class JdkOracle {

	private JdkOracle() {
	}

	static byte[] bytes(IpAddress address) {
		return address.toBytes();
	}

	static InetAddress inet(IpAddress address) {
		try {
			return InetAddress.getByAddress(bytes(address));
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
