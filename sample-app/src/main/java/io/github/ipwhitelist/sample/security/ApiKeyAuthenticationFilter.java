package io.github.ipwhitelist.sample.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Layer 2: authenticates {@code Authorization: Bearer <api key>} against the stored key hashes.
 * A missing or unknown key ends the request with 401 and code 2001.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

	static final String CLIENT_ATTRIBUTE = ApiKeyAuthenticationFilter.class.getName() + ".client";

	private final ApiClientRegistry registry;

	private final AuthenticationEntryPoint entryPoint;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	ApiKeyAuthenticationFilter(ApiClientRegistry registry, AuthenticationEntryPoint entryPoint) {
		this.registry = registry;
		this.entryPoint = entryPoint;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader("Authorization");
		if (header == null || !header.startsWith("Bearer ") || header.length() > 256) {
			fail(request, response, "API key missing: send Authorization: Bearer <key>");
			return;
		}
		ApiClient client = this.registry.find(header.substring("Bearer ".length()).trim());
		if (client == null) {
			fail(request, response, "API key not recognised");
			return;
		}
		request.setAttribute(CLIENT_ATTRIBUTE, client);
		// A new context, not a change to the shared one (Spring Security 7's recommended way).
		SecurityContext context = this.contexts.createEmptyContext();
		context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(client.id(), null,
				AuthorityUtils.createAuthorityList("API_KEY")));
		this.contexts.setContext(context);
		chain.doFilter(request, response);
	}

	private void fail(HttpServletRequest request, HttpServletResponse response, String message)
			throws IOException, ServletException {
		this.contexts.clearContext();
		this.entryPoint.commence(request, response,
				new ApiAuthenticationException(ApiAuthenticationException.BAD_API_KEY, message));
	}

}
