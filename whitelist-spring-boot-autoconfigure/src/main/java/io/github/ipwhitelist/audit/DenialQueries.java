package io.github.ipwhitelist.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import io.github.ipwhitelist.address.InvalidSyntaxException;
import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.address.LogSafe;
import org.jspecify.annotations.Nullable;

/**
 * Reads the parameters of a query of the durable denial log, as the actuator endpoint and the
 * management API take them: {@code since} and {@code until} as ISO-8601 instants, {@code address}
 * as an IP address (canonicalised) or {@code *}, {@code page} from 0 and {@code size} from 1 to
 * {@link DenialHistory#MAX_PAGE_SIZE} (100 by default). A bad value is named, never ignored.
 */
public final class DenialQueries {

	/** Page size when none is given. */
	public static final int DEFAULT_PAGE_SIZE = 100;

	private DenialQueries() {
	}

	/**
	 * Reads the parameters.
	 * @param tenant the tenant, already checked ({@code null} for every tenant)
	 * @param page the page, {@code null} for 0
	 * @param size the page size, {@code null} for 100
	 * @param since the earliest instant, {@code null} for none
	 * @param until the latest instant, {@code null} for none
	 * @param address the address, {@code null} for all
	 * @return the query, or the first bad parameter
	 */
	public static Parsed parse(@Nullable String tenant, @Nullable Integer page, @Nullable Integer size,
			@Nullable String since, @Nullable String until, @Nullable String address) {
		int pageNumber = (page != null) ? page : 0;
		int pageSize = (size != null) ? size : DEFAULT_PAGE_SIZE;
		if (pageNumber < 0) {
			return Parsed.bad("page", String.valueOf(pageNumber), "must be at least 0");
		}
		if (pageSize < 1 || pageSize > DenialHistory.MAX_PAGE_SIZE) {
			return Parsed.bad("size", String.valueOf(pageSize), "must be 1 to " + DenialHistory.MAX_PAGE_SIZE);
		}
		Instant from;
		Instant to;
		try {
			from = (since != null) ? Instant.parse(since) : null;
		}
		catch (DateTimeParseException ex) {
			return Parsed.bad("since", since, "needs an ISO-8601 instant (2026-12-03T10:15:30Z)");
		}
		try {
			to = (until != null) ? Instant.parse(until) : null;
		}
		catch (DateTimeParseException ex) {
			return Parsed.bad("until", until, "needs an ISO-8601 instant (2026-12-03T10:15:30Z)");
		}
		if (from != null && to != null && to.isBefore(from)) {
			return Parsed.bad("until", to.toString(), "is before since");
		}
		String canonical = null;
		if (address != null) {
			if ("*".equals(address)) {
				canonical = address;
			}
			else {
				try {
					canonical = IpAddress.parseClient(address).toString();
				}
				catch (InvalidSyntaxException ex) {
					return Parsed.bad("address", address, "not an IP address: " + ex.getProblem());
				}
			}
		}
		return new Parsed(new DenialHistory.Query(tenant, from, to, canonical, pageNumber, pageSize), null, "", "");
	}

	/**
	 * A query, or why there is none.
	 *
	 * @param query the query, {@code null} when a parameter is bad
	 * @param error what is wrong, {@code null} when nothing is
	 * @param errorName the bad parameter's name
	 * @param errorValue the bad value, escaped
	 */
	public record Parsed(DenialHistory.@Nullable Query query, @Nullable String error, String errorName,
			String errorValue) {

		static Parsed bad(String name, String value, String error) {
			return new Parsed(null, error, name, LogSafe.escape(value, 80));
		}

		/**
		 * Returns the query of parameters that are all good.
		 * @return the query
		 */
		public DenialHistory.Query require() {
			if (this.query == null) {
				throw new IllegalStateException("bad parameter " + this.errorName + ": " + this.error);
			}
			return this.query;
		}

	}

}
