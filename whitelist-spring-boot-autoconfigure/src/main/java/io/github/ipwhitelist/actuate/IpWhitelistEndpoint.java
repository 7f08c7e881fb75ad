package io.github.ipwhitelist.actuate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.ipwhitelist.address.InvalidSyntaxException;
import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.address.IpRange;
import io.github.ipwhitelist.audit.AccessCounts;
import io.github.ipwhitelist.audit.DenialRecord;
import io.github.ipwhitelist.audit.IpWhitelistRecorder;
import io.github.ipwhitelist.audit.NotListedCaller;
import io.github.ipwhitelist.audit.TenantActivity;
import io.github.ipwhitelist.client.ClientIpResolver;
import io.github.ipwhitelist.rules.Decision;
import io.github.ipwhitelist.rules.IpEntry;
import io.github.ipwhitelist.rules.WrittenEntry;
import io.github.ipwhitelist.rules.Mode;
import io.github.ipwhitelist.rules.RuleSet;
import io.github.ipwhitelist.rules.RuleSetHolder;
import io.github.ipwhitelist.rules.TenantIds;
import io.github.ipwhitelist.rules.TenantPolicy;
import io.github.ipwhitelist.rules.TenantTable;
import io.github.ipwhitelist.source.IpWhitelistLoader;
import io.github.ipwhitelist.source.SourceStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code ipwhitelist} endpoint: the live configuration, exact counts, recent denials and
 * (in permissive mode) the unlisted callers; for one address, whether it may pass and why
 * (globally, or for a tenant: both gates); and the tenants, page by page or one at a time.
 */
@Endpoint(id = "ipwhitelist")
public class IpWhitelistEndpoint {

	private final RuleSetHolder rules;

	private final IpWhitelistRecorder recorder;

	private final ClientIpResolver resolver;

	private final Clock clock;

	private final @Nullable IpWhitelistLoader loader;

	private final boolean enabled;

	private final TenantTable tenants;

	private final TenantActivity tenantActivity;

	/** Largest page of tenants. */
	public static final int MAX_PAGE_SIZE = 1000;

	private IpWhitelistEndpoint(RuleSetHolder rules, IpWhitelistRecorder recorder, ClientIpResolver resolver,
			Clock clock, @Nullable IpWhitelistLoader loader, boolean enabled, TenantTable tenants,
			TenantActivity tenantActivity) {
		this.tenants = tenants;
		this.tenantActivity = tenantActivity;
		this.rules = rules;
		this.recorder = recorder;
		this.resolver = resolver;
		this.clock = clock;
		this.loader = loader;
		this.enabled = enabled;
	}

	/**
	 * Returns the endpoint of an application where {@code ip-whitelist.enabled=false}: it says
	 * so, and explains every address as passing.
	 * @param mode the configured mode
	 * @param clock the clock
	 * @return the endpoint
	 */
	public static IpWhitelistEndpoint disabled(Mode mode, Clock clock) {
		return new IpWhitelistEndpoint(new RuleSetHolder(RuleSet.compile(mode, List.of(), List.of())),
				new IpWhitelistRecorder(1, 1, clock),
				new ClientIpResolver(List.of(), io.github.ipwhitelist.client.ForwardingHeader.X_FORWARDED_FOR, 1, 1),
				clock, null, false, new TenantTable(), new TenantActivity(1, 1, 1));
	}

	public IpWhitelistEndpoint(RuleSetHolder rules, IpWhitelistRecorder recorder, ClientIpResolver resolver,
			Clock clock, @Nullable IpWhitelistLoader loader) {
		this(rules, recorder, resolver, clock, loader, true, new TenantTable(), new TenantActivity(1, 1, 1));
	}

	/**
	 * Creates the endpoint of an application with tenants.
	 * @param rules the global list
	 * @param recorder the global counts and records
	 * @param resolver how the client address is found
	 * @param clock the clock
	 * @param loader the loader of files, {@code null} if none
	 * @param tenants the tenants' policies
	 * @param tenantActivity the tenants' counts and records
	 */
	public IpWhitelistEndpoint(RuleSetHolder rules, IpWhitelistRecorder recorder, ClientIpResolver resolver,
			Clock clock, @Nullable IpWhitelistLoader loader, TenantTable tenants, TenantActivity tenantActivity) {
		this(rules, recorder, resolver, clock, loader, true, tenants, tenantActivity);
	}

