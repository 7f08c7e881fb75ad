package io.github.ipwhitelist.reactive;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.address.LogSafe;
import io.github.ipwhitelist.audit.IpWhitelistDenialListener;
import io.github.ipwhitelist.audit.IpWhitelistRecorder;
import io.github.ipwhitelist.audit.TenantActivity;
import io.github.ipwhitelist.client.ClientAddress;
import io.github.ipwhitelist.client.ClientIpResolver;
import io.github.ipwhitelist.ratelimit.IpRateLimiter;
import io.github.ipwhitelist.ratelimit.RateLimitResult;
import io.github.ipwhitelist.rules.TenantIds;
import io.github.ipwhitelist.web.AccessRecords;
import io.github.ipwhitelist.web.DenialResponses;
import io.github.ipwhitelist.web.IpAccessDecider;
import io.github.ipwhitelist.web.IpAccessDecision;
import io.github.ipwhitelist.web.IpWhitelistAuthenticatedTenantResolver;
import io.github.ipwhitelist.web.RequestIds;
import io.github.ipwhitelist.web.TenantGate;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.util.ClassUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The address check of a reactive application (WebFlux, Spring Cloud Gateway): a
 * {@link WebFilter} that runs before everything else, Spring Security's chains included, and is
 * also put first in every {@code SecurityWebFilterChain}; it decides each exchange once.
 * <p>
 * The client is the exchange's socket peer as Reactor Netty reports it (never a name: the
 * address bytes are read, no lookup is made), and the trusted-proxy header exactly as on the
 * servlet stack. A denied exchange gets the same response (format, code, status,
 * {@code X-Request-Id}) and is counted, recorded and told to the same listeners. Nothing here
 * blocks an event-loop thread: the decision and the records are in memory, and a rate limiter
 * whose store blocks (PostgreSQL, Redis) is called on Reactor's bounded elastic scheduler.
 */
public final class IpWhitelistWebFilter implements WebFilter, Ordered {

	private static final Log logger = LogFactory.getLog(IpWhitelistWebFilter.class);

	/** The exchange attribute that holds the decision: an exchange is decided once. */
	public static final String DECISION_ATTRIBUTE = IpWhitelistWebFilter.class.getName() + ".decision";

	private final IpAccessDecider decider;

	private final ClientIpResolver resolver;

	private final @Nullable String tenantHeader;

	private final AccessRecords records;

	private final DenialResponses responses;

	private final List<PathPattern> include;

	private final List<PathPattern> exclude;

	private final @Nullable IpRateLimiter rateLimiter;

	private final boolean blockingLimiter;

	private final AtomicBoolean rewriteReported = new AtomicBoolean();

	private final TenantBindingWebFilter tenantBinding = new TenantBindingWebFilter();

	private IpWhitelistAuthenticatedTenantResolver provenTenants = TenantGate.principalName();

	private static final boolean NETTY = ClassUtils.isPresent("reactor.netty.Connection",
			IpWhitelistWebFilter.class.getClassLoader());

