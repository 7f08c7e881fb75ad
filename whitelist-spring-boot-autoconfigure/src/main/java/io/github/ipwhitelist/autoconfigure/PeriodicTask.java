package io.github.ipwhitelist.autoconfigure;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Runs a task at a fixed delay on a daemon thread of its own while the application runs: the
 * polling of source files, and the preparation of the next expiry's lookup table. Whatever the
 * task throws is logged and the schedule goes on (an escaping throwable would cancel it
 * silently).
 */
final class PeriodicTask implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(PeriodicTask.class);

	private final String name;

	private final Duration interval;

	private final Runnable task;

	private @Nullable ScheduledExecutorService executor;

	/**
	 * Creates a task.
	 * @param name the thread name, also used in log lines
	 * @param interval the delay between two runs; zero never runs the task
	 * @param task the task
	 */
	PeriodicTask(String name, Duration interval, Runnable task) {
		this.name = name;
		this.interval = interval;
		this.task = task;
	}

	@Override
	public synchronized void start() {
		if (this.executor != null || this.interval.isZero()) {
			return;
		}
		this.executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, this.name);
			thread.setDaemon(true);
			return thread;
		});
		long millis = Math.max(1, this.interval.toMillis());
		this.executor.scheduleWithFixedDelay(this::runSafely, millis, millis, TimeUnit.MILLISECONDS);
	}

	private void runSafely() {
		try {
			this.task.run();
		}
		catch (Throwable ex) {
			logger.error("IP whitelist: " + this.name + " failed; it runs again after " + this.interval, ex);
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
