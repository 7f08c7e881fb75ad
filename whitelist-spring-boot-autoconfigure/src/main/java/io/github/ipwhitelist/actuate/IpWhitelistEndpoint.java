package io.github.ipwhitelist.actuate;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.github.ipwhitelist.audit.AccessCounts;
import io.github.ipwhitelist.audit.DenialRecord;
import io.github.ipwhitelist.audit.IpWhitelistRecorder;
import io.github.ipwhitelist.audit.NotListedCaller;
import io.github.ipwhitelist.core.ClientIpResolver;
import io.github.ipwhitelist.core.Decision;
import io.github.ipwhitelist.core.InvalidIpAddressException;
import io.github.ipwhitelist.core.IpAddress;
import io.github.ipwhitelist.core.IpEntry;
import io.github.ipwhitelist.core.Mode;
import io.github.ipwhitelist.core.RuleSet;
import io.github.ipwhitelist.core.RuleSetHolder;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

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

	public IpWhitelistEndpoint(RuleSetHolder rules, IpWhitelistRecorder recorder, ClientIpResolver resolver,
			Clock clock) {
		this.rules = rules;
		this.recorder = recorder;
		this.resolver = resolver;
		this.clock = clock;
	}

	@ReadOperation
	public IpWhitelistDescriptor whitelist() {
		RuleSet ruleSet = this.rules.get();
		Instant now = this.clock.instant();
		List<EntryDescriptor> entries = ruleSet.allowEntries().stream().map((e) -> EntryDescriptor.of(e, now)).toList();
		List<EntryDescriptor> deny = ruleSet.denyEntries().stream().map((e) -> EntryDescriptor.of(e, now)).toList();
		List<NotListedCaller> notListed = (ruleSet.mode() == Mode.PERMISSIVE) ? this.recorder.notListed() : List.of();
		return new IpWhitelistDescriptor(true, ruleSet.mode(), ruleSet.liveAllowCount(now), ruleSet.liveDenyCount(now),
				entries, deny, this.recorder.counts(), this.recorder.recentDenied(), notListed,
				this.recorder.notListedOverflow(), new ClientIpDescriptor(this.resolver.header().headerName(),
						this.resolver.trustedProxies().stream().map(Object::toString).toList()));
	}

	@ReadOperation
	public ExplanationDescriptor explain(@Selector String ip) {
		IpAddress address;
		try {
			address = IpAddress.parseClient(ip);
		}
		catch (InvalidIpAddressException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage());
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
	 */
	public record IpWhitelistDescriptor(boolean enabled, Mode mode, int liveEntries, int liveDenyEntries,
			List<EntryDescriptor> entries, List<EntryDescriptor> deny, AccessCounts counts,
			List<DenialRecord> recentDenied, List<NotListedCaller> notListed, long notListedOverflow,
			ClientIpDescriptor clientIp) {

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
