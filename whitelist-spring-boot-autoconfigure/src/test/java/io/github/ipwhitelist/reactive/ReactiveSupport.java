package io.github.ipwhitelist.reactive;

import reactor.blockhound.BlockHound;

/**
 * BlockHound for the reactive tests (their own JVM: it instruments it for good): any blocking
 * call on a Reactor or Netty event-loop thread fails. Log output is allowed (the console
 * appender writes to a stream; production applications use an asynchronous appender).
 */
final class ReactiveSupport {

	private static boolean installed;

	private ReactiveSupport() {
	}

	static synchronized void installBlockHound() {
		if (installed) {
			return;
		}
		// install(...) also loads the integrations on the class path (Reactor's, Netty's), which
		// mark their event-loop threads as non-blocking.
		BlockHound.install((builder) -> builder.allowBlockingCallsInside("ch.qos.logback.classic.Logger",
				"callAppenders"));
		installed = true;
	}

}
