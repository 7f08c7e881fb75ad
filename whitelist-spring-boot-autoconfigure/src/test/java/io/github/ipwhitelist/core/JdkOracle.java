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
		if (address.isIpv4()) {
			int bits = (int) address.lo();
			return new byte[] { (byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits };
		}
		byte[] out = new byte[16];
		for (int i = 0; i < 8; i++) {
			out[i] = (byte) (address.hi() >>> (56 - 8 * i));
			out[i + 8] = (byte) (address.lo() >>> (56 - 8 * i));
		}
		return out;
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
