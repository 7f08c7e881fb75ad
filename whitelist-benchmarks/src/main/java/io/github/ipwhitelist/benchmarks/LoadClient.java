package io.github.ipwhitelist.benchmarks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.github.ipwhitelist.address.IpAddress;

/**
 * A load client for the sample application that sends from chosen loopback source addresses:
 * each worker binds its socket to its own address and sends keep-alive requests for a fixed
 * time. Workers marked {@code allow} send fully signed requests (API key and HMAC signature)
 * and expect 200; workers marked {@code deny} send plain requests and expect 403 with code
 * 1451. Anything else is an error. At the end it reads {@code /actuator/ipwhitelist} and checks
 * that the counts moved by exactly what was sent.
 *
 * <pre>
 * java -cp whitelist-benchmarks/target/benchmarks.jar io.github.ipwhitelist.benchmarks.LoadClient \
 *     PORT SECONDS 127.0.0.1:allow ::1:allow 127.0.0.5:deny 127.0.0.6:deny
 * </pre>
 */
public final class LoadClient {

	static final String PATH = "/api/v1/payment-providers/banks";

	static final String KEY = System.getProperty("apiKey", "demo-api-key-7f3a9c");

	static final String SECRET = System.getProperty("hmacSecret", "demo-hmac-secret-change-me");

	static final String ADMIN = "Basic " + Base64.getEncoder()
		.encodeToString(System.getProperty("admin", "admin:admin-password").getBytes(StandardCharsets.UTF_8));

