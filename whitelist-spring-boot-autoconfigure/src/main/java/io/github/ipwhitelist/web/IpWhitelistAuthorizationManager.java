package io.github.ipwhitelist.web;

import java.time.Clock;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.github.ipwhitelist.address.LogSafe;
import io.github.ipwhitelist.client.ClientAddress;
import io.github.ipwhitelist.client.ClientIpResolver;
import io.github.ipwhitelist.rules.Decision;
import io.github.ipwhitelist.rules.RuleSet;
import io.github.ipwhitelist.rules.TenantPolicy;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Decides a request by its client address: resolves the client (the socket peer, or the
 * forwarding header of a trusted proxy), then asks the live rule set. Authentication plays no
 * part: credentials never let an address pass, and a listed address is not authenticated.
 * <p>
 * Auto-configuration runs it ahead of every authentication filter. It can also be used inside
 * {@code authorizeHttpRequests} through {@link #forRequestContext()}.
 */
public final class IpWhitelistAuthorizationManager implements AuthorizationManager<HttpServletRequest> {

	private static final String DECISION_ATTRIBUTE = IpWhitelistAuthorizationManager.class.getName() + ".decision";

	/** Set by Tomcat's RemoteIpValve and RemoteIpFilter when they replace the remote address. */
	static final String TOMCAT_FORWARDED_ATTRIBUTE = "org.apache.tomcat.request.forwarded";

	private static final Log logger = LogFactory.getLog(IpWhitelistAuthorizationManager.class);

	private final Supplier<RuleSet> rules;

	private final ClientIpResolver resolver;

	private final Clock clock;

	private final boolean trustServerForwarding;

	private final AtomicBoolean rewriteReported = new AtomicBoolean();

	private final @Nullable TenantGate tenants;

	private final IpAccessDecider decider;

	/**
	 * Creates a manager that reads the socket peer itself.
	 * @param rules the live rule set, read once per request
	 * @param resolver finds the client address
	 * @param clock the clock used for expiry
	 */
	public IpWhitelistAuthorizationManager(Supplier<RuleSet> rules, ClientIpResolver resolver, Clock clock) {
		this(rules, resolver, clock, false);
	}

	/**
	 * Creates a manager.
	 * @param rules the live rule set, read once per request
	 * @param resolver finds the client address
	 * @param clock the clock used for expiry
	 * @param trustServerForwarding whether to take the remote address as the server rewrote it
	 * from forwarding headers ({@code ip-whitelist.client-ip.trust-server-forwarding}); when
	 * {@code false}, the address is read from the container's own request, under every wrapper,
	 * and a request the server says it rewrote is denied as malformed (1452)
	 */
	public IpWhitelistAuthorizationManager(Supplier<RuleSet> rules, ClientIpResolver resolver, Clock clock,
			boolean trustServerForwarding) {
		this(rules, resolver, clock, trustServerForwarding, null);
	}

	/**
	 * Creates a manager with the tenants' gate: a request that names a tenant with an enabled
	 * policy must pass that tenant's list too.
	 * @param rules the live rule set, read once per request
	 * @param resolver finds the client address
	 * @param clock the clock used for expiry
	 * @param trustServerForwarding see {@link #IpWhitelistAuthorizationManager(Supplier, ClientIpResolver, Clock, boolean)}
	 * @param tenants the tenants' gate, {@code null} for none
	 */
	public IpWhitelistAuthorizationManager(Supplier<RuleSet> rules, ClientIpResolver resolver, Clock clock,
			boolean trustServerForwarding, @Nullable TenantGate tenants) {
		this.tenants = tenants;
		this.rules = rules;
		this.resolver = resolver;
		this.clock = clock;
		this.trustServerForwarding = trustServerForwarding;
		this.decider = new IpAccessDecider(rules, clock, (tenants != null) ? tenants.table() : null);
	}

	@Override
	public IpAccessDecision authorize(Supplier<? extends Authentication> authentication, HttpServletRequest request) {
		return decide(request);
	}

	/**
	 * Decides a request. The decision is kept as a request attribute, so a second check of the
	 * same request (filter and {@code authorizeHttpRequests}) does not decide twice.
	 * @param request the request
	 * @return the decision
	 */
	public IpAccessDecision decide(HttpServletRequest request) {
		Object cached = request.getAttribute(DECISION_ATTRIBUTE);
		if (cached instanceof IpAccessDecision decision) {
			return decision;
		}
		IpAccessDecision decision = decide(client(request), request);
		request.setAttribute(DECISION_ATTRIBUTE, decision);
		return decision;
	}

	private IpAccessDecision decide(ClientAddress client, HttpServletRequest request) {
		TenantGate gate = this.tenants;
		return this.decider.decide(client, (gate != null) ? gate.named(request) : null);
	}

	/**
	 * Checks, after authentication, the tenant that the credentials of a request prove: it must
	 * be the tenant the request named, if it named one, and its list must let the address pass.
	 * @param decision the request's decision before authentication (granted)
	 * @param authentication the request's authentication, {@code null} when none
	 * @return the decision to apply: the same one when nothing more is to be checked, or a
	 * decision for the proven tenant (denied with the tenant gate when it does not pass)
	 */
	public IpAccessDecision bindTenant(IpAccessDecision decision, @Nullable Authentication authentication) {
		TenantGate gate = this.tenants;
		return (gate != null) ? this.decider.bind(decision, gate.proven(authentication)) : decision;
	}

	/**
	 * Returns whether a tenant has a policy (enabled or not), so that its activity is kept.
	 * @param tenant the tenant, {@code null} allowed
	 * @return {@code true} if it has one
	 */
	public boolean hasPolicy(@Nullable String tenant) {
		return this.tenants != null && this.tenants.policy(tenant) != null;
	}



	/**
	 * Resolves the client of a request from its true socket peer. A wrapper's remote address
	 * (Spring's ForwardedHeaderFilter, Tomcat's RemoteIpFilter) is never taken: the address is
	 * read from the container's request under them. Tomcat marks every request that its
	 * RemoteIpValve handled (one from an address the valve trusts as a proxy, whether or not it
	 * replaced the address); there the true peer cannot be known, and the request is malformed.
	 * (Startup already refuses every such setting it can see; this holds for one it cannot, such
	 * as a valve added to the context in code.)
	 */
	private ClientAddress client(HttpServletRequest request) {
		ServletRequest container = request;
		while (container instanceof ServletRequestWrapper wrapper) {
			container = wrapper.getRequest();
		}
		String peer = container.getRemoteAddr();
		if (this.trustServerForwarding) {
			// The server's own rewrite (Tomcat's valve, on the container's request) is believed;
			// a wrapper's never is.
			return this.resolver.resolve(peer, () -> headerLines(request));
		}
		if (request.getAttribute(TOMCAT_FORWARDED_ATTRIBUTE) != null) {
			if (this.rewriteReported.compareAndSet(false, true)) {
				logger.error("IP whitelist: the server replaced the socket peer address with one taken from "
						+ "forwarding headers (a RemoteIpValve or RemoteIpFilter); such requests are denied (1452). "
						+ "Remove it, or see ip-whitelist.client-ip.trust-server-forwarding in the README.");
			}
			return new ClientAddress(null, false, LogSafe.escape(peer),
					"the server replaced the socket peer address with a forwarded one");
		}
		return this.resolver.resolve(peer, () -> headerLines(request));
	}

	/**
	 * Returns whether this request (in any of its dispatches) has been decided and allowed.
	 * @param request the request
	 * @return {@code true} if an allowing decision is cached on it
	 */
	public boolean wasAllowed(HttpServletRequest request) {
		return request.getAttribute(DECISION_ATTRIBUTE) instanceof IpAccessDecision decision && decision.isGranted();
	}

	/**
	 * Decides a client given its socket peer and forwarding header lines.
	 * @param peer the socket peer address
	 * @param headerLines the lines of the configured forwarding header, in order
	 * @return the decision
	 */
	public IpAccessDecision decide(String peer, List<String> headerLines) {
		return decide(this.resolver.resolve(peer, headerLines));
	}

	private IpAccessDecision decide(ClientAddress client) {
		return this.decider.decide(client, null);
	}

	private List<String> headerLines(HttpServletRequest request) {
		Enumeration<String> lines = request.getHeaders(this.resolver.header().headerName());
		return (lines != null) ? Collections.list(lines) : List.of();
	}

	/**
	 * Returns this manager in the form {@code authorizeHttpRequests(...).access(...)} takes.
	 * @return an adapter deciding the context's request
	 */
	public AuthorizationManager<RequestAuthorizationContext> forRequestContext() {
		return (authentication, context) -> decide(context.getRequest());
	}

	@Override
	public String toString() {
		return "IpWhitelistAuthorizationManager[" + this.rules.get() + ", " + this.resolver + "]";
	}

}
