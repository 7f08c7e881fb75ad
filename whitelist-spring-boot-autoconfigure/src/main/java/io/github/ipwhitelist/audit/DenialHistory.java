package io.github.ipwhitelist.audit;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The durable denial log, queried: denials aggregated per tenant, address, code and minute,
 * newest first, in pages. Kept by {@code ip-whitelist.audit.store=jdbc} in the application's
 * database, shared by every instance and kept across restarts (the in-memory
 * {@code recentDenied} ring holds only the last moments of one instance).
 */
public interface DenialHistory {

	/** Largest page. */
	int MAX_PAGE_SIZE = 1000;

	/**
	 * Reads a page of denials.
	 * @param query what to read
	 * @return the page, newest first
	 */
	Page query(Query query);

	/**
	 * What to read.
	 *
	 * @param tenant only this tenant's denials; {@code null} for all (the global view), ""
	 * for denials that named no tenant
	 * @param since only rows whose last denial is at or after this instant, {@code null} for no bound
	 * @param until only rows whose first denial is at or before this instant, {@code null} for no bound
	 * @param address only this address (canonical text), {@code null} for all
	 * @param page the page, from 0
	 * @param size the page size, 1 to {@link #MAX_PAGE_SIZE}
	 */
	record Query(@Nullable String tenant, @Nullable Instant since, @Nullable Instant until, @Nullable String address,
			int page, int size) {

	}

	/**
	 * A page of denials.
	 *
	 * @param denials the rows, newest first
	 * @param page the page, from 0
	 * @param size the page size
	 * @param more whether a next page holds rows
	 */
	record Page(List<Row> denials, int page, int size, boolean more) {

	}

	/**
	 * The denials of one tenant, address and code in one minute.
	 *
	 * @param tenant the tenant the requests named, {@code null} for none ({@code *}: tenants
	 * beyond the writer's bound)
	 * @param address the client address ({@code *}: addresses beyond the writer's bound)
	 * @param code the error code (1451, 1452, 1453)
	 * @param minute the minute
	 * @param count how many denials
	 * @param firstSeen the first of them
	 * @param lastSeen the last of them
	 * @param lastPath the last one's path
	 * @param lastRequestId the last one's request id
	 */
	record Row(@Nullable String tenant, String address, int code, Instant minute, long count, Instant firstSeen,
			Instant lastSeen, String lastPath, String lastRequestId) {

	}

}
