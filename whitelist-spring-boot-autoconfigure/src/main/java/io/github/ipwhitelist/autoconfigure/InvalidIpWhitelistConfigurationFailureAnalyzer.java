package io.github.ipwhitelist.autoconfigure;

import java.util.regex.Pattern;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a bad {@code ip-whitelist.*} value at startup: what is wrong, and what to write
 * instead. The advice fits the property: address syntax for an address, a prefix or a list
 * file; the problem itself for anything else (a status, a capacity, a path pattern).
 */
class InvalidIpWhitelistConfigurationFailureAnalyzer
		extends AbstractFailureAnalyzer<InvalidIpWhitelistConfigurationException> {

	/** Properties whose values (or whose files' lines) are addresses or prefixes. */
	private static final Pattern ADDRESS_PROPERTY = Pattern.compile("ip-whitelist\\.(entries\\[\\d+]\\.address"
			+ "|deny\\[\\d+]\\.address|client-ip\\.trusted-proxies\\[\\d+]|rate-limit\\.overrides\\[\\d+]\\.address"
			+ "|sources\\[\\d+]\\.location)");

	private static final String ADDRESS_SYNTAX = " Addresses are IPv4 dotted quads without leading zeros "
			+ "(203.0.113.10) or IPv6 text (2001:db8::10); prefixes add '/' and a length (0-32 for IPv4, 0-128 for "
			+ "IPv6) with every bit after the length zero (10.0.0.0/8, not 10.0.0.5/8). Host names are never accepted.";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidIpWhitelistConfigurationException cause) {
		String description = "The IP whitelist property '" + cause.getProperty() + "' has the invalid value '"
				+ cause.getValue() + "': " + cause.getProblem() + ".";
		String action = "Update '" + cause.getProperty() + "' to a valid value."
				+ (ADDRESS_PROPERTY.matcher(cause.getProperty()).matches() ? ADDRESS_SYNTAX
						: " The README's property table says what each ip-whitelist property takes.");
		return new FailureAnalysis(description, action, cause);
	}

}
