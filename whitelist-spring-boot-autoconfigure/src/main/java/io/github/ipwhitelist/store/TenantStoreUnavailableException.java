package io.github.ipwhitelist.store;

/**
 * The tenant store could not be read or written (the database is unreachable, or its tables
 * are missing). Requests are still decided from the last good policies.
 */
public class TenantStoreUnavailableException extends RuntimeException {

	public TenantStoreUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
