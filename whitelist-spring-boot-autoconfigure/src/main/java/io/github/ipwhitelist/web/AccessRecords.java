package io.github.ipwhitelist.web;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.audit.DenialCode;
import io.github.ipwhitelist.audit.DenialRecord;
import io.github.ipwhitelist.audit.IpWhitelistDenialListener;
import io.github.ipwhitelist.audit.IpWhitelistRecorder;
import io.github.ipwhitelist.audit.TenantActivity;
import io.github.ipwhitelist.ratelimit.RateLimitResult;
import io.github.ipwhitelist.rules.Decision;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What a decided request leaves behind, the same on both stacks (servlet and reactive): an
 * allowed request is counted, globally and for its tenant; a denied one is counted and recorded
 * (in its tenant's view too, and in the view of the tenant its credentials prove when it named
 * another), told to every listener, and described for the response. No request type here: each
 * stack reads its request and writes its response.
 */
public final class AccessRecords {

	private static final Log logger = LogFactory.getLog(AccessRecords.class);

	private final IpWhitelistRecorder recorder;

	private final @Nullable TenantActivity tenantActivity;

	private final List<IpWhitelistDenialListener> listeners;

	private final Predicate<String> hasPolicy;

	/**
	 * Creates the records.
	 * @param recorder the global counts and records
	 * @param tenantActivity the tenants' counts and records, {@code null} without tenants
	 * @param listeners told of every denial
	 * @param hasPolicy whether a tenant has a policy (its activity is kept only then)
	 */
	public AccessRecords(IpWhitelistRecorder recorder, @Nullable TenantActivity tenantActivity,
			List<IpWhitelistDenialListener> listeners, Predicate<String> hasPolicy) {
		this.recorder = recorder;
		this.tenantActivity = tenantActivity;
		this.listeners = List.copyOf(listeners);
		this.hasPolicy = hasPolicy;
	}

	/**
	 * Counts an allowed request, globally and for its tenant.
	 * @param decision the granted decision
	 */
	public void allowed(IpAccessDecision decision) {
		Decision ruling = Objects.requireNonNull(decision.getDecision(), "a granted decision has its ruling");
		this.recorder.allowed(decision.getClient().requireAddress(), ruling.outcome() == Decision.Outcome.LISTED);
		tenantAllowed(decision);
	}

	/**
	 * Counts an allowed request for its tenant only (the global count was taken before the
	 * tenant its credentials prove was known).
	 * @param decision the granted decision
	 */
	public void tenantAllowed(IpAccessDecision decision) {
		TenantActivity activity = this.tenantActivity;
		String tenant = decision.getTenant();
		if (activity == null || tenant == null) {
			return;
		}
		Decision tenantRuling = decision.getTenantDecision();
		if (tenantRuling != null) {
			activity.allowed(tenant, tenantRuling.address(), tenantRuling.outcome() == Decision.Outcome.LISTED,
					this.recorder.now());
		}
		else if (this.hasPolicy.test(tenant)) {
			// A tenant whose gate is off: counted, its callers not recorded as unlisted.
			activity.allowed(tenant, decision.getClient().requireAddress(), true, this.recorder.now());
		}
	}

	/**
	 * Takes back the allowed count of a request that is denied after authentication.
	 * @param before the decision before authentication, counted as allowed
	 */
	public void retractAllowed(IpAccessDecision before) {
		this.recorder.retractAllowed();
		String named = before.getTenant();
		TenantActivity activity = this.tenantActivity;
		if (activity != null && named != null && this.hasPolicy.test(named)) {
			activity.retractAllowed(named);
		}
	}

	/**
	 * Records a denied decision (1451, 1452).
	 * @param decision the denied decision
	 * @param method the request's method
	 * @param path the requested path
	 * @param requestId the request id
	 * @return the denial, for the response
	 */
	public Denial denied(IpAccessDecision decision, String method, String path, String requestId) {
		DenialCode code = Objects.requireNonNull(decision.getDenialCode(), "a denied decision has a code");
		String ip = decision.getClientText();
		String detail = (code == DenialCode.MALFORMED)
				? "Client address '" + ip + "' could not be validated: " + decision.getClient().problem()
				: "IP address " + ip + " is not authorized";
		return deny(code, ip, decision.getReason(), detail, null, decision.getTenant(),
				Objects.requireNonNull(decision.getGate(), "a denied decision has its gate"), decision.getProvenTenant(),
				method, path, requestId);
	}

	/**
	 * Records a request its rate limit refused (1453).
	 * @param decision the granted decision of the request
	 * @param limit the limiter's answer
	 * @param method the request's method
	 * @param path the requested path
	 * @param requestId the request id
	 * @return the denial, for the response
	 */
	public Denial rateLimited(IpAccessDecision decision, RateLimitResult limit, String method, String path,
			String requestId) {
		IpAddress address = decision.getClient().requireAddress();
		return deny(DenialCode.RATE_LIMITED, address.toString(),
				"rate limit exceeded for " + limit.key() + "; retry after " + limit.retryAfterSeconds() + " s",
				"IP address " + address + " exceeded its rate limit", limit.retryAfterSeconds(), decision.getTenant(),
				DenialRecord.GLOBAL_GATE, null, method, path, requestId);
	}

	private Denial deny(DenialCode code, String ip, String reason, String detail, @Nullable Long retryAfterSeconds,
			@Nullable String tenant, String gate, @Nullable String proven, String method, String path,
			String requestId) {
		DenialRecord record = this.recorder.denied(ip, method, path, code, requestId, reason, tenant, gate);
		TenantActivity activity = this.tenantActivity;
		if (activity != null && tenant != null && this.hasPolicy.test(tenant)) {
			activity.denied(tenant, record);
		}
		if (activity != null && proven != null && !proven.equals(tenant) && this.hasPolicy.test(proven)) {
			// Credentials of this tenant used while naming another: its support sees it too.
			activity.denied(proven, record);
		}
		for (IpWhitelistDenialListener listener : this.listeners) {
			try {
				listener.onDenial(record);
			}
			catch (RuntimeException ex) {
				// A failing listener must not turn a clean denial into a 500 or let the request pass.
				logger.error("IP whitelist denial listener " + listener.getClass().getName() + " failed", ex);
			}
		}
		return new Denial(record, code, ip, detail, retryAfterSeconds);
	}

	/**
	 * A recorded denial, as the response needs it.
	 *
	 * @param record the record
	 * @param code the error code
	 * @param ip the client address text (escaped for a malformed one)
	 * @param detail a sentence for the client
	 * @param retryAfterSeconds for 1453, the seconds until a retry may pass; otherwise {@code null}
	 */
	public record Denial(DenialRecord record, DenialCode code, String ip, String detail,
			@Nullable Long retryAfterSeconds) {

	}

}
