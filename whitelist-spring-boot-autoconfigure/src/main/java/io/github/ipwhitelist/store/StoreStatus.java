package io.github.ipwhitelist.store;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * How the tenant store is doing, as health shows it.
 *
 * @param state {@code up} while the last read worked, {@code unreachable} while reads fail
 * (requests are decided from the last good policies)
 * @param revision the store revision this instance has applied
 * @param tenants the live policies this instance took from the store
 * @param lastSuccess when the store was last read
 * @param lastError the last failure, {@code null} while up
 * @param failingSince when reads started failing, {@code null} while up
 * @param invalidTenants tenants whose stored policy cannot be read, with why: each keeps its
 * last good policy, or denies every address if it never had one here (fail closed)
 */
public record StoreStatus(String state, long revision, int tenants, @Nullable Instant lastSuccess,
		@Nullable String lastError, @Nullable Instant failingSince, java.util.Map<String, String> invalidTenants) {

	/** State while the store is read. */
	public static final String UP = "up";

	/** State while reads fail. */
	public static final String UNREACHABLE = "unreachable";

}
