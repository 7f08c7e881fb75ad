package io.github.ipwhitelist.web;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * Request ids: a sane incoming {@code X-Request-Id} (1 to 64 characters of
 * {@code [A-Za-z0-9._-]}) is kept, anything else is replaced by a new random id.
 */
public final class RequestIds {

	/** The header that carries the request id both ways. */
	public static final String HEADER = "X-Request-Id";

	/** Longest incoming id kept. */
	public static final int MAX_LENGTH = 64;

	private RequestIds() {
	}

	/**
	 * Returns the incoming id when it is sane, a new one otherwise.
	 * @param incoming the incoming header value, may be {@code null}
	 * @return the id to use
	 */
	public static String resolve(@Nullable String incoming) {
		return (incoming != null && isSane(incoming)) ? incoming : newId();
	}

	/**
	 * Returns a new random (version 4) UUID. A request id correlates log lines, it is no secret:
	 * it is drawn from {@link ThreadLocalRandom}, not {@code SecureRandom}, whose seeding reads
	 * the entropy device and may block a reactive server's event loop.
	 * @return the id
	 */
	static String newId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long high = (random.nextLong() & ~0xF000L) | 0x4000L;
		long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
		return new UUID(high, low).toString();
	}

	/**
	 * Returns whether an incoming id can be kept as it is.
	 * @param id the id
	 * @return {@code true} if it is 1 to 64 characters of {@code [A-Za-z0-9._-]}
	 */
	public static boolean isSane(@Nullable String id) {
		if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
			return false;
		}
		for (int i = 0; i < id.length(); i++) {
			char c = id.charAt(i);
			boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
					|| c == '_' || c == '-';
			if (!ok) {
				return false;
			}
		}
		return true;
	}

}
