package io.github.ipwhitelist.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import org.springframework.core.io.ClassPathResource;

/**
 * A real HTTPS server on a loopback port that serves one list, for the tests of sources at
 * {@code https:} locations. Its answer can be changed between fetches: new content (with a new
 * ETag), a delay, an answer of any size, another status, or a certificate the client does not
 * trust. It answers 304 to a matching {@code If-None-Match}, and closes every connection after
 * its answer, so each fetch makes a new TLS handshake.
 * <p>
 * Certificates ({@code src/test/resources/https}, PKCS12, password {@code changeit}, valid for
 * 100 years, for 127.0.0.1 and localhost): {@code server.p12} is trusted by {@code trust.p12};
 * {@code other.p12} is trusted by nothing.
 */
public final class HttpsListServer implements AutoCloseable {

	public static final String PASSWORD = "changeit";

	private volatile HttpsServer server;

	private final int port;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private volatile byte[] body = new byte[0];

	private volatile String etag = "\"0\"";

	private volatile int version;

	private volatile int status = 200;

	private volatile Duration delay = Duration.ZERO;

	private volatile long streamedBytes = -1;

	public HttpsListServer() throws Exception {
		this.server = start(0, "server.p12");
		this.port = this.server.getAddress().getPort();
	}

	private HttpsServer start(int port, String keyStore) throws Exception {
		HttpsServer server = null;
		for (int attempt = 0; server == null; attempt++) {
			try {
				server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
			}
			catch (java.net.BindException ex) {
				// The port was just released by the server this one replaces.
				if (attempt == 50) {
					throw ex;
				}
				Thread.sleep(100);
			}
		}
		server.setHttpsConfigurator(new HttpsConfigurator(serverContext(keyStore)));
		server.createContext("/", this::handle);
		server.setExecutor(this.executor);
		server.start();
		return server;
	}

	/** Returns the URL of the list. */
	public String url(String path) {
		return "https://127.0.0.1:" + this.port + path;
	}

	/** Serves new content under a new ETag. */
	public void serve(String content) {
		this.body = content.getBytes(StandardCharsets.UTF_8);
		this.etag = "\"" + (++this.version) + "\"";
		this.status = 200;
		this.streamedBytes = -1;
	}

	/** Answers every request this much later. */
	public void delay(Duration delay) {
		this.delay = delay;
	}

	/** Answers 200 with this many bytes of filler, streamed without a length. */
	public void streamBytes(long bytes) {
		this.streamedBytes = bytes;
		this.etag = "\"" + (++this.version) + "\"";
	}

	/** Answers with this status and no body. */
	public void status(int status) {
		this.status = status;
	}

	/**
	 * Presents the certificate of {@code other.p12}, which no test trust store holds: a new
	 * server on the same port, with new TLS state, so no client can resume an earlier session.
	 */
	public void presentUntrustedCertificate() throws Exception {
		this.server.stop(0);
		this.server = start(this.port, "other.p12");
	}

	/** Presents the trusted certificate again (a new server on the same port). */
	public void presentTrustedCertificate() throws Exception {
		this.server.stop(0);
		this.server = start(this.port, "server.p12");
	}

	/** Returns one line per request received: its {@code If-None-Match} and the status answered. */
	public List<String> requests() {
		return List.copyOf(this.requests);
	}

	/** Returns a TLS context that trusts this server's certificate (the client side). */
	public static SSLContext clientContext() throws Exception {
		KeyStore trust = KeyStore.getInstance("PKCS12");
		try (InputStream in = new ClassPathResource("https/trust.p12").getInputStream()) {
			trust.load(in, PASSWORD.toCharArray());
		}
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(trust);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, factory.getTrustManagers(), null);
		return context;
	}

	private static SSLContext serverContext(String keyStore) throws Exception {
		KeyStore keys = KeyStore.getInstance("PKCS12");
		try (InputStream in = new ClassPathResource("https/" + keyStore).getInputStream()) {
			keys.load(in, PASSWORD.toCharArray());
		}
		KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		factory.init(keys, PASSWORD.toCharArray());
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(factory.getKeyManagers(), null, null);
		return context;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			long delayMillis = this.delay.toMillis();
			if (delayMillis > 0) {
				try {
					Thread.sleep(delayMillis);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
			String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
			exchange.getResponseHeaders().set("Connection", "close");
			int answer = this.status;
			if (answer == 200 && this.etag.equals(ifNoneMatch)) {
				answer = 304;
			}
			this.requests.add(ifNoneMatch + " " + answer);
			if (answer != 200) {
				exchange.sendResponseHeaders(answer, -1);
				return;
			}
			exchange.getResponseHeaders().set("ETag", this.etag);
			long streamed = this.streamedBytes;
			if (streamed >= 0) {
				exchange.sendResponseHeaders(200, 0);
				byte[] chunk = new byte[64 * 1024];
				java.util.Arrays.fill(chunk, (byte) ' ');
				try (OutputStream out = exchange.getResponseBody()) {
					for (long sent = 0; sent < streamed; sent += chunk.length) {
						out.write(chunk, 0, (int) Math.min(chunk.length, streamed - sent));
					}
				}
				catch (IOException ex) {
					// The client hung up at its size cap: expected.
				}
				return;
			}
			byte[] content = this.body;
			exchange.sendResponseHeaders(200, content.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(content);
			}
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
