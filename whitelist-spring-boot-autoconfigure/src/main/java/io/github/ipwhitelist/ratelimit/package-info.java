/**
 * Per-address rate limiting (code 1453): token buckets per client key, with Bucket4j, in a
 * bounded table.
 */
@NullMarked
package io.github.ipwhitelist.ratelimit;

import org.jspecify.annotations.NullMarked;
