package io.github.ipwhitelist.sample.security;

import java.io.IOException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * The 401 of layers 2 and 3, as Spring Security 7 has it: an {@link AuthenticationEntryPoint}
 * that writes the JSON error in the same envelope style as the address layer. The filters hand
 * it an {@link ApiAuthenticationException} with the code; a request that reaches authorization
 * without credentials gets 2001.
 */
final class ApiErrors implements AuthenticationEntryPoint {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final Clock clock;

	ApiErrors(Clock clock) {
		this.clock = clock;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		int code = (ex instanceof ApiAuthenticationException api) ? api.code() : ApiAuthenticationException.BAD_API_KEY;
		String message = (ex instanceof ApiAuthenticationException) ? ex.getMessage()
				: "API key missing: send Authorization: Bearer <key>";
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("code", code);
		error.put("message", message);
		error.put("category", "authentication");
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("success", false);
		body.put("error", error);
		body.put("meta", Map.of("timestamp", this.clock.instant().truncatedTo(ChronoUnit.SECONDS).toString()));
		response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
		response.setHeader("WWW-Authenticate", "Bearer");
		response.setContentType("application/json");
		response.setCharacterEncoding("UTF-8");
		response.getOutputStream().write(MAPPER.writeValueAsBytes(body));
	}

}
