/**
 * Actuator support of the IP whitelist: the {@code ipwhitelist} endpoint, the health
 * contributor, the metrics, and the audit events.
 */
@NullMarked
package io.github.ipwhitelist.actuate;

import org.jspecify.annotations.NullMarked;
