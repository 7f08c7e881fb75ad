package io.github.ipwhitelist.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.github.ipwhitelist.address.IpAddress;
import org.jspecify.annotations.Nullable;

/**
 * Keeps what operators need to see about access attempts, within fixed bounds whatever the
 * traffic: exact counts ({@link LongAdder}s), the last {@code capacity} denials in a ring
 * buffer, and at most {@code notListedCapacity} unlisted callers (a Caffeine cache: an attacker
 * rotating addresses evicts entries, never grows memory; evictions are counted as overflow).
 */
public final class IpWhitelistRecorder {

	/** Longest request path kept in a denial record. */
	public static final int MAX_PATH_LENGTH = 256;

	private final Clock clock;

	private final LongAdder allowed = new LongAdder();

	private final LongAdder denied = new LongAdder();

	private final LongAdder malformed = new LongAdder();

	private final LongAdder rateLimited = new LongAdder();

	private final DenialRing ring;

	private final Cache<IpAddress, Tally> notListed;

	private final LongAdder notListedOverflow = new LongAdder();

	/**
	 * Creates a recorder.
	 * @param capacity how many recent denials to keep
	 * @param notListedCapacity how many unlisted callers to track
	 * @param clock the clock for timestamps
	 */
	public IpWhitelistRecorder(int capacity, int notListedCapacity, Clock clock) {
		if (capacity < 1 || notListedCapacity < 1) {
			throw new IllegalArgumentException("capacities must be at least 1");
		}
		this.clock = clock;
		this.ring = new DenialRing(capacity);
		this.notListed = Caffeine.newBuilder()
			.maximumSize(notListedCapacity)
			.executor(Runnable::run)
			.<IpAddress, Tally>removalListener((key, value, cause) -> {
				if (cause == RemovalCause.SIZE) {
					this.notListedOverflow.increment();
				}
			})
			.build();
	}

	/**
	 * Returns the current instant of the recorder's clock, to the millisecond.
	 * @return now
	 */
	public Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	/**
	 * Records a request that passed.
	 * @param address the client address
	 * @param listed whether an entry listed it (otherwise it passed unlisted, in permissive mode)
	 */
	public void allowed(IpAddress address, boolean listed) {
		this.allowed.increment();
		if (!listed) {
			Instant now = this.clock.instant();
			Tally tally = this.notListed.get(address, (key) -> new Tally());
			tally.count.incrementAndGet();
			tally.lastSeen = now;
		}
	}

	/**
	 * Takes back one allowed request: the check after authentication denied it after all.
	 */
	public void retractAllowed() {
		this.allowed.decrement();
	}

	/**
	 * Records a denied request.
	 * @param ip the client address text (escaped if malformed)
	 * @param method the HTTP method
	 * @param path the request path
	 * @param code the error code
	 * @param requestId the request id
	 * @param reason why it was denied
	 * @return the record kept
	 */
	public DenialRecord denied(String ip, String method, String path, DenialCode code, String requestId, String reason) {
		return denied(ip, method, path, code, requestId, reason, null, DenialRecord.GLOBAL_GATE);
	}

	/**
	 * Records a denied request, with the tenant it named or proved and the gate that denied it.
	 * @param ip the client address text (escaped if malformed)
	 * @param method the HTTP method
	 * @param path the request path
	 * @param code the error code
	 * @param requestId the request id
	 * @param reason why it was denied
	 * @param tenant the tenant (a valid id), {@code null} if none
	 * @param gate {@link DenialRecord#GLOBAL_GATE} or {@link DenialRecord#TENANT_GATE}
	 * @return the record kept
	 */
	public DenialRecord denied(String ip, String method, String path, DenialCode code, String requestId, String reason,
			@Nullable String tenant, String gate) {
		switch (code) {
			case NOT_AUTHORIZED -> this.denied.increment();
			case MALFORMED -> this.malformed.increment();
			case RATE_LIMITED -> this.rateLimited.increment();
		}
		String keptPath = (path.length() > MAX_PATH_LENGTH) ? path.substring(0, MAX_PATH_LENGTH) : path;
		DenialRecord record = new DenialRecord(now(), ip, method, keptPath, code.code(), requestId, reason, tenant,
				gate);
		this.ring.add(record);
		return record;
	}

	/**
	 * Returns the counts since start.
	 * @return the counts
	 */
	public AccessCounts counts() {
		return new AccessCounts(this.allowed.sum(), this.denied.sum(), this.malformed.sum(), this.rateLimited.sum());
	}

	/**
	 * Returns the recent denials, newest first.
	 * @return at most {@code capacity} records
	 */
	public List<DenialRecord> recentDenied() {
		return this.ring.newestFirst();
	}

	/**
	 * Returns the capacity of the ring buffer of recent denials.
	 * @return the capacity
	 */
	public int capacity() {
		return this.ring.capacity();
	}

	/**
	 * Returns the tracked unlisted callers, most frequent first.
	 * @return at most {@code notListedCapacity} callers
	 */
	public List<NotListedCaller> notListed() {
		this.notListed.cleanUp();
		List<NotListedCaller> result = new ArrayList<>();
		this.notListed.asMap()
			.forEach((address, tally) -> result
				.add(new NotListedCaller(address.toString(), tally.count.get(), tally.lastSeen)));
		result.sort(Comparator.comparingLong(NotListedCaller::count).reversed().thenComparing(NotListedCaller::ip));
		return result;
	}

	/**
	 * Returns how many unlisted callers were evicted from the table to keep it bounded.
	 * @return the overflow count
	 */
	public long notListedOverflow() {
		return this.notListedOverflow.sum();
	}

	/**
	 * Returns the number of unlisted callers tracked now.
	 * @return the size of the table
	 */
	public long notListedSize() {
		this.notListed.cleanUp();
		return this.notListed.estimatedSize();
	}

	private static final class Tally {

		private final AtomicLong count = new AtomicLong();

		private volatile Instant lastSeen = Instant.EPOCH;

	}

}
