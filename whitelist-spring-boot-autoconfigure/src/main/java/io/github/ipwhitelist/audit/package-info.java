/**
 * What the IP whitelist remembers about access attempts: exact counts, a bounded ring buffer
 * of recent denials, and a bounded table of unlisted callers seen in permissive mode.
 */
@NullMarked
package io.github.ipwhitelist.audit;

import org.jspecify.annotations.NullMarked;
