package io.github.ipwhitelist.rules;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.github.ipwhitelist.address.InvalidSyntaxException;
import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.address.LogSafe;
import org.jspecify.annotations.Nullable;

/**
 * Reads entries from a text file, one a line:
 *
 * <pre>
 * # comment lines and blank lines are skipped
 * 203.0.113.0/24                     head office
 * 198.51.100.7   expires=2026-12-31  contractor (Acme)
 * 2001:db8:abcd::/48                 # a trailing comment
 * </pre>
 *
 * The first word is the address or prefix; an optional {@code expires=} word gives the expiry
 * (an ISO-8601 instant, or a date valid to the end of that day, UTC); any other word of the
 * form {@code name=...} is an error (a mistyped option); the rest of the line, up to a
 * {@code #}, is the description. Every bad line is reported with its number; none is
 * skipped silently.
 */
public final class EntryFileParser {

	/** Longest line read; a longer line is an error, not a memory hazard. */
	public static final int MAX_LINE_LENGTH = 4096;

	/** Most bad lines kept; the rest are counted. */
	public static final int MAX_ERRORS_KEPT = 1000;

	/** A word that looks like an option: a name, then '='. */
	private static final Pattern OPTION = Pattern.compile("[A-Za-z][A-Za-z_-]*=.*");

	private EntryFileParser() {
	}

	/**
	 * Parses a whole file given as bytes: UTF-8 (a leading byte order mark is ignored), one
	 * entry a line. Bytes that are not UTF-8 fail the whole file.
	 * @param name the name used in origins and messages (a resource description)
	 * @param content the file's bytes
	 * @return the entries and the bad lines
	 * @throws InvalidSyntaxException if the bytes are not UTF-8, naming the offset
	 */
	public static Result parse(String name, byte[] content) {
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		ByteBuffer bytes = ByteBuffer.wrap(content);
		CharBuffer text = CharBuffer.allocate(content.length);
		CoderResult result = decoder.decode(bytes, text, true);
		if (result.isError()) {
			throw new InvalidSyntaxException(name, "not UTF-8 text: bad byte at offset " + bytes.position());
		}
		decoder.flush(text);
		return parse(name, text.flip().toString());
	}

	/**
	 * Parses a whole file given as text. Lines end with LF or CR LF; a leading byte order mark
	 * (U+FEFF, a file saved on Windows) is ignored. A carriage return anywhere else is not a
	 * line break: its line is bad, so that text after a lone CR (hidden by a terminal) never
	 * becomes a live entry.
	 * @param name the name used in origins and messages (a resource description)
	 * @param text the file's text
	 * @return the entries and the bad lines
	 */
	public static Result parse(String name, String text) {
		List<IpEntry> entries = new ArrayList<>();
		List<LineError> errors = new ArrayList<>();
		int errorCount = 0;
		int start = (!text.isEmpty() && text.charAt(0) == '\uFEFF') ? 1 : 0;
		int number = 0;
		while (start < text.length()) {
			int newline = text.indexOf('\n', start);
			int end = (newline >= 0) ? newline : text.length();
			int lineEnd = (end > start && text.charAt(end - 1) == '\r') ? end - 1 : end;
			String line = text.substring(start, lineEnd);
			start = end + 1;
			number++;
			LineError error = null;
			if (line.length() > MAX_LINE_LENGTH) {
				error = new LineError(number, LogSafe.escape(line), "line longer than " + MAX_LINE_LENGTH + " characters");
			}
			else if (line.indexOf('\r') >= 0) {
				error = new LineError(number, LogSafe.escape(line),
						"carriage return inside the line (only LF or CR LF ends a line)");
			}
			else {
				try {
					IpEntry entry = parseLine(name, number, line);
					if (entry != null) {
						entries.add(entry);
					}
				}
				catch (InvalidSyntaxException ex) {
					error = new LineError(number, ex.getInput(), ex.getProblem());
				}
			}
			if (error != null) {
				errorCount++;
				if (errors.size() < MAX_ERRORS_KEPT) {
					errors.add(error);
				}
			}
		}
		return new Result(entries, errors, errorCount);
	}

	static @Nullable IpEntry parseLine(String name, int number, String line) {
		int hash = line.indexOf('#');
		String content = ((hash >= 0) ? line.substring(0, hash) : line).strip();
		if (content.isEmpty()) {
			return null;
		}
		String[] words = content.split("[ \\t]+");
		IpPrefix prefix = IpPrefix.parse(words[0]);
		Instant expiresAt = null;
		StringBuilder description = new StringBuilder();
		for (int i = 1; i < words.length; i++) {
			if (words[i].startsWith("expires=")) {
				if (expiresAt != null) {
					throw new InvalidSyntaxException(content, "more than one expires= word");
				}
				expiresAt = expiry(content, words[i].substring("expires=".length()));
			}
			else if (OPTION.matcher(words[i]).matches()) {
				// A mistyped option (expire=, Expires=) must not become a description and leave the
				// entry without its expiry.
				throw new InvalidSyntaxException("list line", content, "unknown option '"
						+ LogSafe.escape(words[i].substring(0, words[i].indexOf('=') + 1)) + "' (the only option is expires=)");
			}
			else {
				if (description.length() > 0) {
					description.append(' ');
				}
				description.append(words[i]);
			}
		}
		return new IpEntry(prefix, (description.length() > 0) ? description.toString() : null, expiresAt, name,
				number);
	}

	private static Instant expiry(String content, String text) {
		try {
			return Expiry.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSyntaxException(content, "expires= " + ex.getMessage());
		}
	}

	/**
	 * What a file held.
	 *
	 * @param entries the good lines' entries, in file order
	 * @param errors the first {@value #MAX_ERRORS_KEPT} bad lines
	 * @param errorCount how many lines were bad in all
	 */
	public record Result(List<IpEntry> entries, List<LineError> errors, int errorCount) {

	}

	/**
	 * One bad line.
	 *
	 * @param line the line number, from 1
	 * @param text the offending text, escaped and shortened
	 * @param problem what is wrong
	 */
	public record LineError(int line, String text, String problem) {

		@Override
		public String toString() {
			return "line " + this.line + ": '" + this.text + "': " + this.problem;
		}

	}

}
