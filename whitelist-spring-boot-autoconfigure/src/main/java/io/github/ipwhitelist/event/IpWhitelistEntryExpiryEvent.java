package io.github.ipwhitelist.event;

import java.time.Instant;

import io.github.ipwhitelist.rules.IpEntry;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

/**
 * Published once when an entry comes within {@code ip-whitelist.health.expiry-warning} of its
 * expiry ({@link Kind#EXPIRING_SOON}), and once when it expires ({@link Kind#EXPIRED}), so that
 * the application can tell the organization it belongs to ("your contractor's address stops
 * working on Friday"). An entry already close to its expiry when it is loaded is announced at
 * once. Each instance of a fleet publishes its own events.
 */
public class IpWhitelistEntryExpiryEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final Kind kind;

	private final @Nullable String tenant;

	private final transient IpEntry entry;

	private final Instant expiresAt;

	/**
	 * Creates an event.
	 * @param source the publisher
	 * @param kind what happened
	 * @param tenant the tenant whose entry it is, {@code null} for the global list
	 * @param entry the entry
	 * @param expiresAt its expiry
	 */
	public IpWhitelistEntryExpiryEvent(Object source, Kind kind, @Nullable String tenant, IpEntry entry,
			Instant expiresAt) {
		super(source);
		this.kind = kind;
		this.tenant = tenant;
		this.entry = entry;
		this.expiresAt = expiresAt;
	}

	/**
	 * Returns what happened.
	 * @return the kind
	 */
	public Kind getKind() {
		return this.kind;
	}

	/**
	 * Returns the tenant whose entry it is.
	 * @return the tenant id, {@code null} for the global list
	 */
	public @Nullable String getTenant() {
		return this.tenant;
	}

	/**
	 * Returns the entry.
	 * @return the entry
	 */
	public IpEntry getEntry() {
		return this.entry;
	}

	/**
	 * Returns the entry's expiry.
	 * @return the instant it stops (or stopped) matching
	 */
	public Instant getExpiresAt() {
		return this.expiresAt;
	}

	@Override
	public String toString() {
		return "IpWhitelistEntryExpiryEvent[" + this.kind + ", tenant=" + this.tenant + ", " + this.entry.label()
				+ ", expiresAt=" + this.expiresAt + "]";
	}

	/**
	 * What happened to the entry.
	 */
	public enum Kind {

		/** The entry expires within the warning period. */
		EXPIRING_SOON,

		/** The entry has expired and no longer matches. */
		EXPIRED

	}

}
