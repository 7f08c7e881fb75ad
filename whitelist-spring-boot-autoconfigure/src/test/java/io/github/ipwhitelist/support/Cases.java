package io.github.ipwhitelist.support;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Seeded generated cases for property tests, on plain JUnit 5. Each case draws from its own
 * {@link SplittableRandom}, seeded from the run's seed and the case number, so a failing case
 * is replayed alone, with the same draws, by giving its seed:
 *
 * <pre>
 * ./mvnw -pl whitelist-spring-boot-autoconfigure test -Dtest=RuleSetPropertyTests -Dcases.seed=1234567
 * </pre>
 *
 * A run without {@code cases.seed} takes a new random seed, so every run explores new cases;
 * a failure names its seed in the assertion message.
 */
public final class Cases {

	public static final String SEED_PROPERTY = "cases.seed";

	private Cases() {
	}

	/**
	 * Checks a property for the given number of generated cases, or for the one case whose
	 * seed {@code -Dcases.seed} gives.
	 * @param tries how many cases
	 * @param property the property, given a source of draws
	 */
	public static void check(int tries, Consumer<Draw> property) {
		String replay = System.getProperty(SEED_PROPERTY);
		if (replay != null) {
			run(Long.parseLong(replay.trim()), property);
			return;
		}
		long base = new SplittableRandom().nextLong();
		SplittableRandom seeds = new SplittableRandom(base);
		for (int i = 0; i < tries; i++) {
			run(seeds.nextLong(), property);
		}
	}

	private static void run(long seed, Consumer<Draw> property) {
		try {
			property.accept(new Draw(new SplittableRandom(seed)));
		}
		catch (AssertionError | RuntimeException ex) {
			throw new AssertionError("Property failed for the case with seed " + seed + "; replay it with -D"
					+ SEED_PROPERTY + "=" + seed + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * The draws of one case. Integers favour the ends of their range now and then (as the
	 * edge cases of a property-testing library do): 0, 1, the bounds and their neighbours.
	 */
	public static final class Draw {

		private final SplittableRandom random;

		Draw(SplittableRandom random) {
			this.random = random;
		}

		/** An int in [min, max], both inclusive, with its edges drawn often. */
		public int between(int min, int max) {
			if (this.random.nextInt(8) == 0) {
				int[] edges = { min, max, min + 1, max - 1, 0 };
				int edge = edges[this.random.nextInt(edges.length)];
				if (edge >= min && edge <= max) {
					return edge;
				}
			}
			return (int) this.random.nextLong(min, (long) max + 1);
		}

		/** A long in [min, max], both inclusive, with its edges drawn often. */
		public long between(long min, long max) {
			if (this.random.nextInt(8) == 0) {
				long[] edges = { min, max, min + 1, max - 1, 0 };
				long edge = edges[this.random.nextInt(edges.length)];
				if (edge >= min && edge <= max) {
					return edge;
				}
			}
			if (max < Long.MAX_VALUE) {
				return this.random.nextLong(min, max + 1);
			}
			return (min > Long.MIN_VALUE) ? this.random.nextLong(min - 1, max) + 1 : this.random.nextLong();
		}

		/** Any int, edges (0, ±1, the extremes) drawn often. */
		public int anyInt() {
			return between(Integer.MIN_VALUE, Integer.MAX_VALUE);
		}

		public boolean bool() {
			return this.random.nextBoolean();
		}

		/** Whether an event of the given weight out of the total happens. */
		public boolean chance(int weight, int total) {
			return this.random.nextInt(total) < weight;
		}

		public <T> T oneOf(List<T> values) {
			return values.get(this.random.nextInt(values.size()));
		}

		/** A list of the given size range, each element drawn by the generator. */
		public <T> List<T> list(int minSize, int maxSize, Function<Draw, T> element) {
			int size = between(minSize, maxSize);
			List<T> values = new ArrayList<>(size);
			for (int i = 0; i < size; i++) {
				values.add(element.apply(this));
			}
			return values;
		}

	}

}
