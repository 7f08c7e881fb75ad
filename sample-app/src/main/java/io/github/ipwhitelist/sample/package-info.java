/**
 * Sample application: a small payments API protected in three independent layers, the source
 * address (the IP whitelist starter), an API key, and an HMAC signature over the request.
 */
@NullMarked
package io.github.ipwhitelist.sample;

import org.jspecify.annotations.NullMarked;
