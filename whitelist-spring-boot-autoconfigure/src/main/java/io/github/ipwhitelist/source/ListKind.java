package io.github.ipwhitelist.source;

/**
 * Which list a source feeds.
 */
public enum ListKind {

	/** Allowed addresses. */
	ALLOW,

	/** Denied addresses; deny wins over allow. */
	DENY

}
