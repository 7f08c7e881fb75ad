package io.github.ipwhitelist.store;

/**
 * The tenant's policy is defined by the application's configuration (its properties or a
 * tenants file), which the store cannot override: change it there.
 */
public class TenantConfiguredElsewhereException extends RuntimeException {

	private final String tenant;

	private final String definedBy;

	public TenantConfiguredElsewhereException(String tenant, String definedBy) {
		super("The policy of tenant " + tenant + " is defined by " + definedBy
				+ " and cannot be changed through the management API; change it there");
		this.tenant = tenant;
		this.definedBy = definedBy;
	}

	public String getTenant() {
		return this.tenant;
	}

	/**
	 * Returns where the policy is defined.
	 * @return a property path or a file location
	 */
	public String getDefinedBy() {
		return this.definedBy;
	}

}
