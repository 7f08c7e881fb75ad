package io.github.ipwhitelist.store;

/**
 * A change named a version of the tenant's policy ({@code If-Match}) that is no longer the
 * current one: somebody else changed it in between. Nothing was stored.
 */
public class StaleVersionException extends RuntimeException {

	private final String tenant;

	private final long expected;

	private final long current;

	public StaleVersionException(String tenant, long expected, long current) {
		super("The policy of tenant " + tenant + " is at version " + ((current == 0) ? "none (no policy)" : current)
				+ ", not " + expected + ": it was changed in the meantime; read it again and retry");
		this.tenant = tenant;
		this.expected = expected;
		this.current = current;
	}

	public String getTenant() {
		return this.tenant;
	}

	/**
	 * Returns the version the change expected.
	 * @return the expected version
	 */
	public long getExpected() {
		return this.expected;
	}

	/**
	 * Returns the current version.
	 * @return the current version, 0 if the tenant has no policy
	 */
	public long getCurrent() {
		return this.current;
	}

}
