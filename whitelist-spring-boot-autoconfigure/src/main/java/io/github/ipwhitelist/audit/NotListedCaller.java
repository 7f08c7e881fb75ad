package io.github.ipwhitelist.audit;

import java.time.Instant;

/**
 * An unlisted caller that passed in permissive mode.
 *
 * @param ip the caller's address in canonical text
 * @param count how many of its requests passed unlisted while it was tracked
 * @param lastSeen when it was last seen
 */
public record NotListedCaller(String ip, long count, Instant lastSeen) {

}
