package io.github.ipwhitelist.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.ipwhitelist.address.InvalidSyntaxException;
import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.address.LogSafe;
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
 * <li>{@code /actuator/ipwhitelist/tenants/{id}}: one tenant.</li>
 * </ul>
 */
@EndpointWebExtension(endpoint = IpWhitelistEndpoint.class)
public class IpWhitelistEndpointWebExtension {

	/** The path segment of the tenants' views. */
	static final String TENANTS = "tenants";

	private final IpWhitelistEndpoint delegate;

	public IpWhitelistEndpointWebExtension(IpWhitelistEndpoint delegate) {
		this.delegate = delegate;
	}

	@ReadOperation
	public WebEndpointResponse<Object> explain(@Selector String ip, @Nullable String tenant, @Nullable Integer page,
			@Nullable Integer size) {
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
