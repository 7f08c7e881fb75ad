package io.github.ipwhitelist.web;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.ipwhitelist.audit.DenialCode;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The response of a denied request in the configured {@link ResponseFormat}, with no servlet
 * or reactive type: its status, headers and body bytes, which each stack writes its way. Codes
 * 1451 (not authorized) and 1452 (malformed address) get the configured status, 1453 (rate
 * limited) 429; a 404 ({@code response.status=404}) hides that anything is here. The body is
 * written with a mapper of its own, so the application's Jackson settings cannot change the
 * documented field names.
 */
public final class DenialResponses {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final ResponseFormat format;

	private final int status;

	/**
	 * Creates the renderer.
	 * @param format the body layout
	 * @param status the HTTP status of 1451 and 1452 denials
	 */
	public DenialResponses(ResponseFormat format, int status) {
		this.format = format;
		this.status = status;
	}

	/**
	 * Renders a denial.
	 * @param code the error code
	 * @param ip the client address text (escaped for a malformed one)
	 * @param detail a sentence for the client
	 * @param path the requested path
	 * @param requestId the request id
	 * @param timestamp when the request was denied
	 * @param retryAfterSeconds for 1453, the seconds until a retry may pass; otherwise {@code null}
	 * @return the response to write
	 */
	public Rendered render(DenialCode code, String ip, String detail, String path, String requestId, Instant timestamp,
			@Nullable Long retryAfterSeconds) {
		int httpStatus = code.status(this.status);
		Map<String, String> headers = new LinkedHashMap<>();
		if (httpStatus == 404) {
			// A plain "not found": no code, no address, no request id (the denial is still
			// logged, counted and recorded with its id); the minimal format stays empty.
			headers.put("Cache-Control", "no-store");
			if (this.format == ResponseFormat.MINIMAL) {
				return new Rendered(httpStatus, headers, null, new byte[0]);
			}
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("type", "about:blank");
			body.put("title", "Not Found");
			body.put("status", 404);
			body.put("instance", path);
			return new Rendered(httpStatus, headers, "application/problem+json", MAPPER.writeValueAsBytes(body));
		}
		headers.put(RequestIds.HEADER, requestId);
		headers.put("Cache-Control", "no-store");
		if (retryAfterSeconds != null) {
			headers.put("Retry-After", Long.toString(retryAfterSeconds));
		}
		if (this.format == ResponseFormat.MINIMAL) {
			return new Rendered(httpStatus, headers, null, new byte[0]);
		}
		String time = timestamp.truncatedTo(ChronoUnit.SECONDS).toString();
		Map<String, Object> body = new LinkedHashMap<>();
		if (this.format == ResponseFormat.PROBLEM) {
			body.put("type", "about:blank");
			body.put("title", code.title());
			body.put("status", httpStatus);
			body.put("detail", detail);
			body.put("instance", path);
			body.put("code", code.code());
			body.put("category", "security");
			body.put("severity", code.severity());
			body.put("blockedIp", ip);
			body.put("requestId", requestId);
			body.put("timestamp", time);
			return new Rendered(httpStatus, headers, "application/problem+json", MAPPER.writeValueAsBytes(body));
		}
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
		return new Rendered(httpStatus, headers, "application/json", MAPPER.writeValueAsBytes(body));
	}

	@Override
	public String toString() {
		return "DenialResponses[format=" + this.format + ", status=" + this.status + "]";
	}

	/**
	 * A denial's response.
	 *
	 * @param status the HTTP status
	 * @param headers the headers to set
	 * @param contentType the body's type (UTF-8 JSON), {@code null} for no body
	 * @param body the body's bytes, empty for none
	 */
	public record Rendered(int status, Map<String, String> headers, @Nullable String contentType, byte[] body) {

	}

}
