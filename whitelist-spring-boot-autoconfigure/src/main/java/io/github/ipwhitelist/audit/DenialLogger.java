package io.github.ipwhitelist.audit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.ipwhitelist.core.LogSafe;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Writes one structured line per denial ({@code ip=… code=… method=… path=… requestId=…}),
 * every value escaped, throttled so that a flood cannot fill the disk: per address, one line
 * per interval (the denials in between are counted, and the count is logged when the interval ends); and at
 * most {@value #MAX_ADDRESSES_TRACKED} addresses are tracked. Counts elsewhere stay exact.
 */
public final class DenialLogger implements IpWhitelistDenialListener {

	/** Most addresses whose throttling state is kept. */
	public static final int MAX_ADDRESSES_TRACKED = 10_000;

	private static final Log logger = LogFactory.getLog(DenialLogger.class);

	private final Cache<String, AtomicLong> suppressed;

	private final boolean throttled;

	/**
	 * Creates a logger.
	 * @param interval the shortest interval between two lines for one address; zero logs every
	 * denial
	 */
	public DenialLogger(Duration interval) {
		this.throttled = !interval.isZero();
		this.suppressed = Caffeine.newBuilder()
			.maximumSize(MAX_ADDRESSES_TRACKED)
			.expireAfterWrite(this.throttled ? interval : Duration.ofNanos(1))
			.executor(Runnable::run)
			.<String, AtomicLong>removalListener((ip, counter, cause) -> {
				long count = (counter != null) ? counter.get() : 0;
				if (count > 0 && logger.isWarnEnabled()) {
					logger.warn("IP whitelist suppressed " + count + " further denial lines: ip=" + LogSafe.escape(ip));
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
		logger.warn(line(record));
	}

	static String line(DenialRecord record) {
		return "IP whitelist denied request: ip=" + LogSafe.escape(record.ip()) + " code=" + record.code()
				+ " method=" + LogSafe.escape(record.method()) + " path=" + LogSafe.escape(record.path(), IpWhitelistRecorder.MAX_PATH_LENGTH)
				+ " requestId=" + LogSafe.escape(record.requestId()) + " reason=\"" + LogSafe.escape(record.reason(), 512)
				+ "\"";
	}

}
