package io.github.ipwhitelist.sample.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Layer 3: checks an HMAC-SHA256 signature over the request. The client sends
 * {@code X-Timestamp} (epoch seconds), {@code X-Nonce} (unique per request, 8 to 64 characters of
 * {@code [A-Za-z0-9_-]}) and {@code X-Signature}, the lower-case hex HMAC-SHA256, with its secret,
 * of the canonical string:
 *
 * <pre>
 * METHOD + "\n" + PATH + "\n" + QUERY + "\n" + TIMESTAMP + "\n" + NONCE + "\n" + hex(SHA-256(body))
 * </pre>
 *
 * QUERY is the raw query string, empty when there is none. A timestamp outside the window gives
 * 401/2004, a wrong signature 401/2002, and a nonce seen before (within twice the window)
 * 401/2003. On success the client gains the {@code SIGNED} authority.
 */
final class HmacSignatureFilter extends OncePerRequestFilter {

	static final int MAX_BODY = 1024 * 1024;

	private final Clock clock;

	private final Duration window;

	private final Cache<String, Boolean> nonces;

	private final AuthenticationEntryPoint entryPoint;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	HmacSignatureFilter(Clock clock, Duration window, int nonceCacheSize, AuthenticationEntryPoint entryPoint) {
		this.clock = clock;
		this.entryPoint = entryPoint;
		this.window = window;
		this.nonces = Caffeine.newBuilder().maximumSize(nonceCacheSize).expireAfterWrite(window.multipliedBy(2)).build();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ApiClient client = (ApiClient) request.getAttribute(ApiKeyAuthenticationFilter.CLIENT_ATTRIBUTE);
		if (client == null) {
			fail(request, response, ApiAuthenticationException.BAD_API_KEY,
					"API key missing: send Authorization: Bearer <key>");
			return;
		}
		String timestamp = request.getHeader("X-Timestamp");
		String nonce = request.getHeader("X-Nonce");
		String signature = request.getHeader("X-Signature");
		if (timestamp == null || nonce == null || signature == null) {
			fail(request, response, ApiAuthenticationException.BAD_SIGNATURE,
					"signature missing: send X-Timestamp, X-Nonce and X-Signature");
			return;
		}
		if (!nonce.matches("[A-Za-z0-9_-]{8,64}")) {
			fail(request, response, ApiAuthenticationException.BAD_SIGNATURE,
					"X-Nonce must be 8 to 64 characters of [A-Za-z0-9_-]");
			return;
		}
		Instant sent;
		try {
			sent = Instant.ofEpochSecond(Long.parseLong(timestamp));
		}
		catch (RuntimeException ex) {
			fail(request, response, ApiAuthenticationException.STALE_TIMESTAMP, "X-Timestamp must be epoch seconds");
			return;
		}
		Duration skew = Duration.between(sent, this.clock.instant()).abs();
		if (skew.compareTo(this.window) > 0) {
			fail(request, response, ApiAuthenticationException.STALE_TIMESTAMP,
					"X-Timestamp is outside the " + this.window.toSeconds() + " s window");
			return;
		}
		byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
		if (body.length > MAX_BODY) {
			fail(request, response, ApiAuthenticationException.BAD_SIGNATURE, "body too large to sign");
			return;
		}
		String canonical = request.getMethod() + "\n" + request.getRequestURI() + "\n"
				+ ((request.getQueryString() != null) ? request.getQueryString() : "") + "\n" + timestamp + "\n"
				+ nonce + "\n" + HexFormat.of().formatHex(ApiClientRegistry.sha256(body));
		byte[] expected = hmac(client.hmacSecret(), canonical);
		byte[] presented;
		try {
			presented = HexFormat.of().parseHex(signature);
		}
		catch (IllegalArgumentException ex) {
			presented = new byte[0];
		}
		if (!MessageDigest.isEqual(expected, presented)) {
			fail(request, response, ApiAuthenticationException.BAD_SIGNATURE, "signature does not match the request");
			return;
		}
		if (this.nonces.asMap().putIfAbsent(client.id() + ":" + nonce, Boolean.TRUE) != null) {
			fail(request, response, ApiAuthenticationException.REPLAYED, "request replayed: nonce already used");
			return;
		}
		SecurityContext context = this.contexts.createEmptyContext();
		context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(client.id(), null,
				AuthorityUtils.createAuthorityList("API_KEY", "SIGNED")));
		this.contexts.setContext(context);
		chain.doFilter(new CachedBodyRequest(request, body), response);
	}

	private void fail(HttpServletRequest request, HttpServletResponse response, int code, String message)
			throws IOException, ServletException {
		this.contexts.clearContext();
		this.entryPoint.commence(request, response, new ApiAuthenticationException(code, message));
	}

	static byte[] hmac(byte[] secret, String canonical) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret, "HmacSHA256"));
			return mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The request with its body read once for the signature and served again to the controller.
	 */
	static final class CachedBodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		CachedBodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException();
				}

			};
		}

		@Override
		public java.io.BufferedReader getReader() {
			return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
		}

	}

}
