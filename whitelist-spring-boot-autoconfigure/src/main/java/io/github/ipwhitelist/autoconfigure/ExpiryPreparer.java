package io.github.ipwhitelist.autoconfigure;

import java.time.Clock;
import java.time.Instant;

import io.github.ipwhitelist.rules.RuleSet;
import io.github.ipwhitelist.rules.RuleSetHolder;
import io.github.ipwhitelist.rules.TenantTable;

/**
 * Builds the lookup table for the next expiry instant ahead of time (run by a
 * {@link PeriodicTask}), so that no request pays for it when an entry expires. Correctness never
 * depends on it: the rule set decides expiry exactly in any case.
 */
final class ExpiryPreparer implements Runnable {

	private final RuleSetHolder rules;

	private final TenantTable tenants;

	private final Clock clock;

	ExpiryPreparer(RuleSetHolder rules, TenantTable tenants, Clock clock) {
		this.rules = rules;
		this.tenants = tenants;
		this.clock = clock;
	}

	@Override
	public void run() {
		Instant now = this.clock.instant();
		this.tenants.forEach((policy) -> policy.prepareNextExpiry(now));
		RuleSet current = this.rules.get();
		if (!current.hasExpiries()) {
			return;
		}
		current.refresh(now);
		Instant next = current.nextExpiry(now);
		if (next != null) {
			current.prepare(next);
		}
	}

}
