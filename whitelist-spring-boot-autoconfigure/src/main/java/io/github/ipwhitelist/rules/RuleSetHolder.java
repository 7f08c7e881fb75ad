package io.github.ipwhitelist.rules;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The live rule set. Readers take {@link #get()} once per request and use that rule set for
 * the whole decision, so a swap by {@link #replace(RuleSet)} is atomic: a request sees either
 * the old list or the new one, never a mix.
 */
public final class RuleSetHolder implements Supplier<RuleSet> {

	private volatile RuleSet current;

	public RuleSetHolder(RuleSet initial) {
		this.current = Objects.requireNonNull(initial, "initial");
	}

	@Override
	public RuleSet get() {
		return this.current;
	}

	/**
	 * Swaps in a new rule set.
	 * @param next the new rule set
	 * @return the previous one
	 */
	public synchronized RuleSet replace(RuleSet next) {
		RuleSet previous = this.current;
		this.current = Objects.requireNonNull(next, "next");
		return previous;
	}

	@Override
	public String toString() {
		return "RuleSetHolder[" + get() + "]";
	}

}
