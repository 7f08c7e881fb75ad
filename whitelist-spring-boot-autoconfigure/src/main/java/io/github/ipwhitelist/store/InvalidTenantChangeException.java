package io.github.ipwhitelist.store;

import java.util.List;

/**
 * A change with bad values: nothing of it was stored. Each bad value is named.
 */
public class InvalidTenantChangeException extends RuntimeException {

	private final List<Violation> violations;

	public InvalidTenantChangeException(List<Violation> violations) {
		super(violations.size() + " bad value(s): " + violations.stream().limit(5).map(Violation::toString).toList()
				+ ((violations.size() > 5) ? " ..." : ""));
		this.violations = List.copyOf(violations);
	}

	/**
	 * Returns every bad value.
	 * @return the violations, at least one
	 */
	public List<Violation> getViolations() {
		return this.violations;
	}

}
