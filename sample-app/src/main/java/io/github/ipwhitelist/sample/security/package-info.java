/**
 * Layers 2 and 3 of the sample: API-key authentication and HMAC request signatures, both as
 * Spring Security filters that run after the IP whitelist.
 */
@NullMarked
package io.github.ipwhitelist.sample.security;

import org.jspecify.annotations.NullMarked;
