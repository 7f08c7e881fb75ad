package io.github.ipwhitelist.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Instant;
import java.util.Set;

import io.github.ipwhitelist.rules.Expiry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.ConditionalGenericConverter;

/**
 * Binds an {@code expires-at} value as {@link Expiry} reads it (an ISO-8601 instant, or a date
 * valid to the end of that day, UTC). It applies only to the starter's own fields marked
 * {@link ExpiresAt}: every other {@link Instant} property of the application binds as Boot
 * binds it, and a date given there is never turned into the next midnight.
 */
@ConfigurationPropertiesBinding
final class ExpiryConverter implements ConditionalGenericConverter {

	@Override
	public Set<ConvertiblePair> getConvertibleTypes() {
		return Set.of(new ConvertiblePair(String.class, Instant.class));
	}

	@Override
	public boolean matches(TypeDescriptor sourceType, TypeDescriptor targetType) {
		return targetType.hasAnnotation(ExpiresAt.class);
	}

	@Override
	public @Nullable Object convert(@Nullable Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
		if (source == null) {
			return null;
		}
		String text = ((String) source).trim();
		return text.isEmpty() ? null : Expiry.parse(text);
	}

	/**
	 * Marks a property bound with {@link ExpiryConverter}.
	 */
	@Target(ElementType.FIELD)
	@Retention(RetentionPolicy.RUNTIME)
	@Documented
	@interface ExpiresAt {

	}

}
