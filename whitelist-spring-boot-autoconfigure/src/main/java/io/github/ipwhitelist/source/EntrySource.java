package io.github.ipwhitelist.source;

import org.springframework.core.io.Resource;

/**
 * A file of entries.
 *
 * @param location the location as configured ({@code file:/etc/whitelist/partners.txt},
 * {@code classpath:whitelist.txt})
 * @param list the list it feeds
 * @param resource the resource behind the location
 */
public record EntrySource(String location, ListKind list, Resource resource) {

}
