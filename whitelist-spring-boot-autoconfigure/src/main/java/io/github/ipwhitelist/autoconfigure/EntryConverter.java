package io.github.ipwhitelist.autoconfigure;

import io.github.ipwhitelist.autoconfigure.IpWhitelistProperties.Entry;

import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.core.convert.converter.Converter;

/**
 * Binds an entry written as a plain address, so that a comma-separated string such as
 * {@code IP_WHITELIST_ENTRIES=203.0.113.10,10.0.0.0/8} binds to the list of entries. The
 * address is checked later, with the rest of the list, so the error names its position.
 */
@ConfigurationPropertiesBinding
final class EntryConverter implements Converter<String, Entry> {

	@Override
	public Entry convert(String source) {
		return new Entry(source);
	}

}
