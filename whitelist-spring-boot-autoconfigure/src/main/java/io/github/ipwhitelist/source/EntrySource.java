package io.github.ipwhitelist.source;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.Resource;

/**
 * A source of entries: a file, a directory of tenant files, or a list fetched over HTTPS.
 *
 * @param location the location as configured ({@code file:/etc/whitelist/partners.txt},
 * {@code classpath:whitelist.txt}, {@code https://ip-ranges.amazonaws.com/ip-ranges.json})
 * @param list the list it feeds
 * @param resource the resource behind the location (not read for an HTTPS source)
 * @param tenants whether it is a tenants file (each line starts with the tenant id)
 * @param format how the content is written
 * @param filter the services and regions kept of a provider's list
 * @param https the fetcher of an {@code https:} location, {@code null} for a resource
 * @param trustedProxies whether it lists trusted proxies rather than allowed or denied clients
 */
public record EntrySource(String location, ListKind list, Resource resource, boolean tenants, SourceFormat format,
		ProviderFilter filter, @Nullable HttpsSource https, boolean trustedProxies) {

	/**
	 * Creates a plain file source of the global list or of tenants.
	 * @param location the location as configured
	 * @param list the list it feeds
	 * @param resource the resource behind the location
	 * @param tenants whether it is a tenants file
	 */
	public EntrySource(String location, ListKind list, Resource resource, boolean tenants) {
		this(location, list, resource, tenants, SourceFormat.PLAIN, ProviderFilter.NONE, null, false);
	}

	/**
	 * Creates a plain file source of the global list.
	 * @param location the location as configured
	 * @param list the list it feeds
	 * @param resource the resource behind the location
	 */
	public EntrySource(String location, ListKind list, Resource resource) {
		this(location, list, resource, false);
	}

}
