package io.github.ipwhitelist.autoconfigure;

import java.util.List;

/**
 * Thrown at startup when the server or Spring would replace the socket peer address with one
 * taken from forwarding headers before the whitelist sees it.
 * {@link ServerForwardingFailureAnalyzer} says what to do.
 */
public class ServerForwardingException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final List<String> settings;

	/**
	 * Creates an exception.
	 * @param settings what rewrites the address, each with its value
	 */
	public ServerForwardingException(List<String> settings) {
		super("The IP whitelist cannot see the socket peer address: " + String.join("; ", settings)
				+ " replaces it with an address taken from forwarding headers");
		this.settings = List.copyOf(settings);
	}

	/**
	 * Returns what rewrites the address.
	 * @return each setting with its value
	 */
	public List<String> getSettings() {
		return this.settings;
	}

}
