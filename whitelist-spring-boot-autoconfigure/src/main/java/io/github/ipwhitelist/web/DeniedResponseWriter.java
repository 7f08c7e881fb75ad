package io.github.ipwhitelist.web;

import java.io.IOException;
import java.time.Instant;

import io.github.ipwhitelist.audit.DenialCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * Writes the response of a denied request to a servlet response, as {@link DenialResponses}
 * renders it in the configured {@link ResponseFormat}.
 */
public class DeniedResponseWriter {

	private final DenialResponses responses;

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
		this.responses = new DenialResponses(format, status);
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
		DenialResponses.Rendered rendered = this.responses.render(code, ip, detail,
				IpWhitelistFilter.requestedPath(request), requestId, timestamp, retryAfterSeconds);
		response.resetBuffer();
		response.setStatus(rendered.status());
		rendered.headers().forEach(response::setHeader);
		String contentType = rendered.contentType();
		if (contentType != null) {
			response.setContentType(contentType);
			response.setCharacterEncoding("UTF-8");
		}
		response.setContentLength(rendered.body().length);
		response.getOutputStream().write(rendered.body());
		response.flushBuffer();
	}

	@Override
	public String toString() {
		return "DeniedResponseWriter[format=" + this.format + ", status=" + this.status + "]";
	}

}
