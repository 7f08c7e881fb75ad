/**
 * Auto-configuration of the IP whitelist: the {@code ip-whitelist.*} properties, the compiled
 * rule set, and the Spring Security integration that runs the check ahead of every
 * authentication filter.
 */
@NullMarked
package io.github.ipwhitelist.autoconfigure;

import org.jspecify.annotations.NullMarked;