	/**
	 * Creates the filter.
	 * @param decider decides a client and the tenant it names
	 * @param resolver finds the client address
	 * @param tenantHeader the header that names the tenant, {@code null} when tenants are not named
	 * @param recorder counts and records
	 * @param responses renders denials
	 * @param include the guarded paths
	 * @param exclude the paths never guarded
	 * @param listeners told of every denial
	 * @param rateLimiter limits allowed exchanges per client key, {@code null} for no limit
	 * @param blockingLimiter whether the limiter blocks (a shared store): it is then called off the
	 * event loop
	 * @param tenantActivity per-tenant counts and records, {@code null} without tenants
	 */
	public IpWhitelistWebFilter(IpAccessDecider decider, ClientIpResolver resolver, @Nullable String tenantHeader,
			IpWhitelistRecorder recorder, DenialResponses responses, List<PathPattern> include,
			List<PathPattern> exclude, List<IpWhitelistDenialListener> listeners, @Nullable IpRateLimiter rateLimiter,
			boolean blockingLimiter, @Nullable TenantActivity tenantActivity) {
		this.decider = decider;
		this.resolver = resolver;
		this.tenantHeader = tenantHeader;
		this.records = new AccessRecords(recorder, tenantActivity, listeners, decider::hasPolicy);
		this.responses = responses;
		this.include = List.copyOf(include);
		this.exclude = List.copyOf(exclude);
		this.rateLimiter = rateLimiter;
		this.blockingLimiter = blockingLimiter;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (exchange.getAttributes().containsKey(DECISION_ATTRIBUTE) || !guarded(exchange)) {
			return chain.filter(exchange);
		}
		IpAccessDecision decision = decide(exchange.getRequest());
		exchange.getAttributes().put(DECISION_ATTRIBUTE, decision);
		if (!decision.isGranted()) {
			return deny(exchange, decision);
		}
		IpAddress address = decision.getClient().requireAddress();
		IpRateLimiter limiter = this.rateLimiter;
		if (limiter == null) {
			this.records.allowed(decision);
			return chain.filter(exchange);
		}
		String tenant = decision.getTenant();
		Mono<RateLimitResult> limit = (this.blockingLimiter || limiter.isBlocking())
				? Mono.fromCallable(() -> limiter.tryConsume(address, tenant)).subscribeOn(Schedulers.boundedElastic())
				: Mono.fromSupplier(() -> limiter.tryConsume(address, tenant));
		return limit.flatMap((result) -> {
			result.headers().forEach((name, value) -> exchange.getResponse().getHeaders().set(name, value));
			if (!result.allowed()) {
				ServerHttpRequest request = exchange.getRequest();
				String requestId = requestId(request);
				return write(exchange, this.records.rateLimited(decision, result, request.getMethod().name(),
						request.getPath().value(), requestId), requestId);
			}
			this.records.allowed(decision);
			return chain.filter(exchange);
		});
	}

	/**
	 * Decides an exchange from its socket peer and, from a trusted proxy, the configured header.
	 * @param request the exchange's request
	 * @return the decision
	 */
	public IpAccessDecision decide(ServerHttpRequest request) {
		String named = null;
		if (this.tenantHeader != null) {
			named = TenantIds.orNull(request.getHeaders().getFirst(this.tenantHeader));
		}
		return this.decider.decide(client(request), named);
	}

	private ClientAddress client(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		if (remote == null || remote.isUnresolved()) {
			// No socket address, or one a forwarded-header transformer made up from a header: the
			// address checked must be the socket peer's (startup refuses such transformers).
			return new ClientAddress(null, false, LogSafe.escape(String.valueOf(remote)),
					"the exchange has no socket peer address");
		}
		// An accepted socket's address has no host name: its host string is the literal of the
		// address, read without a lookup, and parsed strictly like any other address text.
		String peer = remote.getHostString();
		InetSocketAddress socket = NETTY ? connectionPeer(request) : null;
		if (socket != null && !socket.getHostString().equals(peer)) {
			// Reactor Netty's forwarded handling is on (a NettyServerCustomizer, the gateway's
			// forwarded settings): the remote address came from a header any client can send.
			if (this.rewriteReported.compareAndSet(false, true)) {
				logger.error("IP whitelist: the server replaced the socket peer address " + socket.getHostString()
						+ " with " + LogSafe.escape(peer) + " (Reactor Netty's forwarded handling, or its PROXY protocol "
						+ "support, is on); such requests are denied (1452). Turn it off and list your proxies in "
						+ "ip-whitelist.client-ip.trusted-proxies: the starter reads their forwarding header itself.");
			}
			return new ClientAddress(null, false, LogSafe.escape(peer),
					"the server replaced the socket peer address with a forwarded one");
		}
		List<String> lines = request.getHeaders().getOrEmpty(this.resolver.header().headerName());
		return this.resolver.resolve(peer, () -> lines);
	}

	/**
	 * The peer of the Reactor Netty connection under the request, {@code null} on another server
	 * (or a request that has no native one, as a test's mock).
	 */
	private static @Nullable InetSocketAddress connectionPeer(ServerHttpRequest request) {
		Object nativeRequest;
		try {
			nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
		}
		catch (IllegalStateException | IllegalArgumentException ex) {
			// A request with no native one under it (a test's mock, an unknown decorator).
			return null;
		}
		return NettyPeers.peerOf(nativeRequest);
	}

