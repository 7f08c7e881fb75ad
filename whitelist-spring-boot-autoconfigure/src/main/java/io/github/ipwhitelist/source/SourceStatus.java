package io.github.ipwhitelist.source;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The state of one source, as the endpoint and the health contributor show it.
 *
 * @param location the configured location
 * @param list the list it feeds (a trusted-proxy source feeds the trusted proxies, shown as
 * {@code allow})
 * @param format how its content is written
 * @param lastLoaded when its current entries were loaded, {@code null} before the first load
 * @param lastFetched when an HTTPS source last answered, a new list or a 304 (its list is
 * checked as of then); {@code null} for a file
 * @param entries how many entries it holds in the live list
 * @param lastError why the last load failed, {@code null} once a load succeeds
 * @param lastErrorAt when the last load failed
 * @param errorLines the first bad lines of the last failed load
 */
public record SourceStatus(String location, ListKind list, SourceFormat format, @Nullable Instant lastLoaded,
		@Nullable Instant lastFetched, int entries,
		@Nullable String lastError, @Nullable Instant lastErrorAt, List<String> errorLines) {

}