	private LoadClient() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		long seconds = Long.parseLong(args[1]);
		List<Worker> workers = new ArrayList<>();
		for (int i = 2; i < args.length; i++) {
			int colon = args[i].lastIndexOf(':');
			workers.add(new Worker(port, args[i].substring(0, colon), args[i].substring(colon + 1).equals("allow"),
					seconds));
		}
		long[] before = counts(port);
		long start = System.nanoTime();
		for (Worker worker : workers) {
			worker.start();
		}
		for (Worker worker : workers) {
			worker.join();
		}
		double elapsed = (System.nanoTime() - start) / 1e9;
		long[] after = counts(port);
		long allowed = 0;
		long denied = 0;
		long errors = 0;
		List<long[]> latencies = new ArrayList<>();
		for (Worker worker : workers) {
			allowed += worker.ok;
			denied += worker.denied;
			errors += worker.errors.get();
			latencies.add(Arrays.copyOf(worker.latencies, worker.count));
			System.out.printf(Locale.ROOT, "worker %-10s %-5s sent=%d ok=%d denied=%d errors=%d%n", worker.source,
					worker.allow ? "allow" : "deny", worker.count, worker.ok, worker.denied, worker.errors.get());
		}
		long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
		System.out.printf(Locale.ROOT, "requests=%d in %.1f s: %.0f req/s; latency ms p50=%.3f p90=%.3f p99=%.3f "
				+ "p99.9=%.3f max=%.3f%n", all.length, elapsed, all.length / elapsed, pct(all, 50), pct(all, 90),
				pct(all, 99), pct(all, 99.9), all.length > 0 ? all[all.length - 1] / 1e6 : 0);
		// The second read of the endpoint is itself one allowed request.
		long allowedDelta = after[0] - before[0] - 1;
		long deniedDelta = after[1] - before[1];
		System.out.printf(Locale.ROOT, "sent allowed=%d denied=%d errors=%d; endpoint counted allowed=%d denied=%d "
				+ "malformed=%d rateLimited=%d%n", allowed, denied, errors, allowedDelta, deniedDelta,
				after[2] - before[2], after[3] - before[3]);
		boolean pass = errors == 0 && allowedDelta == allowed && deniedDelta == denied;
		System.out.println(pass ? "RESULT: PASS" : "RESULT: FAIL");
		System.exit(pass ? 0 : 1);
	}

	static double pct(long[] sorted, double p) {
		if (sorted.length == 0) {
			return 0;
		}
		int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
		return sorted[Math.max(0, index)] / 1e6;
	}

	static long[] counts(int port) throws IOException {
		try (Connection connection = new Connection("127.0.0.1", port)) {
			Response response = connection.send("GET", "/actuator/ipwhitelist", List.of("Authorization: " + ADMIN));
			if (response.status != 200) {
				throw new IllegalStateException("Endpoint answered " + response.status + ": " + response.body);
			}
			long[] counts = new long[4];
			String[] names = { "allowed", "denied", "malformed", "rateLimited" };
			for (int i = 0; i < 4; i++) {
				Matcher m = Pattern.compile("\"" + names[i] + "\":(\\d+)").matcher(response.body);
				counts[i] = m.find() ? Long.parseLong(m.group(1)) : -1;
			}
			return counts;
		}
	}

	static final class Worker extends Thread {

		final int port;

		final String source;

		final boolean allow;

		final long seconds;

		long[] latencies = new long[1 << 16];

		int count;

		long ok;

		long denied;

		final AtomicLong errors = new AtomicLong();

		private long nonce;

		Worker(int port, String source, boolean allow, long seconds) {
			this.port = port;
			this.source = source;
			this.allow = allow;
			this.seconds = seconds;
		}

		@Override
		public void run() {
			long end = System.nanoTime() + this.seconds * 1_000_000_000L;
			Connection connection = null;
			while (System.nanoTime() < end) {
				try {
					if (connection == null) {
						connection = new Connection(this.source, this.port);
					}
					List<String> headers = this.allow ? signed() : List.of();
					long t0 = System.nanoTime();
					Response response = connection.send("GET", PATH, headers);
					long t1 = System.nanoTime();
					record(t1 - t0);
					boolean expected = this.allow ? response.status == 200
							: response.status == 403 && response.body.contains("\"code\":1451");
					if (!expected) {
						this.errors.incrementAndGet();
						System.err.println(this.source + ": unexpected " + response.status + " " + response.body);
					}
					else if (this.allow) {
						this.ok++;
					}
					else {
						this.denied++;
					}
					if (response.close) {
						connection.close();
						connection = null;
					}
				}
				catch (IOException | RuntimeException ex) {
					this.errors.incrementAndGet();
					System.err.println(this.source + ": " + ex);
					if (connection != null) {
						connection.close();
					}
					connection = null;
				}
			}
			if (connection != null) {
				connection.close();
			}
		}

		private void record(long nanos) {
			if (this.count == this.latencies.length) {
				this.latencies = Arrays.copyOf(this.latencies, this.count * 2);
			}
			this.latencies[this.count++] = nanos;
		}

		private List<String> signed() throws IOException {
			try {
				long timestamp = Instant.now().getEpochSecond();
				String nonce = "load" + getId() + "x" + (this.nonce++) + "x" + System.nanoTime();
				String bodyHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(new byte[0]));
				String canonical = "GET\n" + PATH + "\n\n" + timestamp + "\n" + nonce + "\n" + bodyHash;
				Mac mac = Mac.getInstance("HmacSHA256");
				mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
				String signature = HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
				return List.of("Authorization: Bearer " + KEY, "X-Timestamp: " + timestamp, "X-Nonce: " + nonce,
						"X-Signature: " + signature);
			}
			catch (Exception ex) {
				throw new IOException(ex);
			}
		}

	}

	record Response(int status, String body, boolean close) {
	}

	static final class Connection implements AutoCloseable {

		private final Socket socket;

		private final InputStream in;

		private final OutputStream out;

		private final String host;

		Connection(String source, int port) throws IOException {
			IpAddress from = IpAddress.parse(source);
			String target = from.isIpv4() ? "127.0.0.1" : "::1";
			this.host = from.isIpv4() ? "127.0.0.1:" + port : "[::1]:" + port;
			this.socket = new Socket();
			this.socket.setTcpNoDelay(true);
			this.socket.setSoTimeout(10_000);
			this.socket.bind(new InetSocketAddress(InetAddress.getByAddress(from.toBytes()), 0));
			this.socket.connect(new InetSocketAddress(InetAddress.getByAddress(IpAddress.parse(target).toBytes()),
					port), 10_000);
			this.in = new BufferedInputStream(this.socket.getInputStream(), 16384);
			this.out = this.socket.getOutputStream();
		}

		Response send(String method, String path, List<String> headers) throws IOException {
			StringBuilder request = new StringBuilder(512);
			request.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(this.host)
				.append("\r\n");
			for (String header : headers) {
				request.append(header).append("\r\n");
			}
			request.append("\r\n");
			this.out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			this.out.flush();
			String status = line();
			int code = Integer.parseInt(status.split(" ")[1]);
			int length = -1;
			boolean chunked = false;
			boolean close = false;
			String line;
			while (!(line = line()).isEmpty()) {
				String lower = line.toLowerCase(Locale.ROOT);
				if (lower.startsWith("content-length:")) {
					length = Integer.parseInt(lower.substring(15).trim());
				}
				else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
					chunked = true;
				}
				else if (lower.startsWith("connection:") && lower.contains("close")) {
					close = true;
				}
			}
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			if (chunked) {
				int size;
				while ((size = Integer.parseInt(line().split(";")[0].trim(), 16)) > 0) {
					body.write(this.in.readNBytes(size));
					line();
				}
				line();
			}
			else if (length > 0) {
				body.write(this.in.readNBytes(length));
			}
			return new Response(code, body.toString(StandardCharsets.UTF_8), close);
		}

		private String line() throws IOException {
			StringBuilder line = new StringBuilder();
			int c;
			while ((c = this.in.read()) != -1) {
				if (c == '\n') {
					int len = line.length();
					return (len > 0 && line.charAt(len - 1) == '\r') ? line.substring(0, len - 1) : line.toString();
				}
				line.append((char) c);
			}
			throw new IOException("connection closed");
		}

		@Override
		public void close() {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// closing
			}
		}

	}

}
