/**
 * Tenant policies kept in the application's database ({@code ip-whitelist.store.type=jdbc}):
 * every change is one transaction that bumps a version and writes the tenant's history; every
 * instance loads all policies at start, then polls for changes and applies only the tenants
 * that changed. While the database is unreachable, requests are decided from the last good
 * policies.
 */
@NullMarked
package io.github.ipwhitelist.store;

import org.jspecify.annotations.NullMarked;
