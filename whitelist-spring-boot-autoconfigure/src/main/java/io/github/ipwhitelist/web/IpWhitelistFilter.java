package io.github.ipwhitelist.web;

import java.io.IOException;
import java.util.List;

import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.audit.IpWhitelistDenialListener;
import io.github.ipwhitelist.audit.IpWhitelistRecorder;
import io.github.ipwhitelist.audit.TenantActivity;
import io.github.ipwhitelist.ratelimit.IpRateLimiter;
import io.github.ipwhitelist.ratelimit.RateLimitResult;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies the {@link IpWhitelistAuthorizationManager} to guarded requests: a request that
 * passes the address check (and the rate limit, when one is set) goes on down the chain; a
 * denied one (1451, 1452, 1453) is counted, recorded, told to the listeners and answered by the
 * {@link DeniedResponseWriter}, and goes no further. The address decision comes first: a denied
 * address gets 1451 and never takes a token.
 * <p>
 * Auto-configuration puts one instance first in every Spring Security filter chain, ahead of
 * every authentication filter, and also registers it with the servlet container right after
 * Spring Security's filter, for requests that no security filter chain matches. It runs once
 * per request whichever comes first.
 */
public class IpWhitelistFilter extends OncePerRequestFilter {

	private static final String ALREADY_FILTERED = IpWhitelistFilter.class.getName() + ".FILTERED";

	/** Marks a request whose own path the include and exclude patterns leave unguarded. */
	private static final String NOT_GUARDED = IpWhitelistFilter.class.getName() + ".NOT_GUARDED";

	private final IpWhitelistAuthorizationManager manager;

	private final AccessRecords records;

	private final DeniedResponseWriter writer;

	private final RequestMatcher guarded;

	private final @Nullable IpRateLimiter rateLimiter;

	private final TenantBindingFilter tenantBinding = new TenantBindingFilter();

	private @Nullable SecurityContextHolderStrategy securityContextHolderStrategy;

	/**
	 * Creates a filter.
	 * @param manager decides each request
	 * @param recorder counts and records
	 * @param writer answers denied requests
	 * @param guarded which requests are checked
	 * @param listeners told of every denial
	 */
	public IpWhitelistFilter(IpWhitelistAuthorizationManager manager, IpWhitelistRecorder recorder,
			DeniedResponseWriter writer, RequestMatcher guarded, List<IpWhitelistDenialListener> listeners) {
		this(manager, recorder, writer, guarded, listeners, null);
	}

	/**
	 * Creates a filter that also rate limits the requests that pass the address check.
	 * @param manager decides each request
	 * @param recorder counts and records
	 * @param writer answers denied requests
	 * @param guarded which requests are checked
	 * @param listeners told of every denial
	 * @param rateLimiter limits allowed requests per client key, {@code null} for no limit
	 */
	public IpWhitelistFilter(IpWhitelistAuthorizationManager manager, IpWhitelistRecorder recorder,
			DeniedResponseWriter writer, RequestMatcher guarded, List<IpWhitelistDenialListener> listeners,
			@Nullable IpRateLimiter rateLimiter) {
		this(manager, recorder, writer, guarded, listeners, rateLimiter, null);
	}

	/**
	 * Creates a filter that also keeps per-tenant activity.
	 * @param manager decides each request
	 * @param recorder counts and records
	 * @param writer answers denied requests
	 * @param guarded which requests are checked
	 * @param listeners told of every denial
	 * @param rateLimiter limits allowed requests per client key, {@code null} for no limit
	 * @param tenantActivity keeps per-tenant counts and denials, {@code null} for none
	 */
	public IpWhitelistFilter(IpWhitelistAuthorizationManager manager, IpWhitelistRecorder recorder,
			DeniedResponseWriter writer, RequestMatcher guarded, List<IpWhitelistDenialListener> listeners,
			@Nullable IpRateLimiter rateLimiter, @Nullable TenantActivity tenantActivity) {
		this.records = new AccessRecords(recorder, tenantActivity, listeners, manager::hasPolicy);
		this.manager = manager;
		this.writer = writer;
		this.guarded = guarded;
		this.rateLimiter = rateLimiter;
	}

	@Override
	protected String getAlreadyFilteredAttributeName() {
		return ALREADY_FILTERED;
	}