	/**
	 * Reads every source file again and swaps in the new list (a bad file keeps its last good
	 * entries).
	 * @return the sources after the reload
	 */
	@WriteOperation
	public ReloadDescriptor reload() {
		if (this.loader == null) {
			return new ReloadDescriptor(false, List.of(), List.of());
		}
		boolean reloaded = this.loader.reloadNow();
		return new ReloadDescriptor(reloaded, this.loader.statuses(), this.loader.trustedProxyStatuses());
	}

	@ReadOperation
	public IpWhitelistDescriptor whitelist() {
		RuleSet ruleSet = this.rules.get();
		Instant now = this.clock.instant();
		List<EntryDescriptor> entries = describe(ruleSet.allowEntries(), ruleSet.allowEntriesElsewhere(), now);
		List<EntryDescriptor> deny = describe(ruleSet.denyEntries(), ruleSet.denyEntriesElsewhere(), now);
		List<NotListedCaller> notListed = (ruleSet.mode() == Mode.PERMISSIVE) ? this.recorder.notListed() : List.of();
		return new IpWhitelistDescriptor(this.enabled, ruleSet.mode(), ruleSet.environment(), ruleSet.liveAllowCount(now),
				ruleSet.liveDenyCount(now), entries, deny, this.recorder.counts(), this.recorder.recentDenied(),
				notListed, this.recorder.notListedOverflow(),
				new ClientIpDescriptor(this.resolver.header().headerName(),
						this.resolver.trustedProxies().stream().map(Object::toString).toList(),
						this.resolver.sourceProxyCount(),
						(this.loader != null) ? this.loader.trustedProxyStatuses() : List.of()),
				(this.loader != null) ? this.loader.statuses() : List.of(), ruleSet.tableSize(now), this.tenants.size());
	}

	private static List<EntryDescriptor> describe(List<IpEntry> applying, List<IpEntry> elsewhere, Instant now) {
		List<EntryDescriptor> result = new ArrayList<>(applying.size() + elsewhere.size());
		for (WrittenEntry entry : WrittenEntry.of(applying)) {
			result.add(EntryDescriptor.of(entry, now, true));
		}
		for (WrittenEntry entry : WrittenEntry.of(elsewhere)) {
			result.add(EntryDescriptor.of(entry, now, false));
		}
		return result;
	}

	/**
	 * Explains one address by the global list alone.
	 * @param ip the address
	 * @return the explanation
	 */
	public ExplanationDescriptor explain(String ip) {
		return explain(ip, null);
	}

