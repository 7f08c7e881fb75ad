package io.github.ipwhitelist.source;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import io.github.ipwhitelist.address.LogSafe;
import org.jspecify.annotations.Nullable;

/**
 * A list fetched over HTTPS with the JDK's HTTP client, off the request path: the whole
 * exchange is bounded by a timeout, the body by a size cap (a larger answer is dropped as it
 * arrives, never held in full), and a repeated fetch is conditional ({@code If-None-Match},
 * {@code If-Modified-Since}), so an unchanged list costs a 304. Certificates are checked
 * against the given TLS context: the JVM's default trust store, or a Spring Boot SSL bundle.
 */
public final class HttpsSource {

	private final URI uri;

	private final Duration timeout;

	private final long maxBytes;

	private final HttpClient client;

	/** Validators of the last 200 answer, sent back to ask whether it changed. */
	private volatile @Nullable String etag;

	private volatile @Nullable String lastModified;

	/** Checksum of the last 200 answer's body: what a 304 stands for. */
	private volatile long lastChecksum;

	/**
	 * Creates a source.
	 * @param uri the {@code https:} address
	 * @param timeout the most a whole fetch may take, connection, TLS handshake and body included
	 * @param maxBytes the largest body accepted
	 * @param ssl the TLS context that checks the server's certificate
	 */
	public HttpsSource(URI uri, Duration timeout, long maxBytes, SSLContext ssl) {
		if (!"https".equalsIgnoreCase(uri.getScheme())) {
			throw new IllegalArgumentException("not an https: address: " + uri);
		}
		this.uri = uri;
		this.timeout = timeout;
		this.maxBytes = maxBytes;
		this.client = HttpClient.newBuilder()
			.connectTimeout(timeout)
			.sslContext(ssl)
			.followRedirects(HttpClient.Redirect.NORMAL)
			.build();
	}

	/**
	 * Returns the address fetched.
	 * @return the address
	 */
	public URI uri() {
		return this.uri;
	}

	/**
	 * Fetches the list.
	 * @param conditional whether to send the validators of the last answer, so that an
	 * unchanged list answers 304
	 * @param checksum computes the checksum of a body, as the loader does for files
	 * @return the body, or that it did not change, or why it could not be fetched
	 */
	Fetched fetch(boolean conditional, java.util.function.ToLongFunction<byte[]> checksum) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.uri).timeout(this.timeout).GET();
		String etag = this.etag;
		String lastModified = this.lastModified;
		boolean asked = false;
		if (conditional && etag != null) {
			request.header("If-None-Match", etag);
			asked = true;
		}
		if (conditional && lastModified != null) {
			request.header("If-Modified-Since", lastModified);
			asked = true;
		}
		CompletableFuture<HttpResponse<byte[]>> answer = this.client.sendAsync(request.build(),
				(info) -> new CappedBody(this.maxBytes, info.headers().firstValueAsLong("Content-Length").orElse(-1)));
		HttpResponse<byte[]> response;
		try {
			response = answer.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			answer.cancel(true);
			return Fetched.failed(this.uri + " did not answer within " + describe(this.timeout));
		}
		catch (InterruptedException ex) {
			answer.cancel(true);
			Thread.currentThread().interrupt();
			return Fetched.failed(this.uri + " was not fetched: interrupted");
		}
		catch (ExecutionException ex) {
			return Fetched.failed(this.uri + " " + why(ex.getCause()));
		}
		int status = response.statusCode();
		if (status == 304 && asked) {
			return new Fetched(null, this.lastChecksum, null, true);
		}
		if (status != 200) {
			return Fetched.failed(this.uri + " answered HTTP " + status + ", not 200");
		}
		byte[] body = response.body();
		long sum = checksum.applyAsLong(body);
		this.etag = response.headers().firstValue("ETag").orElse(null);
		this.lastModified = response.headers().firstValue("Last-Modified").orElse(null);
		this.lastChecksum = sum;
		return new Fetched(body, sum, null, false);
	}

	private String why(@Nullable Throwable cause) {
		if (cause instanceof TooLargeException) {
			return "answered more than " + this.maxBytes + " bytes (max-size)";
		}
		if (cause instanceof HttpConnectTimeoutException) {
			return "could not be connected to within " + describe(this.timeout);
		}
		if (cause instanceof HttpTimeoutException) {
			return "did not answer within " + describe(this.timeout);
		}
		Throwable tls = (cause instanceof SSLException) ? cause
				: (cause != null && cause.getCause() instanceof SSLException inner) ? inner : null;
		if (tls != null) {
			return "failed the TLS handshake (is its certificate trusted by the JVM's trust store or the source's "
					+ "ssl-bundle?): " + LogSafe.escape(String.valueOf(tls.getMessage()), 200);
		}
		if (cause instanceof IOException) {
			return "could not be fetched: " + cause.getClass().getSimpleName() + ": "
					+ LogSafe.escape(String.valueOf(cause.getMessage()), 200);
		}
		return "could not be fetched: " + LogSafe.escape(String.valueOf(cause), 200);
	}

	private static String describe(Duration duration) {
		return duration.toString().substring(2).toLowerCase(Locale.ROOT);
	}

	@Override
	public String toString() {
		return "HttpsSource[" + this.uri + "]";
	}

	/**
	 * The answer of one fetch.
	 *
	 * @param body the body of a 200 answer, {@code null} otherwise
	 * @param checksum the body's checksum (a 304 gives the last body's)
	 * @param failure why there is no answer to use
	 * @param notModified whether the server said the last body still holds
	 */
	record Fetched(byte @Nullable [] body, long checksum, @Nullable String failure, boolean notModified) {

		static Fetched failed(String failure) {
			return new Fetched(null, IpWhitelistLoader.NONE, failure, false);
		}

	}

	private static final class TooLargeException extends IOException {

		private static final long serialVersionUID = 1L;

		TooLargeException() {
			super("body larger than the cap");
		}

	}

	/**
	 * Collects a body up to the cap; beyond it, cancels the download and fails.
	 */
	private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

		private final long max;

		private final long declared;

		private final CompletableFuture<byte[]> result = new CompletableFuture<>();

		private final List<ByteBuffer> buffers = new ArrayList<>();

		private long received;

		private Flow.@Nullable Subscription subscription;

		CappedBody(long max, long declared) {
			this.max = max;
			this.declared = declared;
		}

		@Override
		public CompletionStage<byte[]> getBody() {
			return this.result;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			if (this.declared > this.max) {
				subscription.cancel();
				this.result.completeExceptionally(new TooLargeException());
				return;
			}
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(List<ByteBuffer> items) {
			if (this.result.isDone()) {
				return;
			}
			for (ByteBuffer item : items) {
				this.received += item.remaining();
				if (this.received > this.max) {
					Flow.Subscription subscription = this.subscription;
					if (subscription != null) {
						subscription.cancel();
					}
					this.buffers.clear();
					this.result.completeExceptionally(new TooLargeException());
					return;
				}
				this.buffers.add(item);
			}
		}

		@Override
		public void onError(Throwable throwable) {
			this.buffers.clear();
			this.result.completeExceptionally(throwable);
		}

		@Override
		public void onComplete() {
			if (this.result.isDone()) {
				return;
			}
			byte[] body = new byte[(int) this.received];
			int offset = 0;
			for (ByteBuffer buffer : this.buffers) {
				int length = buffer.remaining();
				buffer.get(body, offset, length);
				offset += length;
			}
			this.buffers.clear();
			this.result.complete(body);
		}

	}

}
