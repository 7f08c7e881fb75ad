package io.github.ipwhitelist.autoconfigure;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.core.convert.converter.Converter;

/**
 * Binds an {@code expires-at} value: an ISO-8601 instant ({@code 2026-12-31T23:59:59Z}), or a
 * date ({@code 2026-12-31}) that stays valid to the end of that day in UTC, so the entry stops
 * matching at the next midnight UTC.
 */
@ConfigurationPropertiesBinding
final class ExpiryConverter implements Converter<String, Instant> {

	@Override
	public Instant convert(String source) {
		String text = source.trim();
		try {
			if (text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
				return LocalDate.parse(text).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
			}
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("'" + source + "' is neither an ISO-8601 instant "
					+ "(2026-12-31T23:59:59Z) nor a date (2026-12-31)", ex);
		}
	}

}
