package io.github.ipwhitelist.actuate;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.github.ipwhitelist.address.InvalidSyntaxException;
import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.audit.AccessCounts;
import io.github.ipwhitelist.audit.DenialRecord;
import io.github.ipwhitelist.audit.IpWhitelistRecorder;
import io.github.ipwhitelist.audit.NotListedCaller;
import io.github.ipwhitelist.client.ClientIpResolver;
import io.github.ipwhitelist.rules.Decision;
import io.github.ipwhitelist.rules.IpEntry;
import io.github.ipwhitelist.rules.Mode;
import io.github.ipwhitelist.rules.RuleSet;
import io.github.ipwhitelist.rules.RuleSetHolder;
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
 * (in permissive mode) the unlisted callers; and, for one address, whether it may pass and why.
 */
@Endpoint(id = "ipwhitelist")
public class IpWhitelistEndpoint {

	private final RuleSetHolder rules;

	private final IpWhitelistRecorder recorder;

	private final ClientIpResolver resolver;

	private final Clock clock;

	private final @Nullable IpWhitelistLoader loader;

	private final boolean enabled;

	private IpWhitelistEndpoint(RuleSetHolder rules, IpWhitelistRecorder recorder, ClientIpResolver resolver,
			Clock clock, @Nullable IpWhitelistLoader loader, boolean enabled) {
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
				clock, null, false);
	}

	public IpWhitelistEndpoint(RuleSetHolder rules, IpWhitelistRecorder recorder, ClientIpResolver resolver,
			Clock clock, @Nullable IpWhitelistLoader loader) {
		this(rules, recorder, resolver, clock, loader, true);
	}

	/**
	 * Reads every source file again and swaps in the new list (a bad file keeps its last good
	 * entries).
	 * @return the sources after the reload
	 */
	@WriteOperation
	public ReloadDescriptor reload() {
		if (this.loader == null) {
			return new ReloadDescriptor(false, List.of());
		}
		boolean reloaded = this.loader.reloadNow();
		return new ReloadDescriptor(reloaded, this.loader.statuses());
	}

	@ReadOperation
	public IpWhitelistDescriptor whitelist() {
		RuleSet ruleSet = this.rules.get();
		Instant now = this.clock.instant();
		List<EntryDescriptor> entries = ruleSet.allowEntries().stream().map((e) -> EntryDescriptor.of(e, now)).toList();
		List<EntryDescriptor> deny = ruleSet.denyEntries().stream().map((e) -> EntryDescriptor.of(e, now)).toList();
		List<NotListedCaller> notListed = (ruleSet.mode() == Mode.PERMISSIVE) ? this.recorder.notListed() : List.of();
		return new IpWhitelistDescriptor(this.enabled, ruleSet.mode(), ruleSet.liveAllowCount(now), ruleSet.liveDenyCount(now),
				entries, deny, this.recorder.counts(), this.recorder.recentDenied(), notListed,
				this.recorder.notListedOverflow(), new ClientIpDescriptor(this.resolver.header().headerName(),
						this.resolver.trustedProxies().stream().map(Object::toString).toList()),
				(this.loader != null) ? this.loader.statuses() : List.of(), ruleSet.tableSize(now));
	}

	@ReadOperation
	public ExplanationDescriptor explain(@Selector String ip) {
		IpAddress address;
		try {
			address = IpAddress.parseClient(ip);
		}
		catch (InvalidSyntaxException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage());
		}
		if (!this.enabled) {
			return new ExplanationDescriptor(address.toString(), true, "DISABLED", null, null,
					"the IP whitelist is disabled (ip-whitelist.enabled=false): every address passes");
		}
		Instant now = this.clock.instant();
		Decision decision = this.rules.get().decide(address, now);
		IpEntry entry = decision.entry();
		IpEntry expired = decision.expiredEntry();
		return new ExplanationDescriptor(address.toString(), decision.allowed(), decision.outcome().name(),
				(entry != null) ? EntryDescriptor.of(entry, now) : null,
				(expired != null) ? EntryDescriptor.of(expired, now) : null, decision.reason());
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
	public record IpWhitelistDescriptor(boolean enabled, Mode mode, int liveEntries, int liveDenyEntries,
			List<EntryDescriptor> entries, List<EntryDescriptor> deny, AccessCounts counts,
			List<DenialRecord> recentDenied, List<NotListedCaller> notListed, long notListedOverflow,
			ClientIpDescriptor clientIp, List<SourceStatus> sources, RuleSet.TableSize lookupTable) {

	}

	/**
	 * The answer of a reload.
	 *
	 * @param reloaded whether a new list went live
	 * @param sources the sources after the reload
	 */
	public record ReloadDescriptor(boolean reloaded, List<SourceStatus> sources) {

	}

	/**
	 * One entry.
	 *
	 * @param address the canonical prefix
	 * @param description what it is for
	 * @param expiresAt when it stops matching, {@code null} for never
	 * @param expired whether it has stopped matching
	 * @param origin where it was configured
	 */
	public record EntryDescriptor(String address, @Nullable String description, @Nullable Instant expiresAt,
			boolean expired, String origin) {

		static EntryDescriptor of(IpEntry entry, Instant now) {
			return new EntryDescriptor(entry.prefix().toString(), entry.description(), entry.expiresAt(),
					!entry.isLiveAt(now), entry.origin());
		}

	}

	/**
	 * How the client address is found.
	 *
	 * @param header the forwarding header read from trusted proxies
	 * @param trustedProxies the trusted proxy prefixes
	 */
	public record ClientIpDescriptor(String header, List<String> trustedProxies) {

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
	 */
	public record ExplanationDescriptor(String ip, boolean allowed, String outcome,
			@Nullable EntryDescriptor matchedEntry, @Nullable EntryDescriptor expiredEntry, String reason) {

	}

}
