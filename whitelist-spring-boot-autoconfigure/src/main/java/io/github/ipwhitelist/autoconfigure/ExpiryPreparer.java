package io.github.ipwhitelist.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.ipwhitelist.core.RuleSet;
import io.github.ipwhitelist.core.RuleSetHolder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Builds the lookup table for the next expiry instant ahead of time, on a daemon thread of its
 * own, so that no request pays for it when an entry expires. Correctness never depends on it:
 * the rule set decides expiry exactly in any case.
 */
final class ExpiryPreparer implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ExpiryPreparer.class);

	private final RuleSetHolder rules;

	private final Clock clock;

	private final Duration interval;

	private @Nullable ScheduledExecutorService executor;

	ExpiryPreparer(RuleSetHolder rules, Clock clock, Duration interval) {
		this.rules = rules;
		this.clock = clock;
		this.interval = interval;
	}

	@Override
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		this.executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "ip-whitelist-expiry");
			thread.setDaemon(true);
			return thread;
		});
		long millis = Math.max(1, this.interval.toMillis());
		this.executor.scheduleWithFixedDelay(this::prepareNext, 0, millis, TimeUnit.MILLISECONDS);
	}

	void prepareNext() {
		try {
			RuleSet current = this.rules.get();
			if (!current.hasExpiries()) {
				return;
			}
			Instant now = this.clock.instant();
			current.refresh(now);
			Instant next = current.nextExpiry(now);
			if (next != null) {
				current.prepare(next);
			}
		}
		catch (Throwable ex) {
			logger.error("IP whitelist: preparing the next lookup table failed; requests will build it", ex);
		}
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

}
