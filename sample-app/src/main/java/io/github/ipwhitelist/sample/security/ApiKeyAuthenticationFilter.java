package io.github.ipwhitelist.sample.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Layer 2: authenticates {@code Authorization: Bearer <api key>} against the stored key hashes.
 * A missing or unknown key ends the request with 401 and code 2001.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

	static final String CLIENT_ATTRIBUTE = ApiKeyAuthenticationFilter.class.getName() + ".client";

	private final ApiClientRegistry registry;

	ApiKeyAuthenticationFilter(ApiClientRegistry registry) {
		this.registry = registry;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader("Authorization");
		if (header == null || !header.startsWith("Bearer ") || header.length() > 256) {
			ApiErrors.write(response, ApiErrors.BAD_API_KEY, "API key missing: send Authorization: Bearer <key>");
			return;
		}
		ApiClient client = this.registry.find(header.substring("Bearer ".length()).trim());
		if (client == null) {
			ApiErrors.write(response, ApiErrors.BAD_API_KEY, "API key not recognised");
			return;
		}
		request.setAttribute(CLIENT_ATTRIBUTE, client);
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(client.id(), null,
					AuthorityUtils.createAuthorityList("API_KEY")));
		chain.doFilter(request, response);
	}

}
