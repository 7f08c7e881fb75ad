package io.github.ipwhitelist.reactive;

import io.github.ipwhitelist.web.IpAccessDecision;
import reactor.core.publisher.Mono;

import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.web.server.ServerWebExchange;

/**
 * The address check as a {@link ReactiveAuthorizationManager}, for
 * {@code authorizeExchange((exchanges) -> exchanges.pathMatchers("/admin/**").access(manager))}:
 * the decision of the exchange (taken once, by the {@link IpWhitelistWebFilter} that runs first,
 * or here if it did not run), an {@link IpAccessDecision} that says why. The authentication is
 * never looked at: a listed address does not bypass authentication, and credentials do not
 * bypass the address.
 */
public final class IpWhitelistReactiveAuthorizationManager implements ReactiveAuthorizationManager<AuthorizationContext> {

	private final IpWhitelistWebFilter filter;

	/**
	 * Creates the manager.
	 * @param filter the filter whose decision it reads (and takes, when the filter did not run)
	 */
	public IpWhitelistReactiveAuthorizationManager(IpWhitelistWebFilter filter) {
		this.filter = filter;
	}

	@Override
	public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, AuthorizationContext context) {
		return Mono.fromSupplier(() -> decision(context.getExchange()));
	}

	/**
	 * Returns the decision of an exchange.
	 * @param exchange the exchange
	 * @return its decision, taken once
	 */
	public IpAccessDecision decision(ServerWebExchange exchange) {
		if (exchange.getAttribute(IpWhitelistWebFilter.DECISION_ATTRIBUTE) instanceof IpAccessDecision decision) {
			return decision;
		}
		IpAccessDecision decision = this.filter.decide(exchange.getRequest());
		exchange.getAttributes().put(IpWhitelistWebFilter.DECISION_ATTRIBUTE, decision);
		return decision;
	}

}
