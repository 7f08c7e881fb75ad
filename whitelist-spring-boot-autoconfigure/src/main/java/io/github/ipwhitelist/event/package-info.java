/**
 * Application events of the IP whitelist: entries coming close to their expiry, and expiring.
 */
@NullMarked
package io.github.ipwhitelist.event;

import org.jspecify.annotations.NullMarked;
