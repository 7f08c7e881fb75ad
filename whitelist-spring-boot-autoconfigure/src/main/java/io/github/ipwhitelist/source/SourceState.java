package io.github.ipwhitelist.source;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.ipwhitelist.rules.IpEntry;

/**
 * One source. The status is one immutable snapshot, published in one write, so a reader
 * never sees half of an update; the other fields belong to the thread that holds the
 * loader's lock.
 */
final class SourceState {

	final EntrySource source;

	volatile List<IpEntry> entries = List.of();

	/** A tenants file's entries by tenant; empty for a file of the global list. */
	volatile Map<String, List<IpEntry>> byTenant = Map.of();

	volatile SourceStatus status;

	/** Checksum of the bytes last loaded or rejected. */
	volatile long seen = IpWhitelistLoader.NONE;

	/** Checksum of changed bytes read once, waiting for a second read that agrees. */
	long pending = IpWhitelistLoader.NONE;

	/** Polls in a row that read changed bytes, none the same as the one before. */
	int changingPolls;

	/** Checksum of the bytes of the last failure, to log a failure once per change. */
	long failedChecksum = IpWhitelistLoader.NONE;

	/** Whether the last failure was one of reading or fetching (not of the content read). */
	boolean lastFailureWasRead;

	SourceState(EntrySource source) {
		this.source = source;
		this.status = new SourceStatus(source.location(), source.list(), source.format(), null, null, 0, null, null,
				List.of());
	}

	void accept(List<IpEntry> entries, Map<String, List<IpEntry>> byTenant, Instant now) {
		this.entries = List.copyOf(entries);
		this.byTenant = byTenant;
		int count = this.entries.size();
		for (List<IpEntry> tenantEntries : byTenant.values()) {
			count += tenantEntries.size();
		}
		this.status = new SourceStatus(this.source.location(), this.source.list(), this.source.format(), now,
				(this.source.https() != null) ? now : null, count, null, null, List.of());
		this.failedChecksum = IpWhitelistLoader.NONE;
		this.lastFailureWasRead = false;
	}

	/**
	 * Notes that an HTTPS source answered with the list already loaded (a 304, or the same
	 * bytes again): the list is current as of now, and an earlier failure to fetch is over.
	 */
	void fetched(Instant now) {
		SourceStatus current = this.status;
		boolean fetchFailed = current.lastError() != null && this.lastFailureWasRead;
		this.status = new SourceStatus(current.location(), current.list(), current.format(), current.lastLoaded(), now,
				current.entries(), fetchFailed ? null : current.lastError(), fetchFailed ? null : current.lastErrorAt(),
				fetchFailed ? List.of() : current.errorLines());
	}

	void fail(String error, List<String> lines, Instant now) {
		SourceStatus current = this.status;
		this.status = new SourceStatus(this.source.location(), this.source.list(), this.source.format(),
				current.lastLoaded(), current.lastFetched(), current.entries(), error, now,
				List.copyOf(lines.subList(0, Math.min(lines.size(), IpWhitelistLoader.STATUS_ERROR_LINES))));
	}

}
