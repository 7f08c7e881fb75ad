package io.github.ipwhitelist.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link ServerForwardingException}: which setting lets a client choose the
 * address the whitelist checks, and the two ways out.
 */
class ServerForwardingFailureAnalyzer extends AbstractFailureAnalyzer<ServerForwardingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ServerForwardingException cause) {
		String description = "The IP whitelist cannot see the socket peer address: the server or Spring would "
				+ "replace it with an address taken from forwarding headers before the check runs, because of "
				+ String.join("; ", cause.getSettings()) + ". Tomcat's RemoteIpValve trusts "
				+ "every private and loopback address as an internal proxy by default, and Spring's "
				+ "ForwardedHeaderFilter takes the leftmost hop: a client could choose the address it is "
				+ "checked by.";
		if (cause.getOptInRefused() != null) {
			description += " " + ServerForwardingGuard.OPT_IN + "=true is set, but it cannot apply: "
					+ cause.getOptInRefused() + ".";
		}
		String action = "Do one of the following:\n"
				+ "  1. Let the whitelist read the forwarding header itself, from your proxies only: set "
				+ "server.forward-headers-strategy=none (this also overrides the cloud platform's default), "
				+ "remove every server.tomcat.remoteip.* property and any ForwardedHeaderFilter or RemoteIpFilter "
				+ "bean, and list your proxies or load balancers in ip-whitelist.client-ip.trusted-proxies.\n"
				+ "  2. Keep Tomcat's RemoteIpValve (server.forward-headers-strategy=native or "
				+ "server.tomcat.remoteip.*, never framework or a forwarding filter), pin its internal proxies to "
				+ "exactly your load balancers with server.tomcat.remoteip.internal-proxies, and say so with "
				+ ServerForwardingGuard.OPT_IN + "=true.";
		return new FailureAnalysis(description, action, cause);
	}

}
