package io.github.ipwhitelist.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.ipwhitelist.address.InvalidSyntaxException;
import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.address.LogSafe;
import io.github.ipwhitelist.audit.DenialHistory;
import io.github.ipwhitelist.audit.DenialQueries;
import io.github.ipwhitelist.rules.TenantIds;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * Web extension of the {@code ipwhitelist} endpoint: a value that is not valid (address, tenant
 * id, page) gets a 400 whose body says what is wrong with it (Boot's error page would hide the
 * message); an unknown tenant gets a 404. It serves
 * <ul>
 * <li>{@code /actuator/ipwhitelist/{ip}} and {@code ?tenant={id}}: an explanation;</li>
 * <li>{@code /actuator/ipwhitelist/tenants?page=0&size=100}: tenants, sorted by id;</li>
 * <li>{@code /actuator/ipwhitelist/tenants/{id}}: one tenant;</li>
 * <li>{@code /actuator/ipwhitelist/denials?since=&until=&address=&tenant=&page=&size=}: the
 * durable denial log ({@code audit.store=jdbc}), newest first.</li>
 * </ul>
 */
@EndpointWebExtension(endpoint = IpWhitelistEndpoint.class)
public class IpWhitelistEndpointWebExtension {

	/** The path segment of the tenants' views. */
	static final String TENANTS = "tenants";

	/** The path segment of the durable denial log's view. */
	static final String DENIALS = "denials";

	private final IpWhitelistEndpoint delegate;

	private final @Nullable DenialHistory denials;

	public IpWhitelistEndpointWebExtension(IpWhitelistEndpoint delegate) {
		this(delegate, null);
	}

	/**
	 * Creates the extension.
	 * @param delegate the endpoint
	 * @param denials the durable denial log, {@code null} without {@code audit.store=jdbc}
	 */
	public IpWhitelistEndpointWebExtension(IpWhitelistEndpoint delegate, @Nullable DenialHistory denials) {
		this.delegate = delegate;
		this.denials = denials;
	}

	@ReadOperation
	public WebEndpointResponse<Object> explain(@Selector String ip, @Nullable String tenant, @Nullable Integer page,
			@Nullable Integer size, @Nullable String since, @Nullable String until, @Nullable String address) {
		if (DENIALS.equals(ip)) {
			return denials(tenant, page, size, since, until, address);
		}
		if (TENANTS.equals(ip)) {
			int pageNumber = (page != null) ? page : 0;
			int pageSize = (size != null) ? size : 100;
			if (pageNumber < 0 || pageSize < 1 || pageSize > IpWhitelistEndpoint.MAX_PAGE_SIZE) {
				return badRequest("page", String.valueOf(pageNumber) + "/" + pageSize,
						"page must be at least 0 and size 1 to " + IpWhitelistEndpoint.MAX_PAGE_SIZE);
			}
			return new WebEndpointResponse<>(this.delegate.tenants(pageNumber, pageSize));
		}
		try {
			IpAddress.parseClient(ip);
		}
		catch (InvalidSyntaxException ex) {
			return badRequest("ip", ip, "not a valid IP address: " + ex.getProblem());
		}
		if (tenant != null && !TenantIds.isValid(tenant)) {
			return badRequest("tenant", tenant, "not a tenant id: " + TenantIds.RULE);
		}
		return new WebEndpointResponse<>(this.delegate.explain(ip, tenant));
	}

	@ReadOperation
	public WebEndpointResponse<Object> tenant(@Selector String collection, @Selector String id) {
		if (!TENANTS.equals(collection)) {
			return notFound("no such view: " + LogSafe.escape(collection, 80));
		}
		IpWhitelistEndpoint.TenantDescriptor view = TenantIds.isValid(id) ? this.delegate.tenant(id) : null;
		// An id that cannot be a tenant is no tenant either: 404, and never echoed raw.
		return (view != null) ? new WebEndpointResponse<>(view)
				: notFound(TenantIds.isValid(id) ? "tenant " + id + " has no policy" : "no such tenant");
	}

	/**
	 * The durable denial log, every tenant's or one's ({@code tenant=}, {@code tenant=} empty for
	 * denials that named none), newest first, in pages.
	 */
	private WebEndpointResponse<Object> denials(@Nullable String tenant, @Nullable Integer page,
			@Nullable Integer size, @Nullable String since, @Nullable String until, @Nullable String address) {
		DenialHistory history = this.denials;
		if (history == null) {
			return notFound("no durable denial log: set ip-whitelist.audit.store=jdbc");
		}
		if (tenant != null && !tenant.isEmpty() && !TenantIds.isValid(tenant)) {
			return badRequest("tenant", tenant, "not a tenant id: " + TenantIds.RULE);
		}
		DenialQueries.Parsed query = DenialQueries.parse(tenant, page, size, since, until, address);
		String error = query.error();
		if (error != null) {
			return badRequest(query.errorName(), query.errorValue(), error);
		}
		return new WebEndpointResponse<>(history.query(query.require()));
	}

	private static WebEndpointResponse<Object> badRequest(String name, String value, String error) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put(name, LogSafe.escape(value, 80));
		body.put("status", WebEndpointResponse.STATUS_BAD_REQUEST);
		body.put("error", error);
		return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_BAD_REQUEST);
	}

	private static WebEndpointResponse<Object> notFound(String error) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("status", WebEndpointResponse.STATUS_NOT_FOUND);
		body.put("error", error);
		return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_NOT_FOUND);
	}

}
