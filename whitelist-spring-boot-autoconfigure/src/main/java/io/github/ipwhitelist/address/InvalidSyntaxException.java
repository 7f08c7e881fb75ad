package io.github.ipwhitelist.address;

/**
 * Thrown when a text does not follow the strict grammar that reads it: an address or prefix,
 * a forwarding header's hop, a line of a list file. The message names what was read, the
 * offending text (escaped, and shortened when long) and what is wrong.
 */
public class InvalidSyntaxException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String message;

	private final String input;

	private final String problem;

	/**
	 * Creates an exception for an address or prefix text.
	 * @param input the offending text
	 * @param problem what is wrong, without the text itself
	 */
	public InvalidSyntaxException(CharSequence input, String problem) {
		this("IP address", input, problem);
	}

	/**
	 * Creates an exception for a text of another grammar.
	 * @param kind what was being read ("forwarding hop", "list line")
	 * @param input the offending text
	 * @param problem what is wrong, without the text itself
	 */
	public InvalidSyntaxException(String kind, CharSequence input, String problem) {
		super("Invalid " + kind + " '" + LogSafe.escape(input) + "': " + problem);
		this.message = "Invalid " + kind + " '" + LogSafe.escape(input) + "': " + problem;
		this.input = LogSafe.escape(input);
		this.problem = problem;
	}

	/**
	 * Returns the message: what was read, the offending text and what is wrong.
	 * @return the message, never {@code null}
	 */
	@Override
	public String getMessage() {
		return this.message;
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
