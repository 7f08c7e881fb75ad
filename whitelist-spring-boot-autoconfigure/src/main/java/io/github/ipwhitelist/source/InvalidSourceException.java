package io.github.ipwhitelist.source;

import java.util.List;

/**
 * Thrown when a source cannot be read or holds bad lines.
 */
public class InvalidSourceException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String location;

	private final List<String> errorLines;

	public InvalidSourceException(String location, String message, List<String> errorLines) {
		super(message);
		this.location = location;
		this.errorLines = List.copyOf(errorLines);
	}

	@Override
	public String getMessage() {
		return String.valueOf(super.getMessage());
	}

	public String getLocation() {
		return this.location;
	}

	public List<String> getErrorLines() {
		return this.errorLines;
	}

}
