package io.github.ipwhitelist.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CasesTests {

	@Test
	void checkRunsEveryCase() {
		AtomicInteger runs = new AtomicInteger();
		Cases.check(1234, (draw) -> runs.incrementAndGet());
		assertThat(runs.get()).isEqualTo(1234);
	}

	@Test
	void failureNamesItsSeedAndTheSeedReplaysTheSameDraws() {
		List<Integer> failing = new ArrayList<>();
		AssertionError error = catchThrowableOfType(AssertionError.class, () -> Cases.check(100_000, (draw) -> {
			int value = draw.between(0, 1000);
			if (value == 777) {
				failing.add(value);
				throw new AssertionError("drew 777");
			}
		}));
		assertThat(error.getMessage()).contains("replay it with -Dcases.seed=").contains("drew 777");
		Matcher seed = Pattern.compile("-Dcases\\.seed=(-?\\d+)").matcher(error.getMessage());
		assertThat(seed.find()).isTrue();
		System.setProperty(Cases.SEED_PROPERTY, seed.group(1));
		try {
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> Cases.check(10_000, (draw) -> assertThat(draw.between(0, 1000)).isNotEqualTo(777)));
			AtomicInteger runs = new AtomicInteger();
			Cases.check(10_000, (draw) -> runs.incrementAndGet());
			assertThat(runs.get()).isOne();
		}
		finally {
			System.clearProperty(Cases.SEED_PROPERTY);
		}
	}

	@Test
	void drawsStayInTheirRangeAndReachTheEdges() {
		boolean[] seen = new boolean[11];
		Cases.check(2000, (draw) -> {
			int value = draw.between(-5, 5);
			assertThat(value).isBetween(-5, 5);
			seen[value + 5] = true;
			assertThat(draw.between(Long.MIN_VALUE + 2, Long.MAX_VALUE)).isGreaterThanOrEqualTo(Long.MIN_VALUE + 2);
			assertThat(draw.list(2, 4, Cases.Draw::bool)).hasSizeBetween(2, 4);
		});
		assertThat(seen).containsOnly(true);
	}

}
