/**
 * Rules: what decides an address. Entries with their descriptions and expiries
 * ({@link io.github.ipwhitelist.rules.IpEntry}), the mode, the rule set that decides one
 * address ({@link io.github.ipwhitelist.rules.RuleSet}, deny wins, the most specific entry
 * decides) with its compiled lookup table, the warnings a list deserves, and the parsing of
 * list files and expiries.
 * <p>
 * This package depends only on {@code io.github.ipwhitelist.address}, on no Spring or Servlet
 * type, and never resolves a host name.
 */
@NullMarked
package io.github.ipwhitelist.rules;

import org.jspecify.annotations.NullMarked;
