package io.github.ipwhitelist.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.address.IpPrefix;
import org.jspecify.annotations.Nullable;

/**
 * Which bucket a request takes its token from, and that bucket's rule: one bucket per client key
 * ({@link RateLimitKeys}), or per tenant and client key when buckets are per tenant. The rule is
 * the tenant's override, else the longest matching address override, else the default. The same
 * plan serves the in-memory limiter and the shared one, so both limit alike.
 */
public final class RateLimitPlan {

	private final RateLimitRule defaultRule;

	private final List<RangeRule> overrides;

	private final RateLimitKeys keys;

	private final boolean perTenant;

	private final Map<String, RateLimitRule> tenantRules;

	private final Predicate<String> knownTenants;

	/**
	 * Creates a plan whose tenant buckets are those of the tenants with a rule of their own.
	 * @param defaultRule the rule of clients no override covers
	 * @param overrides rules for some client ranges; the longest matching prefix wins
	 * @param keys the key function
	 * @param perTenant whether a request that names a tenant uses a bucket of that tenant's
	 * @param tenantRules rules of some tenants' buckets (with {@code perTenant})
	 */
	public RateLimitPlan(RateLimitRule defaultRule, List<RangeRule> overrides, RateLimitKeys keys, boolean perTenant,
			Map<String, RateLimitRule> tenantRules) {
		this(defaultRule, overrides, keys, perTenant, tenantRules, (tenant) -> false);
	}

	/**
	 * Creates a plan.
	 * @param defaultRule the rule of clients no override covers
	 * @param overrides rules for some client ranges; the longest matching prefix wins
	 * @param keys the key function
	 * @param perTenant whether a request that names a tenant uses a bucket of that tenant's
	 * @param tenantRules rules of some tenants' buckets (with {@code perTenant})
	 * @param knownTenants the tenants that exist (have a policy): only they, and those with a rule,
	 * get buckets of their own; a request naming any other tenant uses its client's bucket, so that
	 * naming made-up tenants never buys fresh buckets
	 */
	public RateLimitPlan(RateLimitRule defaultRule, List<RangeRule> overrides, RateLimitKeys keys, boolean perTenant,
			Map<String, RateLimitRule> tenantRules, Predicate<String> knownTenants) {
		this.knownTenants = knownTenants;
		this.defaultRule = defaultRule;
		this.overrides = List.copyOf(overrides);
		this.keys = keys;
		this.perTenant = perTenant;
		this.tenantRules = Map.copyOf(tenantRules);
	}

	/**
	 * Returns the bucket of a request.
	 * @param client the client address
	 * @param tenant the tenant of the request, {@code null} if none
	 * @return the bucket's key and rule
	 */
	public Bucketing of(IpAddress client, @Nullable String tenant) {
		IpPrefix clientKey = this.keys.keyOf(client);
		if (this.perTenant && tenant != null
				&& (this.tenantRules.containsKey(tenant) || this.knownTenants.test(tenant))) {
			RateLimitRule rule = this.tenantRules.get(tenant);
			return new Bucketing(clientKey, tenant, (rule != null) ? rule : ruleFor(client));
		}
		return new Bucketing(clientKey, null, ruleFor(client));
	}

	/**
	 * Returns the longest refill period of any rule: a bucket unused that long is full again.
	 * @return the longest refill period
	 */
	public Duration longestRefill() {
		Duration longest = this.defaultRule.refillPeriod();
		for (RangeRule override : this.overrides) {
			longest = max(longest, override.rule().refillPeriod());
		}
		for (RateLimitRule rule : this.tenantRules.values()) {
			longest = max(longest, rule.refillPeriod());
		}
		return longest;
	}

	/**
	 * Returns the default rule.
	 * @return the rule of clients no override covers
	 */
	public RateLimitRule defaultRule() {
		return this.defaultRule;
	}

	private static Duration max(Duration a, Duration b) {
		return (b.compareTo(a) > 0) ? b : a;
	}

	RateLimitRule ruleFor(IpAddress client) {
		RangeRule best = null;
		IpAddress address = client.unmap();
		for (RangeRule override : this.overrides) {
			if (override.prefix().contains(address)
					&& (best == null || override.prefix().length() > best.prefix().length())) {
				best = override;
			}
		}
		return (best != null) ? best.rule() : this.defaultRule;
	}

	/**
	 * The bucket of a request.
	 *
	 * @param client the client key
	 * @param tenant the tenant whose bucket it is, {@code null} for a bucket of the client alone
	 * @param rule the bucket's rule
	 */
	public record Bucketing(IpPrefix client, @Nullable String tenant, RateLimitRule rule) {

		/**
		 * Returns the key in canonical text: {@code 203.0.113.7}, or {@code acme/203.0.113.7}.
		 * @return the key
		 */
		public String key() {
			return (this.tenant != null) ? this.tenant + "/" + this.client : this.client.toString();
		}

	}

	/**
	 * A rule for a range of clients.
	 *
	 * @param prefix the clients it applies to
	 * @param rule their bucket
	 */
	public record RangeRule(IpPrefix prefix, RateLimitRule rule) {

	}

}
