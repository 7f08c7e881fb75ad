/**
 * Entries loaded from files ({@code ip-whitelist.sources}), watched and reloaded live: a new
 * list is parsed and compiled off the request path and swapped in atomically; a bad file keeps
 * the last good list.
 */
@NullMarked
package io.github.ipwhitelist.source;

import org.jspecify.annotations.NullMarked;
