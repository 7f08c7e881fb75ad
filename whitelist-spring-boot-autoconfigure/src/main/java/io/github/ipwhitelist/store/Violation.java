package io.github.ipwhitelist.store;

import io.github.ipwhitelist.address.LogSafe;
import io.github.ipwhitelist.rules.TenantIds;
import org.jspecify.annotations.Nullable;

/**
 * One bad value of a change.
 *
 * @param pointer where it is: a JSON pointer into the request body ({@code /entries/2/address}),
 * or the name of a path or query parameter ({@code tenant}, {@code address})
 * @param value the bad value, escaped and shortened for display, {@code null} if missing
 * @param message what is wrong with it
 */
public record Violation(String pointer, @Nullable String value, String message) {

	/**
	 * The violation of a tenant id that is not one (named by the parameter {@code tenant}).
	 * @param tenant the bad id
	 * @return the violation
	 */
	public static Violation badTenant(String tenant) {
		return new Violation("tenant", LogSafe.escape(tenant, 80), "not a tenant id: " + TenantIds.RULE);
	}

	@Override
	public String toString() {
		return this.pointer + ((this.value != null) ? " '" + this.value + "'" : "") + ": " + this.message;
	}

}
