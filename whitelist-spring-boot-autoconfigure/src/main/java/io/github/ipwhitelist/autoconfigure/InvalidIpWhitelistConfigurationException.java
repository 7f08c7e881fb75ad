package io.github.ipwhitelist.autoconfigure;

/**
 * Thrown at startup when an {@code ip-whitelist.*} value cannot be used. The message names
 * the property path and the bad value; {@link InvalidIpWhitelistConfigurationFailureAnalyzer}
 * turns it into what to do.
 */
public class InvalidIpWhitelistConfigurationException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String property;

	private final String value;

	private final String problem;

	public InvalidIpWhitelistConfigurationException(String property, String value, String problem) {
		super("Invalid value '" + value + "' for property '" + property + "': " + problem);
		this.property = property;
		this.value = value;
		this.problem = problem;
	}

	public String getProperty() {
		return this.property;
	}

	public String getValue() {
		return this.value;
	}

	public String getProblem() {
		return this.problem;
	}

}
