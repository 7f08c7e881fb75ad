package io.github.ipwhitelist.web;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Finds the tenant a request names, before any authentication: a header, the public prefix of
 * an API key, a path variable, a subdomain. Runs on every guarded request, first in the chain:
 * it must be fast, must not read the body, and must not trust anything it has not checked (the
 * value it returns is only a claim; the credentials must prove the same tenant later).
 * <p>
 * A value that is not a valid tenant id (1 to 64 characters of {@code [A-Za-z0-9._-]}) is
 * treated as naming no tenant and never logged raw.
 */
@FunctionalInterface
public interface IpWhitelistTenantResolver {

	/**
	 * Returns the tenant the request names.
	 * @param request the request
	 * @return the tenant id, or {@code null} when the request names none
	 */
	@Nullable String resolveTenant(HttpServletRequest request);

}
