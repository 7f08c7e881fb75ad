package io.github.ipwhitelist.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.ipwhitelist.address.IpAddress;

/**
 * A minimal HTTP/1.1 client over a plain socket bound to a chosen local address, so a test
 * request really arrives from 127.0.0.5 or ::1. Addresses are given as literals and turned into
 * bytes by our parser: nothing here resolves a name.
 */
public final class RawHttp {

	private RawHttp() {
	}

	public static Response get(int port, String from, String path, String... headers) {
		return send(port, from, "GET", path, null, headers);
	}

	public static Response send(int port, String from, String method, String path, String body, String... headers) {
		IpAddress source = IpAddress.parse(from);
		String target = source.isIpv4() ? "127.0.0.1" : "::1";
		try (Socket socket = new Socket()) {
			socket.setSoTimeout(10_000);
			socket.bind(new InetSocketAddress(inet(source), 0));
			socket.connect(new InetSocketAddress(inet(IpAddress.parse(target)), port), 10_000);
			StringBuilder request = new StringBuilder();
			request.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
			request.append("Host: ").append(source.isIpv4() ? target : "[" + target + "]").append(':').append(port)
				.append("\r\n");
			request.append("Connection: close\r\n");
			for (String header : headers) {
				request.append(header).append("\r\n");
			}
			byte[] payload = (body != null) ? body.getBytes(StandardCharsets.UTF_8) : new byte[0];
			if (body != null) {
				request.append("Content-Length: ").append(payload.length).append("\r\n");
			}
			request.append("\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.write(payload);
			out.flush();
			return Response.parse(socket.getInputStream().readAllBytes());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Request from " + from + " to port " + port + " failed", ex);
		}
	}

	static InetAddress inet(IpAddress address) throws IOException {
		return InetAddress.getByAddress(address.toBytes());
	}

	public record Response(int status, Map<String, List<String>> headers, String body) {

		public String header(String name) {
			List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
			return (values != null) ? values.get(0) : null;
		}

		static Response parse(byte[] raw) throws IOException {
			int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
			if (end < 0) {
				throw new IOException("No complete response: " + new String(raw, StandardCharsets.ISO_8859_1));
			}
			String head = new String(raw, 0, end, StandardCharsets.ISO_8859_1);
			String[] lines = head.split("\r\n");
			int status = Integer.parseInt(lines[0].split(" ")[1]);
			Map<String, List<String>> headers = new LinkedHashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), (k) -> new ArrayList<>())
					.add(lines[i].substring(colon + 1).trim());
			}
			byte[] rest = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
			List<String> encoding = headers.get("transfer-encoding");
			if (encoding != null && encoding.get(0).equalsIgnoreCase("chunked")) {
				rest = dechunk(rest);
			}
			return new Response(status, headers, new String(rest, StandardCharsets.UTF_8));
		}

		private static byte[] dechunk(byte[] data) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			int i = 0;
			while (i < data.length) {
				int lineEnd = indexOf(java.util.Arrays.copyOfRange(data, i, data.length), new byte[] { '\r', '\n' });
				String sizeText = new String(data, i, lineEnd, StandardCharsets.ISO_8859_1).split(";")[0].trim();
				int size = Integer.parseInt(sizeText, 16);
				i += lineEnd + 2;
				if (size == 0) {
					break;
				}
				out.write(data, i, size);
				i += size + 2;
			}
			return out.toByteArray();
		}

		private static int indexOf(byte[] data, byte[] pattern) {
			outer: for (int i = 0; i <= data.length - pattern.length; i++) {
				for (int j = 0; j < pattern.length; j++) {
					if (data[i + j] != pattern[j]) {
						continue outer;
					}
				}
				return i;
			}
			return -1;
		}

	}

}
