package io.github.ipwhitelist.store;

import java.time.Instant;

/**
 * A tenant's policy as stored.
 *
 * @param tenant the tenant id
 * @param document its policy
 * @param version its version, one more at every change (the API's {@code ETag})
 * @param changedAt when it was last changed
 * @param changedBy who last changed it
 */
public record StoredTenant(String tenant, TenantDocument document, long version, Instant changedAt, String changedBy) {

}
