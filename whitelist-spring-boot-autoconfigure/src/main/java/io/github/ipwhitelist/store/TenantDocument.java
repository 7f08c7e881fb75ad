package io.github.ipwhitelist.store;

import java.util.List;

import io.github.ipwhitelist.rules.IpEntry;
import io.github.ipwhitelist.rules.Mode;

/**
 * What a tenant's policy says, without its version: what the management API replaces and what
 * the history shows before and after each change.
 *
 * @param enabled whether the tenant's gate is on
 * @param mode its mode
 * @param allow its allowed entries
 * @param deny its denied entries
 */
public record TenantDocument(boolean enabled, Mode mode, List<IpEntry> allow, List<IpEntry> deny) {

	public TenantDocument {
		allow = List.copyOf(allow);
		deny = List.copyOf(deny);
	}

	/**
	 * The policy the API creates when entries are added to a tenant that has none: enabled,
	 * strict, no entries.
	 * @return the empty policy
	 */
	public static TenantDocument empty() {
		return new TenantDocument(true, Mode.STRICT, List.of(), List.of());
	}

}
