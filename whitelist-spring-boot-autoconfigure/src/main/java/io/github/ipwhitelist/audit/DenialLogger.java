package io.github.ipwhitelist.audit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.github.ipwhitelist.address.LogSafe;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Writes one structured line per denial ({@code ip=… code=… method=… path=… requestId=…
 * tenant=… gate=… reason="…"}), every value escaped, throttled so that a flood cannot fill the disk:
 * <ul>
 * <li>per address, one line per interval; the denials in between are counted, and the count is
 * logged when the interval ends;</li>
 * <li>at most {@value #MAX_ADDRESSES_TRACKED} addresses are tracked;</li>
 * <li>at most {@value #MAX_LINES_PER_SECOND} denial lines a second in all, so that an attacker
 * rotating addresses cannot flood the log either; the lines left out are counted and the count
 * is logged once the second is over.</li>
 * </ul>
 * The counts of the endpoint and the meters stay exact whatever is logged.
 */
public final class DenialLogger implements IpWhitelistDenialListener {

	/** Most addresses whose throttling state is kept. */
	public static final int MAX_ADDRESSES_TRACKED = 10_000;

	/** Most denial lines written in one second, all addresses together. */
	public static final int MAX_LINES_PER_SECOND = 100;

	private static final Log logger = LogFactory.getLog(DenialLogger.class);

	private final Cache<String, AtomicLong> suppressed;

	private final boolean throttled;

	private final Object windowLock = new Object();

	private long windowSecond = Long.MIN_VALUE;

	private int linesInWindow;

	private long droppedInWindow;

	/**
	 * Creates a logger.
	 * @param interval the shortest interval between two lines for one address; zero logs every
	 * denial (within the global cap)
	 */
	public DenialLogger(Duration interval) {
		this.throttled = !interval.isZero();
		this.suppressed = Caffeine.newBuilder()
			.maximumSize(MAX_ADDRESSES_TRACKED)
			.expireAfterWrite(this.throttled ? interval : Duration.ofNanos(1))
			.executor(Runnable::run)
			.<String, AtomicLong>removalListener((ip, counter, cause) -> {
				// Only the end of an interval is reported, and within the global cap: evictions
				// caused by many addresses must not become a flood of their own.
				long count = (counter != null) ? counter.get() : 0;
				if (ip != null && cause == RemovalCause.EXPIRED && count > 0 && logger.isWarnEnabled()
						&& withinGlobalCap(System.nanoTime() / 1_000_000_000L)) {
					logger.warn("IP whitelist suppressed " + count + " further denial lines: ip="
							+ LogSafe.escapeValue(ip, LogSafe.MAX_LENGTH));
				}
			})
			.build();
	}

	@Override
	public void onDenial(DenialRecord record) {
		if (!logger.isWarnEnabled()) {
			return;
		}
		if (this.throttled) {
			AtomicLong counter = this.suppressed.getIfPresent(record.ip());
			if (counter != null) {
				counter.incrementAndGet();
				return;
			}
			AtomicLong previous = this.suppressed.asMap().putIfAbsent(record.ip(), new AtomicLong());
			if (previous != null) {
				previous.incrementAndGet();
				return;
			}
		}
		if (withinGlobalCap(System.nanoTime() / 1_000_000_000L)) {
			logger.warn(line(record));
		}
	}

	private boolean withinGlobalCap(long second) {
		long dropped = 0;
		boolean allowed;
		synchronized (this.windowLock) {
			if (second != this.windowSecond) {
				dropped = this.droppedInWindow;
				this.windowSecond = second;
				this.linesInWindow = 0;
				this.droppedInWindow = 0;
			}
			allowed = this.linesInWindow < MAX_LINES_PER_SECOND;
			if (allowed) {
				this.linesInWindow++;
			}
			else {
				this.droppedInWindow++;
			}
		}
		if (dropped > 0) {
			logger.warn("IP whitelist left out " + dropped + " denial lines over the limit of " + MAX_LINES_PER_SECOND
					+ " a second");
		}
		return allowed;
	}

	/**
	 * Returns how many addresses have throttling state now.
	 * @return at most {@value #MAX_ADDRESSES_TRACKED}
	 */
	public long trackedAddresses() {
		this.suppressed.cleanUp();
		return this.suppressed.estimatedSize();
	}

	static String line(DenialRecord record) {
		return "IP whitelist denied request: ip=" + LogSafe.escapeValue(record.ip(), LogSafe.MAX_LENGTH) + " code="
				+ record.code() + " method=" + LogSafe.escapeValue(record.method(), LogSafe.MAX_LENGTH) + " path="
				+ LogSafe.escapeValue(record.path(), IpWhitelistRecorder.MAX_PATH_LENGTH) + " requestId="
				+ LogSafe.escapeValue(record.requestId(), LogSafe.MAX_LENGTH)
				+ ((record.tenant() != null) ? " tenant=" + LogSafe.escapeValue(record.tenant(), LogSafe.MAX_LENGTH) : "")
				+ " gate=" + record.gate() + " reason=\""
				+ LogSafe.escapeQuoted(record.reason(), 512) + "\"";
	}

}
