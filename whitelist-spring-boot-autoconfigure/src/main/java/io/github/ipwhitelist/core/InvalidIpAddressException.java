package io.github.ipwhitelist.core;

/**
 * Thrown when a text is not an address or prefix in the strict form this library accepts.
 * The message names the offending text (escaped, and shortened when long) and what is wrong.
 */
public class InvalidIpAddressException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String input;

	private final String problem;

	public InvalidIpAddressException(CharSequence input, String problem) {
		super("Invalid IP address '" + LogSafe.escape(input) + "': " + problem);
		this.input = LogSafe.escape(input);
		this.problem = problem;
	}

	/**
	 * Returns the offending text, escaped for safe display and shortened when long.
	 * @return the escaped input
	 */
	public String getInput() {
		return this.input;
	}

	/**
	 * Returns what is wrong with the text, without the text itself.
	 * @return a short description of the problem
	 */
	public String getProblem() {
		return this.problem;
	}

}
