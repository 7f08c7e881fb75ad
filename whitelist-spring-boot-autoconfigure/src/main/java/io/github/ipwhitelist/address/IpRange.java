package io.github.ipwhitelist.address;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * An address range written {@code first-last} ({@code 192.0.2.10-192.0.2.20},
 * {@code 2001:db8::1-2001:db8::ff}): both ends inclusive, parsed strictly as addresses, of the
 * same family, the first not above the last. It is turned into the fewest prefixes that cover
 * exactly the range, so that the rule tables see prefixes only.
 */
public final class IpRange {

	/** Longest range text: two addresses and the dash. */
	public static final int MAX_TEXT_LENGTH = 2 * IpAddress.MAX_TEXT_LENGTH + 1;

	private IpRange() {
	}

	/**
	 * Whether a text is written as a range (holds a dash and no {@code /}: with a slash it is a
	 * prefix, a bad one, and the prefix parser says why); it may still be a bad range.
	 * @param text the text
	 * @return whether it holds {@code -} and no {@code /}
	 */
	public static boolean isRange(CharSequence text) {
		boolean dash = false;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '/') {
				return false;
			}
			dash |= c == '-';
		}
		return dash;
	}

	/**
	 * Parses a range into the prefixes that cover exactly it.
	 * @param text the range, {@code first-last}, no white space
	 * @return the prefixes, in address order
	 * @throws InvalidSyntaxException naming the text if it is not such a range
	 */
	public static List<IpPrefix> parse(CharSequence text) {
		if (text.length() > MAX_TEXT_LENGTH) {
			throw new InvalidSyntaxException("range", text, "longer than " + MAX_TEXT_LENGTH + " characters");
		}
		String range = text.toString();
		int dash = range.indexOf('-');
		if (dash < 0 || range.indexOf('-', dash + 1) >= 0) {
			throw new InvalidSyntaxException("range", text, "a range is first-last, with one '-'");
		}
		IpAddress first;
		IpAddress last;
		try {
			first = IpAddress.parse(range.substring(0, dash)).unmap();
			last = IpAddress.parse(range.substring(dash + 1)).unmap();
		}
		catch (InvalidSyntaxException ex) {
			throw new InvalidSyntaxException("range", text, "an end is not an address: " + ex.getProblem());
		}
		if (first.isIpv4() != last.isIpv4()) {
			throw new InvalidSyntaxException("range", text, "the ends are of different families");
		}
		if (first.compareTo(last) > 0) {
			throw new InvalidSyntaxException("range", text, "the first address is above the last");
		}
		int bits = first.isIpv4() ? 32 : 128;
		BigInteger start = value(first);
		BigInteger end = value(last);
		List<IpPrefix> prefixes = new ArrayList<>();
		while (start.compareTo(end) <= 0) {
			// The largest block that starts here (aligned) and ends within the range.
			int size = (start.signum() == 0) ? bits : Math.min(bits, start.getLowestSetBit());
			while (start.add(BigInteger.ONE.shiftLeft(size)).subtract(BigInteger.ONE).compareTo(end) > 0) {
				size--;
			}
			prefixes.add(IpPrefix.of(address(start, first.isIpv4()), bits - size));
			start = start.add(BigInteger.ONE.shiftLeft(size));
		}
		return prefixes;
	}

	/**
	 * Returns a range in canonical text: each end as {@link IpAddress#toString()} writes it (an
	 * IPv4-mapped end as IPv4).
	 * @param text a range that {@link #parse(CharSequence)} accepts
	 * @return the canonical text, {@code 2001:db8::1-2001:db8::ff}
	 * @throws InvalidSyntaxException if it is not such a range
	 */
	public static String canonical(CharSequence text) {
		parse(text);
		String range = text.toString();
		int dash = range.indexOf('-');
		return IpAddress.parse(range.substring(0, dash)).unmap() + "-"
				+ IpAddress.parse(range.substring(dash + 1)).unmap();
	}

	private static BigInteger value(IpAddress address) {
		if (address.isIpv4()) {
			return BigInteger.valueOf(address.lo() & 0xFFFF_FFFFL);
		}
		return new BigInteger(1, address.toBytes());
	}

	private static IpAddress address(BigInteger value, boolean ipv4) {
		if (ipv4) {
			return IpAddress.ofIpv4((int) value.longValue());
		}
		return IpAddress.ofIpv6(value.shiftRight(64).longValue(), value.longValue());
	}

}
