package io.github.ipwhitelist.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.ipwhitelist.address.LogSafe;
import org.jspecify.annotations.Nullable;

/**
 * Names of environments ({@code production}, {@code sandbox}): 1 to 64 characters of
 * {@code [A-Za-z0-9._-]}, compared without regard to case (kept in lower case), so that
 * {@code Production} in one file and {@code production} in another never silently differ.
 * An entry that names environments applies only where the deployment's environment
 * ({@code ip-whitelist.environment}) is one of them; an entry that names none applies everywhere.
 */
public final class Environments {

	/** Longest environment name. */
	public static final int MAX_LENGTH = 64;

	/** What an environment name is, as messages say it. */
	public static final String RULE = "1 to 64 characters of A-Z a-z 0-9 . _ -";

	private Environments() {
	}

	/**
	 * Checks and normalizes one environment name.
	 * @param text the name as written
	 * @return the name in lower case
	 * @throws IllegalArgumentException naming the (escaped) text if it is not a valid name
	 */
	public static String name(String text) {
		if (!isValid(text)) {
			throw new IllegalArgumentException("'" + LogSafe.escape(text, 80)
					+ "' is not an environment name (" + RULE + ")");
		}
		return text.toLowerCase(Locale.ROOT);
	}

	/**
	 * Checks and normalizes a list of environment names; duplicates are kept once.
	 * @param texts the names as written
	 * @return the names in lower case, in order
	 * @throws IllegalArgumentException naming the first bad name
	 */
	public static List<String> names(List<String> texts) {
		List<String> result = new ArrayList<>(texts.size());
		for (String text : texts) {
			String name = name(String.valueOf(text));
			if (!result.contains(name)) {
				result.add(name);
			}
		}
		return List.copyOf(result);
	}

	/**
	 * Returns whether the text is a valid environment name (the same characters as a tenant id).
	 * @param text the text
	 * @return {@code true} if valid
	 */
	public static boolean isValid(@Nullable CharSequence text) {
		if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
					|| c == '_' || c == '-';
			if (!ok) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Returns whether an entry that names the given environments applies in a deployment.
	 * @param environments the entry's environments, empty for everywhere
	 * @param current the deployment's environment (lower case), {@code null} when none is set
	 * @return {@code true} if the entry applies
	 */
	public static boolean applies(List<String> environments, @Nullable String current) {
		return environments.isEmpty() || (current != null && environments.contains(current));
	}

}
