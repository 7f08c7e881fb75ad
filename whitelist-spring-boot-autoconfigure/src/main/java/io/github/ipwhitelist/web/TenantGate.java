package io.github.ipwhitelist.web;

import io.github.ipwhitelist.rules.TenantIds;
import io.github.ipwhitelist.rules.TenantPolicy;
import io.github.ipwhitelist.rules.TenantTable;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * The second gate: the tenants' policies, how a request names its tenant before authentication,
 * and how its authentication proves one. Every id is checked ({@link TenantIds}): a value that is
 * not a valid id names no tenant, is never a key, and is never logged.
 */
public final class TenantGate {

	private final TenantTable table;

	private final @Nullable IpWhitelistTenantResolver named;

	private final IpWhitelistAuthenticatedTenantResolver proven;

	/**
	 * Creates the gate.
	 * @param table the tenants' live policies
	 * @param named finds the tenant a request names, {@code null} when requests name none
	 * @param proven maps an authentication to the tenant it proves
	 */
	public TenantGate(TenantTable table, @Nullable IpWhitelistTenantResolver named,
			IpWhitelistAuthenticatedTenantResolver proven) {
		this.table = table;
		this.named = named;
		this.proven = proven;
	}

	/**
	 * Returns the resolver that maps an authentication to its principal's name.
	 * @return the default mapping
	 */
	public static IpWhitelistAuthenticatedTenantResolver principalName() {
		return Authentication::getName;
	}

	/**
	 * Returns the resolver reading a header.
	 * @param header the header name
	 * @return the resolver
	 */
	public static IpWhitelistTenantResolver header(String header) {
		return (request) -> request.getHeader(header);
	}

	/**
	 * Returns the tenant a request names, if it is a valid id.
	 * @param request the request
	 * @return the id, {@code null} when none or invalid
	 */
	public @Nullable String named(HttpServletRequest request) {
		IpWhitelistTenantResolver resolver = this.named;
		return (resolver != null) ? TenantIds.orNull(resolver.resolveTenant(request)) : null;
	}

	/**
	 * Returns the tenant an authentication proves, if it is a valid id.
	 * @param authentication the authentication of the request, {@code null} when none
	 * @return the id, {@code null} when it proves none (anonymous, unauthenticated, invalid id)
	 */
	public @Nullable String proven(@Nullable Authentication authentication) {
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return null;
		}
		return TenantIds.orNull(this.proven.resolveTenant(authentication));
	}

	/**
	 * Returns a tenant's policy.
	 * @param tenant the id, {@code null} allowed
	 * @return the policy, {@code null} if none
	 */
	@Nullable TenantPolicy policy(@Nullable String tenant) {
		return this.table.get(tenant);
	}

	/**
	 * Returns the tenants' table.
	 * @return the table
	 */
	public TenantTable table() {
		return this.table;
	}

}
