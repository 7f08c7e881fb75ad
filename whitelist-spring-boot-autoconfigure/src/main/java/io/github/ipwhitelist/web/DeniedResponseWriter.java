package io.github.ipwhitelist.web;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.ipwhitelist.audit.DenialCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the response of a denied request in the configured {@link ResponseFormat}: codes
 * 1451 (not authorized) and 1452 (malformed address) with the configured status, 1453 (rate
 * limited) with 429. The body is written with a mapper of its own, so the application's
 * Jackson settings cannot change the documented field names.
 */
public class DeniedResponseWriter {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final ResponseFormat format;

	private final int status;

	/**
	 * Creates a writer.
	 * @param format the body layout
	 * @param status the HTTP status of 1451 and 1452 denials
	 */
	public DeniedResponseWriter(ResponseFormat format, int status) {
		this.format = format;
		this.status = status;
	}

	/**
	 * Writes a denial.
	 * @param request the request
	 * @param response the response, not yet committed
	 * @param code the error code
	 * @param ip the client address text (escaped for a malformed one)
	 * @param detail a sentence for the client
	 * @param requestId the request id
	 * @param timestamp when the request was denied
	 * @param retryAfterSeconds for 1453, the seconds until a retry may pass; otherwise {@code null}
	 * @throws IOException if the body cannot be written
	 */
	public void write(HttpServletRequest request, HttpServletResponse response, DenialCode code, String ip, String detail,
			String requestId, Instant timestamp, @Nullable Long retryAfterSeconds) throws IOException {
		int httpStatus = code.status(this.status);
		response.resetBuffer();
		response.setStatus(httpStatus);
		if (httpStatus == 404) {
			hidden(request, response);
			return;
		}
		response.setHeader(RequestIds.HEADER, requestId);
		response.setHeader("Cache-Control", "no-store");
		if (retryAfterSeconds != null) {
			response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
		}
		if (this.format == ResponseFormat.MINIMAL) {
			response.setContentLength(0);
			response.flushBuffer();
			return;
		}
		String time = timestamp.truncatedTo(ChronoUnit.SECONDS).toString();
		Map<String, Object> body = new LinkedHashMap<>();
		if (this.format == ResponseFormat.PROBLEM) {
			body.put("type", "about:blank");
			body.put("title", code.title());
			body.put("status", httpStatus);
			body.put("detail", detail);
			body.put("instance", IpWhitelistFilter.requestedPath(request));
			body.put("code", code.code());
			body.put("category", "security");
			body.put("severity", code.severity());
			body.put("blockedIp", ip);
			body.put("requestId", requestId);
			body.put("timestamp", time);
			writeBody(response, "application/problem+json", body);
		}
		else {
			Map<String, Object> error = new LinkedHashMap<>();
			error.put("code", code.code());
			error.put("message", code.title());
			error.put("category", "security");
			error.put("severity", code.severity());
			Map<String, Object> meta = new LinkedHashMap<>();
			meta.put("timestamp", time);
			meta.put("request_id", requestId);
			meta.put("blocked_ip", ip);
			body.put("success", false);
			body.put("error", error);
			body.put("details", detail);
			body.put("meta", meta);
			writeBody(response, "application/json", body);
		}
	}

	/**
	 * A denial answered 404 ({@code response.status=404}) hides that anything is here: a plain
	 * "not found" with no code, no address, no request id (the denial is still logged, counted
	 * and recorded with its id); the minimal format stays empty.
	 */
	private void hidden(HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.setHeader("Cache-Control", "no-store");
		if (this.format == ResponseFormat.MINIMAL) {
			response.setContentLength(0);
			response.flushBuffer();
			return;
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "about:blank");
		body.put("title", "Not Found");
		body.put("status", 404);
		body.put("instance", IpWhitelistFilter.requestedPath(request));
		writeBody(response, "application/problem+json", body);
	}

	private static void writeBody(HttpServletResponse response, String contentType, Map<String, Object> body)
			throws IOException {
		response.setContentType(contentType);
		response.setCharacterEncoding("UTF-8");
		byte[] bytes = MAPPER.writeValueAsBytes(body);
		response.setContentLength(bytes.length);
		response.getOutputStream().write(bytes);
		response.flushBuffer();
	}

	@Override
	public String toString() {
		return "DeniedResponseWriter[format=" + this.format + ", status=" + this.status + "]";
	}

}
