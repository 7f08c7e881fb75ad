package io.github.ipwhitelist.source;

import java.util.List;

import io.github.ipwhitelist.rules.IpEntry;
import io.github.ipwhitelist.rules.Mode;

/**
 * A tenant's policy as the properties give it ({@code ip-whitelist.tenants.policies.<id>}),
 * before the entries of the tenant files are added.
 *
 * @param enabled whether the tenant's gate is on
 * @param mode its mode
 * @param allow its allow entries
 * @param deny its deny entries
 */
public record TenantSettings(boolean enabled, Mode mode, List<IpEntry> allow, List<IpEntry> deny) {

	/** The settings of a tenant that only the files name: enabled, strict, no entries of its own. */
	public static final TenantSettings DEFAULT = new TenantSettings(true, Mode.STRICT, List.of(), List.of());

	public TenantSettings {
		allow = List.copyOf(allow);
		deny = List.copyOf(deny);
	}

}
