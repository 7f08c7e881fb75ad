package io.github.ipwhitelist.sample.security;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON errors of layers 2 and 3, in the same envelope style as the address layer:
 * 2001 API key missing or unknown, 2002 signature missing or wrong, 2003 request replayed,
 * 2004 timestamp outside the window.
 */
final class ApiErrors {

	static final int BAD_API_KEY = 2001;

	static final int BAD_SIGNATURE = 2002;

	static final int REPLAYED = 2003;

	static final int STALE_TIMESTAMP = 2004;

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private ApiErrors() {
	}

	static void write(HttpServletResponse response, int code, String message) throws IOException {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("code", code);
		error.put("message", message);
		error.put("category", "authentication");
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("success", false);
		body.put("error", error);
		body.put("meta", Map.of("timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
		response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
		response.setHeader("WWW-Authenticate", "Bearer");
		response.setContentType("application/json");
		response.setCharacterEncoding("UTF-8");
		response.getOutputStream().write(MAPPER.writeValueAsBytes(body));
	}

}
