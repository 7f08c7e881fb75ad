package io.github.ipwhitelist.source;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Polls the sources at a fixed interval on a daemon thread of its own, and reloads the list
 * when a file's content changed (a rewrite in place, an atomic rename, or a Kubernetes
 * ConfigMap's symlink swap all change the content read through the same path).
 */
public final class SourceWatcher implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(SourceWatcher.class);

	private final IpWhitelistLoader loader;

	private final Duration interval;

	private @Nullable ScheduledExecutorService executor;

	public SourceWatcher(IpWhitelistLoader loader, Duration interval) {
		this.loader = loader;
		this.interval = interval;
	}

	@Override
	public synchronized void start() {
		if (this.executor != null || this.interval.isZero() || !this.loader.hasSources()) {
			return;
		}
		this.executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "ip-whitelist-reload");
			thread.setDaemon(true);
			return thread;
		});
		long millis = Math.max(1, this.interval.toMillis());
		this.executor.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
	}

	private void poll() {
		try {
			this.loader.reload(false);
		}
		catch (Throwable ex) {
			// Anything escaping here would cancel the schedule silently: log it and keep polling.
			logger.error("IP whitelist: reload failed; keeping the last good list", ex);
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
