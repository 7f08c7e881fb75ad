/**
 * The servlet and Spring Security side of the IP whitelist: the
 * {@code AuthorizationManager<HttpServletRequest>} that decides, the filter that applies it
 * ahead of authentication, and the response a denied request receives.
 */
@NullMarked
package io.github.ipwhitelist.web;

import org.jspecify.annotations.NullMarked;
