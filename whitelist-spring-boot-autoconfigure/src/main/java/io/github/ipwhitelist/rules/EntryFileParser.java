package io.github.ipwhitelist.rules;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.github.ipwhitelist.address.InvalidSyntaxException;
import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.address.IpRange;
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
 * (an ISO-8601 instant, or a date valid to the end of that day, UTC); an optional {@code env=}
 * word names the environments the entry applies in ({@code env=sandbox,production}); any other
 * word of the form {@code name=...} is an error (a mistyped option); the rest of the line, up
 * to a {@code #}, is the description. Every bad line is reported with its number; none is
 * skipped silently.
 * <p>
 * A tenants file ({@link #parseTenants}) has the tenant id first on each line:
 * {@code acme 203.0.113.0/24 env=production head office}.
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
		return parse(name, decode(name, content));
	}

	/**
	 * Parses a whole tenants file given as bytes (UTF-8, as {@link #parse(String, byte[])}):
	 * each line starts with the tenant id, then an entry as in a plain file.
	 * @param name the name used in origins and messages (a resource description)
	 * @param content the file's bytes
	 * @return the entries of each tenant (tenants in order of first appearance) and the bad lines
	 * @throws InvalidSyntaxException if the bytes are not UTF-8, naming the offset
	 */
	public static TenantResult parseTenants(String name, byte[] content) {
		Map<String, List<IpEntry>> byTenant = new LinkedHashMap<>();
		int[] count = new int[1];
		Errors errors = eachLine(decode(name, content), (number, line) -> {
			String stripped = content(line);
			if (stripped.isEmpty()) {
				return;
			}
			String[] words = words(stripped);
			if (!TenantIds.isValid(words[0])) {
				throw new InvalidSyntaxException("list line", stripped, "'" + LogSafe.escape(words[0], 80)
						+ "' is not a tenant id (" + TenantIds.RULE + ")");
			}
			if (words.length < 2) {
				throw new InvalidSyntaxException("list line", stripped, "no address after the tenant id");
			}
			List<IpEntry> entries = entry(name, number, stripped, words, 1);
			byTenant.computeIfAbsent(words[0], (id) -> new ArrayList<>()).addAll(entries);
			count[0] += entries.size();
		});
		return new TenantResult(byTenant, count[0], errors.kept, errors.count);
	}

	private static String decode(String name, byte[] content) {
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
		return text.flip().toString();
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
		Errors errors = eachLine(text, (number, line) -> {
			entries.addAll(parseLine(name, number, line));
		});
		return new Result(entries, errors.kept, errors.count);
	}

	/**
	 * Hands every line of a text to a parser; collects the lines it rejects.
	 */
	private static Errors eachLine(String text, LineParser parser) {
		Errors errors = new Errors();
		int start = (!text.isEmpty() && text.charAt(0) == '\uFEFF') ? 1 : 0;
		int number = 0;
		while (start < text.length()) {
			int newline = text.indexOf('\n', start);
			int end = (newline >= 0) ? newline : text.length();
			int lineEnd = (end > start && text.charAt(end - 1) == '\r') ? end - 1 : end;
			String line = text.substring(start, lineEnd);
			start = end + 1;
			number++;
			if (line.length() > MAX_LINE_LENGTH) {
				errors.add(new LineError(number, LogSafe.escape(line), "line longer than " + MAX_LINE_LENGTH + " characters"));
			}
			else if (line.indexOf('\r') >= 0) {
				errors.add(new LineError(number, LogSafe.escape(line),
						"carriage return inside the line (only LF or CR LF ends a line)"));
			}
			else {
				try {
					parser.parse(number, line);
				}
				catch (InvalidSyntaxException ex) {
					errors.add(new LineError(number, ex.getInput(), ex.getProblem()));
				}
			}
		}
		return errors;
	}

	/**
	 * Splits stripped text at runs of spaces and tabs (a regular expression per line cost more
	 * than the rest of the parse).
	 */
	static String[] words(String text) {
		int count = 0;
		boolean inWord = false;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean blank = c == ' ' || c == '\t';
			if (!blank && !inWord) {
				count++;
			}
			inWord = !blank;
		}
		String[] words = new String[count];
		int word = 0;
		int start = -1;
		for (int i = 0; i <= text.length(); i++) {
			boolean blank = i == text.length() || text.charAt(i) == ' ' || text.charAt(i) == '\t';
			if (blank && start >= 0) {
				words[word++] = text.substring(start, i);
				start = -1;
			}
			else if (!blank && start < 0) {
				start = i;
			}
		}
		return words;
	}

	private static String content(String line) {
		int hash = line.indexOf('#');
		return ((hash >= 0) ? line.substring(0, hash) : line).strip();
	}

	/**
	 * Parses one line: no entry for a blank or comment line, the prefixes of a range as entries
	 * of the same line.
	 */
	static List<IpEntry> parseLine(String name, int number, String line) {
		String content = content(line);
		if (content.isEmpty()) {
			return List.of();
		}
		return entry(name, number, content, words(content), 0);
	}

	private static List<IpEntry> entry(String name, int number, String content, String[] words, int first) {
		List<IpPrefix> prefixes = IpRange.isRange(words[first]) ? IpRange.parse(words[first])
				: List.of(IpPrefix.parse(words[first]));
		Instant expiresAt = null;
		List<String> environments = null;
		StringBuilder description = new StringBuilder();
		for (int i = first + 1; i < words.length; i++) {
			if (words[i].startsWith("expires=")) {
				if (expiresAt != null) {
					throw new InvalidSyntaxException(content, "more than one expires= word");
				}
				expiresAt = expiry(content, words[i].substring("expires=".length()));
			}
			else if (words[i].startsWith("env=")) {
				if (environments != null) {
					throw new InvalidSyntaxException(content, "more than one env= word");
				}
				environments = environments(content, words[i].substring("env=".length()));
			}
			else if (OPTION.matcher(words[i]).matches()) {
				// A mistyped option (expire=, Expires=) must not become a description and leave the
				// entry without its expiry.
				throw new InvalidSyntaxException("list line", content, "unknown option '"
						+ LogSafe.escape(words[i].substring(0, words[i].indexOf('=') + 1))
						+ "' (the options are expires= and env=)");
			}
			else {
				if (description.length() > 0) {
					description.append(' ');
				}
				description.append(words[i]);
			}
		}
		List<IpEntry> entries = new ArrayList<>(prefixes.size());
		String range = IpRange.isRange(words[first]) ? IpRange.canonical(words[first]) : null;
		for (IpPrefix prefix : prefixes) {
			IpEntry entry = new IpEntry(prefix, (description.length() > 0) ? description.toString() : null,
					(environments != null) ? environments : List.of(), expiresAt, name, number);
			entries.add((range != null) ? entry.inRange(range) : entry);
		}
		return entries;
	}

	private static List<String> environments(String content, String text) {
		try {
			return Environments.names(List.of(text.split(",", -1)));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSyntaxException(content, "env= " + ex.getMessage());
		}
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
	 * What a tenants file held.
	 *
	 * @param byTenant the good lines' entries of each tenant, tenants in order of first
	 * appearance, entries in file order
	 * @param entryCount the number of entries, all tenants together
	 * @param errors the first {@value #MAX_ERRORS_KEPT} bad lines
	 * @param errorCount how many lines were bad in all
	 */
	public record TenantResult(Map<String, List<IpEntry>> byTenant, int entryCount, List<LineError> errors,
			int errorCount) {

	}

	@FunctionalInterface
	private interface LineParser {

		void parse(int number, String line);

	}

	/**
	 * The bad lines of a file: the first {@value #MAX_ERRORS_KEPT} kept, all counted.
	 */
	private static final class Errors {

		private final List<LineError> kept = new ArrayList<>();

		private int count;

		void add(LineError error) {
			this.count++;
			if (this.kept.size() < MAX_ERRORS_KEPT) {
				this.kept.add(error);
			}
		}

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
