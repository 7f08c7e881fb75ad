package io.github.ipwhitelist.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for something that happens in the background (a poll, a flush, a probe) to be seen.
 */
public final class Waiting {

	private Waiting() {
	}

	/**
	 * Waits until a condition holds, at most a time.
	 * @param limit the most to wait
	 * @param condition the condition, checked every 20 ms
	 * @return how long it took
	 * @throws AssertionError if it does not hold within the limit
	 */
	public static Duration within(Duration limit, BooleanSupplier condition) throws InterruptedException {
		long start = System.nanoTime();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - start > limit.toNanos()) {
				throw new AssertionError("not so within " + limit);
			}
			Thread.sleep(20);
		}
		return Duration.ofNanos(System.nanoTime() - start);
	}

}