	/**
	 * Explains one address: whether the global list lets it pass and, with a tenant, whether
	 * that tenant's list does too.
	 * @param ip the address
	 * @param tenant the tenant, {@code null} for the global list alone
	 * @return the explanation
	 */
	@ReadOperation
	public ExplanationDescriptor explain(@Selector String ip, @Nullable String tenant) {
		IpAddress address;
		try {
			address = IpAddress.parseClient(ip);
		}
		catch (InvalidSyntaxException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage());
		}
		if (tenant != null && !TenantIds.isValid(tenant)) {
			String message = "not a tenant id: " + TenantIds.RULE;
			throw new InvalidEndpointRequestException(message, message);
		}
		if (!this.enabled) {
			return new ExplanationDescriptor(address.toString(), true, "DISABLED", null, null,
					"the IP whitelist is disabled (ip-whitelist.enabled=false): every address passes", tenant, null);
		}
		Instant now = this.clock.instant();
		Decision decision = this.rules.get().decide(address, now);
		if (tenant == null || !decision.allowed()) {
			return explanation(decision, now, tenant, decision.allowed() ? null : "global", "");
		}
		TenantPolicy policy = this.tenants.get(tenant);
		if (policy == null || !policy.enabled()) {
			return explanation(decision, now, tenant, null, (policy == null)
					? "tenant " + tenant + " has no policy, so no second gate; global list: "
					: "tenant " + tenant + "'s gate is disabled; global list: ");
		}
		Decision tenantDecision = policy.decide(address, now);
		return explanation(tenantDecision, now, tenant, tenantDecision.allowed() ? null : "tenant",
				"global list lets it pass (" + decision.reason() + "); tenant " + tenant + ": ");
	}

	private static ExplanationDescriptor explanation(Decision decision, Instant now, @Nullable String tenant,
			@Nullable String gate, String prefix) {
		IpEntry entry = decision.entry();
		IpEntry expired = decision.expiredEntry();
		return new ExplanationDescriptor(decision.address().toString(), decision.allowed(), decision.outcome().name(),
				(entry != null) ? EntryDescriptor.of(entry, now, true) : null,
				(expired != null) ? EntryDescriptor.of(expired, now, true) : null, prefix + decision.reason(), tenant,
				gate);
	}

	/**
	 * Returns one page of the tenants, sorted by id.
	 * @param page the page, from 0
	 * @param size the page size, 1 to {@value #MAX_PAGE_SIZE}
	 * @return the page
	 */
	public TenantsPage tenants(int page, int size) {
		if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
			String message = "page must be at least 0 and size 1 to " + MAX_PAGE_SIZE;
			throw new InvalidEndpointRequestException(message, message);
		}
		Instant now = this.clock.instant();
		List<TenantSummary> summaries = new ArrayList<>();
		for (TenantPolicy policy : this.tenants.page(page, size)) {
			summaries.add(new TenantSummary(policy.tenant(), policy.enabled(), policy.mode(), policy.liveAllowCount(now),
					policy.liveDenyCount(now), this.tenantActivity.counts(policy.tenant())));
		}
		return new TenantsPage(summaries, page, size, this.tenants.size());
	}

	/**
	 * Returns one tenant's policy, counts, recent denials and (permissive) unlisted callers.
	 * @param tenant the tenant id
	 * @return the view, {@code null} for a tenant without policy
	 */
	public @Nullable TenantDescriptor tenant(String tenant) {
		TenantPolicy policy = this.tenants.get(TenantIds.orNull(tenant));
		if (policy == null) {
			return null;
		}
		Instant now = this.clock.instant();
		List<EntryDescriptor> entries = describe(policy.allowEntries(), policy.allowEntriesElsewhere(), now);
		List<EntryDescriptor> deny = describe(policy.denyEntries(), policy.denyEntriesElsewhere(), now);
		return new TenantDescriptor(policy.tenant(), policy.enabled(), policy.mode(), policy.origin(),
				policy.liveAllowCount(now), policy.liveDenyCount(now), entries, deny,
				this.tenantActivity.counts(policy.tenant()), this.tenantActivity.recentDenied(policy.tenant()),
				(policy.mode() == Mode.PERMISSIVE) ? this.tenantActivity.notListed(policy.tenant()) : List.of());
	}



	/**
	 * The whole state of the whitelist.
	 *
	 * @param enabled whether the whitelist guards requests
	 * @param mode the mode
	 * @param liveEntries allow entries that match now
	 * @param liveDenyEntries deny entries that match now
	 * @param entries the allow entries
	 * @param deny the deny entries
	 * @param counts the counts of guarded requests since start
	 * @param recentDenied the recent denials, newest first
	 * @param notListed the unlisted callers that passed (permissive mode)
	 * @param notListedOverflow how many unlisted callers were evicted to keep the table bounded
	 * @param clientIp how the client address is found
	 * @param sources the files entries are loaded from
	 * @param lookupTable the size of the lookup table deciding now
	 */
	public record IpWhitelistDescriptor(boolean enabled, Mode mode, @Nullable String environment, int liveEntries,
			int liveDenyEntries, List<EntryDescriptor> entries, List<EntryDescriptor> deny, AccessCounts counts,
			List<DenialRecord> recentDenied, List<NotListedCaller> notListed, long notListedOverflow,
			ClientIpDescriptor clientIp, List<SourceStatus> sources, RuleSet.TableSize lookupTable, int tenantCount) {

	}

	/**
	 * One page of tenants.
	 *
	 * @param tenants the tenants of the page, sorted by id
	 * @param page the page, from 0
	 * @param size the page size
	 * @param total the number of tenants with a policy
	 */
	public record TenantsPage(List<TenantSummary> tenants, int page, int size, int total) {

	}

	/**
	 * A tenant in a page.
	 *
	 * @param tenant the id
	 * @param enabled whether its gate is on
	 * @param mode its mode
	 * @param liveEntries allow entries that match now
	 * @param liveDenyEntries deny entries that match now
	 * @param counts its guarded requests since start
	 */
	public record TenantSummary(String tenant, boolean enabled, Mode mode, int liveEntries, int liveDenyEntries,
			AccessCounts counts) {

	}

	/**
	 * One tenant in full.
	 *
	 * @param tenant the id
	 * @param enabled whether its gate is on
	 * @param mode its mode
	 * @param origin where its policy comes from
	 * @param liveEntries allow entries that match now
	 * @param liveDenyEntries deny entries that match now
	 * @param entries its allow entries
	 * @param deny its deny entries
	 * @param counts its guarded requests since start
	 * @param recentDenied its recent denials, newest first
	 * @param notListed its unlisted callers that passed (permissive mode)
	 */
	public record TenantDescriptor(String tenant, boolean enabled, Mode mode, String origin, int liveEntries,
			int liveDenyEntries, List<EntryDescriptor> entries, List<EntryDescriptor> deny, AccessCounts counts,
			List<DenialRecord> recentDenied, List<NotListedCaller> notListed) {

	}

	/**
	 * The answer of a reload.
	 *
	 * @param reloaded whether a new list went live
	 * @param sources the sources after the reload
	 * @param trustedProxySources the trusted-proxy sources after the reload
	 */
	public record ReloadDescriptor(boolean reloaded, List<SourceStatus> sources,
			List<SourceStatus> trustedProxySources) {

	}

	/**
	 * One entry.
	 *
	 * @param address the canonical prefix
	 * @param description what it is for
	 * @param expiresAt when it stops matching, {@code null} for never
	 * @param expired whether it has stopped matching
	 * @param origin where it was configured
	 * @param environments the environments it applies in, empty for everywhere
	 * @param applies whether it applies in this deployment's environment
	 * @param prefixes the prefixes that cover a range exactly, {@code null} for an entry written as
	 * an address or a prefix
	 */
	public record EntryDescriptor(String address, @Nullable String description, @Nullable Instant expiresAt,
			boolean expired, String origin, List<String> environments, boolean applies,
			@Nullable List<String> prefixes) {

		static EntryDescriptor of(IpEntry entry, Instant now, boolean applies) {
			String range = entry.range();
			return new EntryDescriptor(entry.written(), entry.description(), entry.expiresAt(), !entry.isLiveAt(now),
					entry.origin(), entry.environments(), applies,
					(range != null) ? IpRange.parse(range).stream().map(Object::toString).toList() : null);
		}

		static EntryDescriptor of(WrittenEntry written, Instant now, boolean applies) {
			IpEntry entry = written.first();
			return new EntryDescriptor(written.address(), entry.description(), entry.expiresAt(), !entry.isLiveAt(now),
					entry.origin(), entry.environments(), applies, written.isRange()
							? written.entries().stream().map((each) -> each.prefix().toString()).toList() : null);
		}

	}

	/**
	 * How the client address is found.
	 *
	 * @param header the forwarding header read from trusted proxies
	 * @param trustedProxies the configured trusted proxy prefixes
	 * @param sourceProxies how many prefixes the trusted-proxy sources give now
	 * @param sources the trusted-proxy sources: last load and fetch, entries and last error
	 */
	public record ClientIpDescriptor(String header, List<String> trustedProxies, int sourceProxies,
			List<SourceStatus> sources) {

	}

	/**
	 * Why one address is allowed or denied.
	 *
	 * @param ip the canonical address (IPv4 for a mapped address)
	 * @param allowed whether it may pass
	 * @param outcome the outcome
	 * @param matchedEntry the entry that decided, if any
	 * @param expiredEntry the entry that would have listed it had it not expired, if any
	 * @param reason a sentence for a person
	 * @param tenant the tenant asked about, {@code null} for the global list alone
	 * @param gate the gate that denied ({@code global} or {@code tenant}), {@code null} when allowed
	 */
	public record ExplanationDescriptor(String ip, boolean allowed, String outcome,
			@Nullable EntryDescriptor matchedEntry, @Nullable EntryDescriptor expiredEntry, String reason,
			@Nullable String tenant, @Nullable String gate) {

	}

}
