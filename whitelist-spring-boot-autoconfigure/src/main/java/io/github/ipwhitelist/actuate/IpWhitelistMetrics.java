package io.github.ipwhitelist.actuate;

import java.time.Clock;

import io.github.ipwhitelist.audit.AccessCounts;
import io.github.ipwhitelist.audit.IpWhitelistRecorder;
import io.github.ipwhitelist.rules.RuleSetHolder;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of the whitelist: {@code ip.whitelist.requests} counts guarded requests by
 * {@code outcome} (allowed, denied, malformed, rate_limited) and {@code mode}; the address is
 * never a tag. {@code ip.whitelist.entries.live} gauges the live allow and deny entries.
 */
public class IpWhitelistMetrics implements MeterBinder {

	private final IpWhitelistRecorder recorder;

	private final RuleSetHolder rules;

	private final Clock clock;

	public IpWhitelistMetrics(IpWhitelistRecorder recorder, RuleSetHolder rules, Clock clock) {
		this.recorder = recorder;
		this.rules = rules;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		String mode = this.rules.get().mode().name().toLowerCase(java.util.Locale.ROOT);
		counter(registry, "allowed", mode, AccessCounts::allowed);
		counter(registry, "denied", mode, AccessCounts::denied);
		counter(registry, "malformed", mode, AccessCounts::malformed);
		counter(registry, "rate_limited", mode, AccessCounts::rateLimited);
		Gauge.builder("ip.whitelist.entries.live", this, (m) -> m.rules.get().liveAllowCount(m.clock.instant()))
			.tag("list", "allow")
			.description("Allow entries that match now")
			.register(registry);
		Gauge.builder("ip.whitelist.entries.live", this, (m) -> m.rules.get().liveDenyCount(m.clock.instant()))
			.tag("list", "deny")
			.description("Deny entries that match now")
			.register(registry);
	}

	private void counter(MeterRegistry registry, String outcome, String mode,
			java.util.function.ToLongFunction<AccessCounts> count) {
		FunctionCounter.builder("ip.whitelist.requests", this.recorder, (r) -> count.applyAsLong(r.counts()))
			.tag("outcome", outcome)
			.tag("mode", mode)
			.description("Requests checked by the IP whitelist")
			.register(registry);
	}

}
