package io.github.ipwhitelist.web;

/**
 * How a request names its tenant before authentication ({@code ip-whitelist.tenants.resolver}).
 * An {@link IpWhitelistTenantResolver} bean of the application wins over this setting.
 */
public enum TenantResolution {

	/** Requests name no tenant; only the tenant the credentials prove is checked. */
	NONE,

	/** The header {@code ip-whitelist.tenants.header} names the tenant. */
	HEADER

}
