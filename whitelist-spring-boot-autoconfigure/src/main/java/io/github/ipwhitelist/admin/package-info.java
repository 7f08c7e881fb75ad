/**
 * The management API of tenant policies: a service for applications that build their own
 * portal, and the HTTP API ({@code ip-whitelist.admin.*}) on top of it.
 */
@NullMarked
package io.github.ipwhitelist.admin;

import org.jspecify.annotations.NullMarked;
