package io.github.ipwhitelist.rules;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import io.github.ipwhitelist.address.LogSafe;

/**
 * Reads an expiry as the properties ({@code expires-at}) and the list files ({@code expires=})
 * both write it: an ISO-8601 instant ({@code 2026-12-31T23:59:59Z}), or a date
 * ({@code 2026-12-31}) that stays valid to the end of that day in UTC, so the entry stops
 * matching at the next midnight UTC.
 */
public final class Expiry {

	private Expiry() {
	}

	/**
	 * Parses an expiry.
	 * @param text the text, without surrounding white space
	 * @return the instant at which the entry stops matching
	 * @throws IllegalArgumentException naming the text if it is neither form
	 */
	public static Instant parse(String text) {
		try {
			if (text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
				return LocalDate.parse(text).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
			}
			return Instant.parse(text);
		}
		catch (DateTimeException ex) {
			throw new IllegalArgumentException("needs an ISO-8601 instant (2026-12-31T23:59:59Z) or a date "
					+ "(2026-12-31), not '" + LogSafe.escape(text) + "'", ex);
		}
	}

}
