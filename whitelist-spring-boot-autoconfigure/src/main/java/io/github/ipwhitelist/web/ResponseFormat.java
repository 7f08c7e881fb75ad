package io.github.ipwhitelist.web;

/**
 * Body layouts of a denied request.
 */
public enum ResponseFormat {

	/** RFC 9457 problem details, {@code application/problem+json}. */
	PROBLEM,

	/** A {@code success}/{@code error}/{@code details}/{@code meta} envelope, {@code application/json}. */
	ENVELOPE,

	/** Status only, no body: nothing revealed. */
	MINIMAL

}
