package io.github.ipwhitelist.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.ExpiredEntriesCleaner;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.address.LogSafe;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Token buckets shared by every instance of a fleet, kept by a Bucket4j {@link ProxyManager}
 * in PostgreSQL or Redis: a client gets its limit once across the fleet, not once per
 * instance. Buckets, keys and rules are those of the in-memory limiter ({@link RateLimitPlan}).
 * <p>
 * When the store cannot answer within {@code timeout} (down, unreachable, overloaded), the
 * request is limited by this instance's in-memory buckets instead: still limited, never
 * unlimited, never denied for the store's sake. After {@value #FAILURES_BEFORE_LOCAL} such
 * calls in a row the limiter stays on its own buckets, without paying a timeout per request,
 * until a {@linkplain #probe() probe} reaches the store again; then it shares again. A key the
 * store refused is refused locally until its next token is due, so a client hammering at its
 * limit does not hammer the store. {@link #status()} says which it is and why.
 */
public final class SharedIpRateLimiter implements IpRateLimiter {

	private static final Log logger = LogFactory.getLog(SharedIpRateLimiter.class);

	/** Prefix of every key the starter writes in the store. */
	public static final String KEY_PREFIX = "ipwl:rate:";

	private static final String PROBE_KEY = KEY_PREFIX + "probe";

	/** Calls in a row that fail before the store is deemed unreachable. */
	static final int FAILURES_BEFORE_LOCAL = 3;

	/** Threads that call a blocking store (JDBC): few, so the application's connections stay its own. */
	static final int BLOCKING_THREADS = 4;

	/** Stored buckets removed at most per batch. */
	static final int CLEANUP_BATCH = 1000;

	private final String store;

	private final RateLimitPlan plan;

	private final Supplier<ProxyManager<String>> connector;

	private final InMemoryIpRateLimiter fallback;

	private final Duration timeout;

	private final @Nullable ThreadPoolExecutor executor;

	private final Clock clock;

	private final Map<RateLimitRule, BucketConfiguration> configurations = new ConcurrentHashMap<>();

	private final AtomicLong fallbackDecisions = new AtomicLong();

	private final AtomicInteger consecutiveFailures = new AtomicInteger();

	/** Keys the store refused, with the {@link System#nanoTime()} their next token is due. */
	private final Cache<String, Long> refused = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterWrite(Duration.ofMinutes(10))
		.build();

	private volatile @Nullable ProxyManager<String> proxy;

	private volatile RateLimitStoreStatus status;

	/**
	 * Creates a limiter; it starts shared if the store answers a first probe, otherwise on its
	 * own buckets.
	 * @param store the store's name, as {@code rate-limit.store} names it ({@code jdbc}, {@code redis})
	 * @param plan which bucket a request uses, and its rule
	 * @param connector builds the proxy manager (it may throw while the store is unreachable,
	 * and is called again by the next probe)
	 * @param fallback this instance's buckets, used while the store cannot answer
	 * @param timeout the most one call to the store may take
	 * @param blocking whether calls to the store block (JDBC): they then run on a small pool of
	 * this limiter's, so that a request waits at most {@code timeout} for them (a connection
	 * pool's own timeout is usually 30 s)
	 * @param clock the clock of the status
	 */
	public SharedIpRateLimiter(String store, RateLimitPlan plan, Supplier<ProxyManager<String>> connector,
			InMemoryIpRateLimiter fallback, Duration timeout, boolean blocking, Clock clock) {
		this.store = store;
		this.plan = plan;
		this.connector = connector;
		this.fallback = fallback;
		this.timeout = timeout;
		this.clock = clock;
		this.executor = blocking ? executor(store) : null;
		this.status = new RateLimitStoreStatus(store, false, clock.instant(), "not reached yet", 0);
		probe();
	}

	private static ThreadPoolExecutor executor(String store) {
		AtomicInteger count = new AtomicInteger();
		ThreadPoolExecutor executor = new ThreadPoolExecutor(BLOCKING_THREADS, BLOCKING_THREADS, 60, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(1024), (runnable) -> {
					Thread thread = new Thread(runnable, "ip-whitelist-rate-limit-" + store + "-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	@Override
	public RateLimitResult tryConsume(IpAddress client) {
		return tryConsume(client, null);
	}

	@Override
	public RateLimitResult tryConsume(IpAddress client, @Nullable String tenant) {
		ProxyManager<String> proxy = this.proxy;
		if (proxy != null && this.status.shared()) {
			RateLimitPlan.Bucketing bucketing = this.plan.of(client, tenant);
			String key = bucketing.key();
			// A key the store refused a moment ago is refused here until its next token is due:
			// a client hammering at its limit costs the store nothing more.
			Long refusedUntil = this.refused.getIfPresent(key);
			long now = System.nanoTime();
			if (refusedUntil != null && refusedUntil - now > 0) {
				long retry = Math.max(1, RateLimitResult.seconds(refusedUntil - now));
				return new RateLimitResult(false, 0, retry, key, bucketing.rule().capacity(), retry);
			}
			BucketConfiguration configuration = this.configurations.computeIfAbsent(bucketing.rule(),
					SharedIpRateLimiter::configuration);
			try {
				ConsumptionProbe probe = call(() -> proxy.builder().build(KEY_PREFIX + key, () -> configuration)
					.tryConsumeAndReturnRemaining(1));
				this.consecutiveFailures.set(0);
				if (!probe.isConsumed()) {
					this.refused.put(key, now + probe.getNanosToWaitForRefill());
				}
				return InMemoryIpRateLimiter.result(probe, key, bucketing.rule());
			}
			catch (Busy ex) {
				// The pool is saturated: this request is limited here; the store is not deemed down.
			}
			catch (VirtualMachineError ex) {
				throw ex;
			}
			catch (Throwable ex) {
				// One slow answer (a hot bucket's row lock) is not an outage: a few in a row are.
				if (this.consecutiveFailures.incrementAndGet() >= FAILURES_BEFORE_LOCAL) {
					unreachable(ex);
				}
			}
		}
		this.fallbackDecisions.incrementAndGet();
		return this.fallback.tryConsume(client, tenant);
	}

	/**
	 * Returns {@code true}: a call may wait on the network, up to the store timeout.
	 * @return {@code true}
	 */
	@Override
	public boolean isBlocking() {
		return true;
	}

	/**
	 * Reaches for the store while it is deemed unreachable (a read of a key that never holds a
	 * bucket); once it answers, buckets are shared again. Called at startup and then
	 * periodically; does nothing while the store answers.
	 */
	public void probe() {
		if (this.status.shared()) {
			return;
		}
		try {
			ProxyManager<String> proxy = this.proxy;
			if (proxy == null) {
				proxy = call(this.connector::get);
				this.proxy = proxy;
			}
			ProxyManager<String> reached = proxy;
			call(() -> reached.getProxyConfiguration(PROBE_KEY));
			this.consecutiveFailures.set(0);
			boolean recovered = this.status.lastError() != null && !"not reached yet".equals(this.status.lastError());
			this.status = new RateLimitStoreStatus(this.store, true, this.clock.instant(), null,
					this.fallbackDecisions.get());
			if (recovered) {
				logger.info("IP whitelist rate limit: the " + this.store + " store answers again; buckets are shared "
						+ "across the fleet again");
			}
		}
		catch (RuntimeException ex) {
			String why = describe(ex);
			if (!why.equals(this.status.lastError())) {
				logger.warn("IP whitelist rate limit: the " + this.store + " store cannot be reached (" + why
						+ "); this instance limits with its own buckets until it can");
			}
			this.status = new RateLimitStoreStatus(this.store, false, this.status.since(), why,
					this.fallbackDecisions.get());
		}
	}

	/**
	 * Returns whether buckets are shared now, and since when, or why not.
	 * @return the status
	 */
	public RateLimitStoreStatus status() {
		RateLimitStoreStatus current = this.status;
		return new RateLimitStoreStatus(current.store(), current.shared(), current.since(), current.lastError(),
				this.fallbackDecisions.get());
	}

	/**
	 * Removes stored buckets that are full again (rows whose expiry has passed), a batch at a
	 * time, at most ten batches a call; for stores that do not expire entries themselves
	 * (PostgreSQL). Does nothing while the store is deemed unreachable.
	 */
	public void removeExpired() {
		if (this.status.shared() && this.proxy instanceof ExpiredEntriesCleaner cleaner) {
			try {
				for (int batch = 0; batch < 10 && call(() -> cleaner.removeExpired(CLEANUP_BATCH)) == CLEANUP_BATCH;
						batch++) {
					// more rows are due: go on
				}
			}
			catch (RuntimeException ex) {
				logger.debug("IP whitelist rate limit: removing full buckets failed", ex);
			}
		}
	}

	/**
	 * Stops the pool of calls to a blocking store.
	 */
	public void close() {
		if (this.executor != null) {
			this.executor.shutdownNow();
		}
	}

	private void unreachable(Throwable ex) {
		String why = describe(ex);
		synchronized (this) {
			if (!this.status.shared()) {
				return;
			}
			this.status = new RateLimitStoreStatus(this.store, false, this.clock.instant(), why,
					this.fallbackDecisions.get());
		}
		logger.warn("IP whitelist rate limit: the " + this.store + " store failed (" + why
				+ "); this instance limits with its own buckets until the store answers again");
	}

	private <T> T call(Supplier<T> work) {
		ThreadPoolExecutor executor = this.executor;
		if (executor == null) {
			return work.get();
		}
		CompletableFuture<T> future;
		try {
			future = CompletableFuture.supplyAsync(work, executor);
		}
		catch (RejectedExecutionException ex) {
			throw new Busy();
		}
		try {
			return future.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw new IllegalStateException("no answer within " + this.timeout.toMillis() + " ms");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted");
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			throw (cause instanceof RuntimeException runtime) ? runtime : new IllegalStateException(cause);
		}
	}

	private static String describe(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
		if (root != ex && ex.getMessage() != null && !ex.getMessage().equals(message)) {
			message = ex.getMessage() + ": " + message;
		}
		return LogSafe.escape(message, 300);
	}

	private static BucketConfiguration configuration(RateLimitRule rule) {
		return BucketConfiguration.builder()
			.addLimit((limit) -> limit.capacity(rule.capacity()).refillGreedy(rule.capacity(), rule.refillPeriod()))
			.build();
	}

	/** The pool of calls to the store is full. */
	private static final class Busy extends RuntimeException {

		private static final long serialVersionUID = 1L;

		Busy() {
			super("the store's call pool is full", null, false, false);
		}

	}

	/**
	 * Whether the buckets are shared, as health shows it.
	 *
	 * @param store the store ({@code jdbc}, {@code redis})
	 * @param shared whether buckets are shared now
	 * @param since when the current state began
	 * @param lastError why the store was last deemed unreachable, {@code null} while shared
	 * @param fallbackDecisions requests limited by this instance's own buckets since start
	 */
	public record RateLimitStoreStatus(String store, boolean shared, Instant since, @Nullable String lastError,
			long fallbackDecisions) {

	}

}