	/**
	 * Checks ERROR dispatches too: a request that Spring Security's firewall rejected never
	 * reached this filter, and its error dispatch runs the security chain again, authentication
	 * filters included. A request already decided is not checked or counted twice.
	 */
	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	/**
	 * Checks ASYNC dispatches too: {@code AsyncContext.dispatch(path)} can send a request that
	 * started on an unguarded path to a guarded one.
	 */
	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		DispatcherType type = request.getDispatcherType();
		if (type == DispatcherType.ERROR) {
			// An ERROR dispatch runs on the error page's path, not the request's: it is checked
			// (unless this request was already allowed), so narrower include patterns cannot let
			// a firewall-rejected request reach authentication on its error dispatch. Only the
			// error page of a request that was itself outside the guarded paths is left alone
			// (a 404 there stays a 404).
			return request.getAttribute(NOT_GUARDED) != null;
		}
		if (this.guarded.matches(request)) {
			return false;
		}
		if (type == DispatcherType.REQUEST) {
			request.setAttribute(NOT_GUARDED, Boolean.TRUE);
		}
		return true;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		DispatcherType type = request.getDispatcherType();
		if ((type == DispatcherType.ERROR || type == DispatcherType.ASYNC) && this.manager.wasAllowed(request)) {
			chain.doFilter(request, response);
			return;
		}
		IpAccessDecision decision = this.manager.decide(request);
		if (decision.isGranted()) {
			IpAddress address = decision.getClient().requireAddress();
			RateLimitResult limit = (this.rateLimiter != null)
					? this.rateLimiter.tryConsume(address, decision.getTenant()) : null;
			if (limit != null) {
				limit.headers().forEach(response::setHeader);
			}
			if (limit != null && !limit.allowed()) {
				String requestId = RequestIds.resolve(request.getHeader(RequestIds.HEADER));
				write(request, response, this.records.rateLimited(decision, limit, request.getMethod(),
						requestedPath(request), requestId), requestId);
				return;
			}
			this.records.allowed(decision);
			chain.doFilter(request, response);
			return;
		}
		deny(request, response, decision);
	}

	private void deny(HttpServletRequest request, HttpServletResponse response, IpAccessDecision decision)
			throws IOException {
		String requestId = RequestIds.resolve(request.getHeader(RequestIds.HEADER));
		write(request, response, this.records.denied(decision, request.getMethod(), requestedPath(request), requestId),
				requestId);
	}

	private void write(HttpServletRequest request, HttpServletResponse response, AccessRecords.Denial denial,
			String requestId) throws IOException {
		this.writer.write(request, response, denial.code(), denial.ip(), denial.detail(), requestId,
				denial.record().timestamp(), denial.retryAfterSeconds());
	}

	/**
	 * Sets the strategy the tenant check reads the authentication from (the application's
	 * {@code SecurityContextHolderStrategy} bean); by default the one
	 * {@link SecurityContextHolder} holds at each request.
	 * @param strategy the strategy
	 */
	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy strategy) {
		this.securityContextHolderStrategy = strategy;
	}

	private SecurityContextHolderStrategy contexts() {
		SecurityContextHolderStrategy strategy = this.securityContextHolderStrategy;
		return (strategy != null) ? strategy : SecurityContextHolder.getContextHolderStrategy();
	}

	/**
	 * Returns the filter that checks, after authentication, the tenant the credentials prove
	 * (see {@link IpWhitelistAuthorizationManager#bindTenant}). Auto-configuration puts it in
	 * every security filter chain right before authorization, after every authentication filter.
	 * @return the filter, one instance per IP whitelist filter
	 */
	public Filter tenantBindingFilter() {
		return this.tenantBinding;
	}

	/**
	 * The check after authentication: a request whose credentials prove a tenant is held to
	 * that tenant's list, and denied if it named another one.
	 */
	final class TenantBindingFilter extends OncePerRequestFilter {

		@Override
		protected String getAlreadyFilteredAttributeName() {
			return IpWhitelistFilter.class.getName() + ".TENANT_BOUND";
		}

		/**
		 * Not for unguarded requests, nor for a request this dispatch has not decided: a FORWARD
		 * from an unguarded path to a guarded one is bound on that dispatch.
		 */
		@Override
		protected boolean shouldNotFilter(HttpServletRequest request) {
			return IpWhitelistFilter.this.shouldNotFilter(request) || !IpWhitelistFilter.this.manager.wasAllowed(request);
		}

		@Override
		protected boolean shouldNotFilterErrorDispatch() {
			return false;
		}

		@Override
		protected boolean shouldNotFilterAsyncDispatch() {
			return false;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			IpAccessDecision before = IpWhitelistFilter.this.manager.decide(request);
			IpAccessDecision after = IpWhitelistFilter.this.manager.bindTenant(before,
					contexts().getContext().getAuthentication());
			if (after == before) {
				chain.doFilter(request, response);
				return;
			}
			if (!after.isGranted()) {
				// Counted as allowed before authentication: now it is a denial.
				IpWhitelistFilter.this.records.retractAllowed(before);
				deny(request, response, after);
				return;
			}
			IpWhitelistFilter.this.records.tenantAllowed(after);
			chain.doFilter(request, response);
		}

		@Override
		public String toString() {
			return "IpWhitelistTenantBindingFilter";
		}

	}

	/**
	 * Returns the path the client asked for: on the ERROR dispatch of a request that the
	 * firewall rejected, the original request's path, not the error page's.
	 * @param request the request, in any dispatch
	 * @return the requested path
	 */
	static String requestedPath(HttpServletRequest request) {
		if (request.getDispatcherType() == DispatcherType.ERROR
				&& request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String original) {
			return original;
		}
		return request.getRequestURI();
	}

	@Override
	public String toString() {
		return "IpWhitelistFilter[" + this.manager + "]";
	}

}
