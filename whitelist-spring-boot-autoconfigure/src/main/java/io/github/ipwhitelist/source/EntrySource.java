package io.github.ipwhitelist.source;

import org.springframework.core.io.Resource;

/**
 * A file of entries.
 *
 * @param location the location as configured ({@code file:/etc/whitelist/partners.txt},
 * {@code classpath:whitelist.txt})
 * @param list the list it feeds
 * @param resource the resource behind the location
 * @param tenants whether it is a tenants file (each line starts with the tenant id)
 */
public record EntrySource(String location, ListKind list, Resource resource, boolean tenants) {

	/**
	 * Creates a source of the global list.
	 * @param location the location as configured
	 * @param list the list it feeds
	 * @param resource the resource behind the location
	 */
	public EntrySource(String location, ListKind list, Resource resource) {
		this(location, list, resource, false);
	}

}