	private boolean guarded(ServerWebExchange exchange) {
		var path = exchange.getRequest().getPath().pathWithinApplication();
		for (PathPattern pattern : this.exclude) {
			if (pattern.matches(path)) {
				return false;
			}
		}
		for (PathPattern pattern : this.include) {
			if (pattern.matches(path)) {
				return true;
			}
		}
		return false;
	}

	private Mono<Void> deny(ServerWebExchange exchange, IpAccessDecision decision) {
		ServerHttpRequest request = exchange.getRequest();
		String requestId = requestId(request);
		return write(exchange, this.records.denied(decision, request.getMethod().name(), request.getPath().value(),
				requestId), requestId);
	}

	private static String requestId(ServerHttpRequest request) {
		return RequestIds.resolve(request.getHeaders().getFirst(RequestIds.HEADER));
	}

	private Mono<Void> write(ServerWebExchange exchange, AccessRecords.Denial denial, String requestId) {
		DenialResponses.Rendered rendered = this.responses.render(denial.code(), denial.ip(), denial.detail(),
				exchange.getRequest().getPath().value(), requestId, denial.record().timestamp(),
				denial.retryAfterSeconds());
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatusCode.valueOf(rendered.status()));
		rendered.headers().forEach((name, value) -> response.getHeaders().set(name, value));
		String contentType = rendered.contentType();
		if (contentType == null) {
			response.getHeaders().setContentLength(0);
			return response.setComplete();
		}
		response.getHeaders().set("Content-Type", contentType + ";charset=UTF-8");
		response.getHeaders().setContentLength(rendered.body().length);
		DataBuffer body = response.bufferFactory().wrap(rendered.body());
		return response.writeWith(Mono.just(body));
	}

	/**
	 * Sets how the tenant that credentials prove is read from an authentication (by default its
	 * principal name).
	 * @param resolver the resolver
	 */
	public void setAuthenticatedTenantResolver(IpWhitelistAuthenticatedTenantResolver resolver) {
		this.provenTenants = resolver;
	}

	/**
	 * Returns the filter that checks, after authentication, the tenant the credentials prove:
	 * put in every chain built with {@code ServerHttpSecurity} right before authorization.
	 * @return the filter
	 */
	public WebFilter tenantBindingFilter() {
		return this.tenantBinding;
	}

	private @Nullable String proven(@Nullable Authentication authentication) {
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return null;
		}
		return TenantIds.orNull(this.provenTenants.resolveTenant(authentication));
	}

	@Override
	public String toString() {
		return "IpWhitelistWebFilter[" + this.resolver + "]";
	}

	/**
	 * The check after authentication: an exchange whose credentials prove a tenant is held to
	 * that tenant's list, and denied if it named another one.
	 */
	final class TenantBindingWebFilter implements WebFilter {

		private static final String BOUND = IpWhitelistWebFilter.class.getName() + ".bound";

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
			if (!(exchange.getAttribute(DECISION_ATTRIBUTE) instanceof IpAccessDecision before) || !before.isGranted()
					|| exchange.getAttributes().putIfAbsent(BOUND, Boolean.TRUE) != null) {
				return chain.filter(exchange);
			}
			return ReactiveSecurityContextHolder.getContext()
				.map((context) -> Optional.ofNullable(proven(context.getAuthentication())))
				.defaultIfEmpty(Optional.empty())
				.flatMap((proven) -> {
					IpAccessDecision after = IpWhitelistWebFilter.this.decider.bind(before, proven.orElse(null));
					if (after == before) {
						return chain.filter(exchange);
					}
					exchange.getAttributes().put(DECISION_ATTRIBUTE, after);
					if (!after.isGranted()) {
						// Counted as allowed before authentication: now it is a denial.
						IpWhitelistWebFilter.this.records.retractAllowed(before);
						return deny(exchange, after);
					}
					IpWhitelistWebFilter.this.records.tenantAllowed(after);
					return chain.filter(exchange);
				});
		}

		@Override
		public String toString() {
			return "IpWhitelistTenantBindingWebFilter";
		}

	}

}
