package io.github.ipwhitelist.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when the server or Spring would replace the socket peer address with one
 * taken from forwarding headers before the whitelist sees it.
 * {@link ServerForwardingFailureAnalyzer} says what to do.
 */
public class ServerForwardingException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final List<String> settings;

	private final @Nullable String optInRefused;

	/**
	 * Creates an exception.
	 * @param settings what rewrites the address, each with its value
	 * @param optInRefused why {@code ip-whitelist.client-ip.trust-server-forwarding=true} cannot
	 * accept these settings, {@code null} when the opt-in is not set
	 */
	public ServerForwardingException(List<String> settings, @Nullable String optInRefused) {
		super("The IP whitelist cannot see the socket peer address: " + String.join("; ", settings)
				+ " replaces it with an address taken from forwarding headers"
				+ ((optInRefused != null) ? "; " + ServerForwardingGuard.OPT_IN + " cannot apply: " + optInRefused : ""));
		this.settings = List.copyOf(settings);
		this.optInRefused = optInRefused;
	}

	/**
	 * Returns why the opt-in cannot accept the settings.
	 * @return the reason, {@code null} when the opt-in is not set
	 */
	public @Nullable String getOptInRefused() {
		return this.optInRefused;
	}

	/**
	 * Returns what rewrites the address.
	 * @return each setting with its value
	 */
	public List<String> getSettings() {
		return this.settings;
	}

}
