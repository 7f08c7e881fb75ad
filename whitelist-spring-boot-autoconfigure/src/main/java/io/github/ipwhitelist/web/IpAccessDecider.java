package io.github.ipwhitelist.web;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

import io.github.ipwhitelist.client.ClientAddress;
import io.github.ipwhitelist.rules.Decision;
import io.github.ipwhitelist.rules.RuleSet;
import io.github.ipwhitelist.rules.TenantPolicy;
import io.github.ipwhitelist.rules.TenantTable;
import org.jspecify.annotations.Nullable;

/**
 * Decides a resolved client, and the tenant its request names, against the global list and
 * that tenant's: the one decision both stacks use (servlet and reactive), with no request type.
 * The global gate first; a request that names a tenant with an enabled policy must also pass
 * that tenant's list.
 */
public final class IpAccessDecider {

	private final Supplier<RuleSet> rules;

	private final Clock clock;

	private final @Nullable TenantTable tenants;

	/**
	 * Creates a decider.
	 * @param rules the live rule set, read once per request
	 * @param clock the clock used for expiry
	 * @param tenants the tenants' policies, {@code null} for none
	 */
	public IpAccessDecider(Supplier<RuleSet> rules, Clock clock, @Nullable TenantTable tenants) {
		this.rules = rules;
		this.clock = clock;
		this.tenants = tenants;
	}

	/**
	 * Decides a client.
	 * @param client the resolved client (or why there is none)
	 * @param named the tenant the request names (a valid id), {@code null} for none
	 * @return the decision
	 */
	public IpAccessDecision decide(ClientAddress client, @Nullable String named) {
		TenantTable table = this.tenants;
		if (table == null || named == null) {
			if (client.isMalformed()) {
				return IpAccessDecision.malformed(client);
			}
			return IpAccessDecision.of(client, this.rules.get().decide(client.requireAddress(), this.clock.instant()));
		}
		if (client.isMalformed()) {
			return IpAccessDecision.forTenant(client, null, named, null);
		}
		Instant now = this.clock.instant();
		Decision global = this.rules.get().decide(client.requireAddress(), now);
		TenantPolicy policy = table.get(named);
		Decision tenant = (global.allowed() && policy != null && policy.enabled())
				? policy.decide(client.requireAddress(), now) : null;
		return IpAccessDecision.forTenant(client, global, named, tenant);
	}

	/**
	 * Checks, after authentication, the tenant that the credentials prove: it must be the tenant
	 * the request named, if it named one, and its list must let the address pass.
	 * @param decision the decision before authentication (granted)
	 * @param proven the tenant the credentials prove (a valid id), {@code null} for none
	 * @return the same decision when nothing more is to be checked, or a decision for the proven
	 * tenant (denied with the tenant gate when it does not pass)
	 */
	public IpAccessDecision bind(IpAccessDecision decision, @Nullable String proven) {
		if (this.tenants == null || !decision.isGranted() || proven == null || proven.equals(decision.getTenant())) {
			return decision;
		}
		String named = decision.getTenant();
		if (named != null) {
			return IpAccessDecision.tenantMismatch(decision, named, proven);
		}
		TenantPolicy policy = this.tenants.get(proven);
		ClientAddress client = decision.getClient();
		Decision tenant = (policy != null && policy.enabled())
				? policy.decide(client.requireAddress(), this.clock.instant()) : null;
		return IpAccessDecision.forTenant(client, decision.getDecision(), proven, tenant);
	}

	/**
	 * Returns whether a tenant has a policy (enabled or not).
	 * @param tenant the tenant, {@code null} allowed
	 * @return {@code true} if it has one
	 */
	public boolean hasPolicy(@Nullable String tenant) {
		return this.tenants != null && this.tenants.get(tenant) != null;
	}

	/**
	 * Returns the clock.
	 * @return the clock of expiry
	 */
	public Clock clock() {
		return this.clock;
	}

}
