package io.github.ipwhitelist.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a bad {@code ip-whitelist.*} value at startup: what is wrong, and what to write
 * instead.
 */
class InvalidIpWhitelistConfigurationFailureAnalyzer
		extends AbstractFailureAnalyzer<InvalidIpWhitelistConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidIpWhitelistConfigurationException cause) {
		String description = "The IP whitelist property '" + cause.getProperty() + "' has the invalid value '"
				+ cause.getValue() + "': " + cause.getProblem() + ".";
		String action = "Update '" + cause.getProperty() + "' to a valid value. Addresses are IPv4 dotted quads "
				+ "without leading zeros (203.0.113.10) or IPv6 text (2001:db8::10); prefixes add '/' and a "
				+ "length (0-32 for IPv4, 0-128 for IPv6) with every bit after the length zero "
				+ "(10.0.0.0/8, not 10.0.0.5/8). Host names are never accepted.";
		return new FailureAnalysis(description, action, cause);
	}

}
