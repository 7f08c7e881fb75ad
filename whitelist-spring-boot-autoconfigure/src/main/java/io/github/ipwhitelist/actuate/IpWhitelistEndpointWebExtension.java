package io.github.ipwhitelist.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.ipwhitelist.address.InvalidSyntaxException;
import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.address.LogSafe;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * Web extension of the {@code ipwhitelist} endpoint: an address that is not valid gets a 400
 * whose body says what is wrong with it (Boot's error page would hide the message).
 */
@EndpointWebExtension(endpoint = IpWhitelistEndpoint.class)
public class IpWhitelistEndpointWebExtension {

	private final IpWhitelistEndpoint delegate;

	public IpWhitelistEndpointWebExtension(IpWhitelistEndpoint delegate) {
		this.delegate = delegate;
	}

	@ReadOperation
	public WebEndpointResponse<Object> explain(@Selector String ip) {
		try {
			IpAddress.parseClient(ip);
		}
		catch (InvalidSyntaxException ex) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("ip", LogSafe.escape(ip));
			body.put("status", WebEndpointResponse.STATUS_BAD_REQUEST);
			body.put("error", "not a valid IP address: " + ex.getProblem());
			return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		return new WebEndpointResponse<>(this.delegate.explain(ip));
	}

}
