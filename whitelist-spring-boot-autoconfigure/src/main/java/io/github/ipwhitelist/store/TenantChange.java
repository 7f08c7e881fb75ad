package io.github.ipwhitelist.store;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One change of a tenant's policy, as its history keeps it.
 *
 * @param tenant the tenant id
 * @param version the version the change made
 * @param at when it was made
 * @param by who made it (the authenticated principal, or what a service caller named)
 * @param action what was done: {@code replace}, {@code add-entries}, {@code remove-entry},
 * {@code delete}
 * @param reason why, as the caller said, {@code null} if not said
 * @param before the policy before, {@code null} if the tenant had none
 * @param after the policy after, {@code null} if it was deleted
 */
public record TenantChange(String tenant, long version, Instant at, String by, String action, @Nullable String reason,
		@Nullable TenantDocument before, @Nullable TenantDocument after) {

	/** Action of a full replacement. */
	public static final String REPLACE = "replace";

	/** Action of an addition of entries. */
	public static final String ADD_ENTRIES = "add-entries";

	/** Action of the removal of one entry. */
	public static final String REMOVE_ENTRY = "remove-entry";

	/** Action of the removal of the tenant's policy. */
	public static final String DELETE = "delete";

}
