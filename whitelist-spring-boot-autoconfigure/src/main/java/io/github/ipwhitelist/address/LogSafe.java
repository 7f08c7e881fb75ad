package io.github.ipwhitelist.address;

/**
 * Makes untrusted text safe to place in a log line or an error message: control characters
 * (CR, LF, TAB and the rest) and non-ASCII characters are written as escapes, and the text is
 * cut to a bounded length so that a 64 KB header cannot flood a log. Backslashes are kept as
 * they are, so escaping twice gives the same text as escaping once.
 */
public final class LogSafe {

	/** Longest text kept before it is cut and marked with an ellipsis. */
	public static final int MAX_LENGTH = 64;

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private LogSafe() {
	}

	/**
	 * Escapes a text for a log line.
	 * @param text the untrusted text, may be {@code null}
	 * @return the escaped text, {@code "null"} for {@code null}
	 */
	public static String escape(CharSequence text) {
		return escape(text, MAX_LENGTH);
	}

	/**
	 * Escapes a text for a log line, keeping at most {@code maxLength} characters.
	 * @param text the untrusted text, may be {@code null}
	 * @param maxLength the most characters kept before the text is cut
	 * @return the escaped text, {@code "null"} for {@code null}
	 */
	public static String escape(CharSequence text, int maxLength) {
		return escape(text, maxLength, "");
	}

	/**
	 * Escapes a text for an unquoted {@code key=value} field of a log line: as
	 * {@link #escape(CharSequence, int)}, and also space, {@code "} and {@code =}, so that a
	 * value can never look like another field.
	 * @param text the untrusted text, may be {@code null}
	 * @param maxLength the most characters kept before the text is cut
	 * @return the escaped text
	 */
	public static String escapeValue(CharSequence text, int maxLength) {
		return escape(text, maxLength, " \"=");
	}

	/**
	 * Escapes a text for a quoted field ({@code reason="..."}) of a log line: as
	 * {@link #escape(CharSequence, int)}, and also {@code "}, so that the text cannot close the
	 * quotes.
	 * @param text the untrusted text, may be {@code null}
	 * @param maxLength the most characters kept before the text is cut
	 * @return the escaped text
	 */
	public static String escapeQuoted(CharSequence text, int maxLength) {
		return escape(text, maxLength, "\"");
	}

	private static String escape(CharSequence text, int maxLength, String extra) {
		if (text == null) {
			return "null";
		}
		int length = Math.min(text.length(), maxLength);
		StringBuilder out = new StringBuilder(length + 8);
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c == '\n') {
				out.append("\\n");
			}
			else if (c == '\r') {
				out.append("\\r");
			}
			else if (c == '\t') {
				out.append("\\t");
			}
			else if (c < 0x20 || c >= 0x7f || extra.indexOf(c) >= 0) {
				out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
					.append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
			}
			else {
				out.append(c);
			}
		}
		if (text.length() > maxLength) {
			out.append("...(").append(text.length()).append(" chars)");
		}
		return out.toString();
	}

}
