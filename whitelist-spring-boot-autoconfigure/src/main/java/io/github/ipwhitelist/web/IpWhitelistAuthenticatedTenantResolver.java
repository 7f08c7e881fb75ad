package io.github.ipwhitelist.web;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;

/**
 * Maps the authentication of a request to the tenant its credentials prove, checked after
 * authentication. The default takes the principal's name; an application whose principals are
 * users of an organization declares a bean of this type (an API key's owner, a JWT claim such as
 * {@code org_id}).
 */
@FunctionalInterface
public interface IpWhitelistAuthenticatedTenantResolver {

	/**
	 * Returns the tenant the credentials prove.
	 * @param authentication an authenticated, non-anonymous authentication
	 * @return the tenant id, or {@code null} when the credentials prove no tenant
	 */
	@Nullable String resolveTenant(Authentication authentication);

}
