package io.github.ipwhitelist.store;

/**
 * The tenant has no stored policy, or the entry to remove is not in its list.
 */
public class TenantNotFoundException extends RuntimeException {

	public TenantNotFoundException(String message) {
		super(message);
	}

}
