package io.github.ipwhitelist.it;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.ipwhitelist.it.RawHttp.Response;
import io.github.ipwhitelist.web.IpWhitelistFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.session.DisableEncodeUrlFilter;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chains of every origin run the check first, over a real port: a chain added through
 * {@code WebSecurity.addSecurityFilterChainBuilder} (not a bean), and a chain where a user's
 * {@code Customizer<HttpSecurity>}, registered before the starter's, put its own filter in
 * front of {@code DisableEncodeUrlFilter}. Each user filter answers 401 for a bad key and 200
 * for a good one: an unlisted address must get 1451 whatever its key, and reach neither.
 */
@SpringBootTest(classes = ChainOriginsTests.ChainOriginsApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "ip-whitelist.entries=127.0.0.2")
class ChainOriginsTests {

	static final JsonMapper json = JsonMapper.builder().build();

	static final String GOOD_KEY = "X-Api-Key: good";

	static final String BAD_KEY = "X-Api-Key: bad";

	@LocalServerPort
	int port;

	/** Not a bean: Boot would also register a filter bean with the servlet container. */
	static final KeyFilter keyFilter = new KeyFilter();

	@Autowired
	FilterChainProxy proxy;

	@ParameterizedTest
	@ValueSource(strings = { "/builder/x", "/customized/x" })
	void unlistedAddressGets1451WithAGoodOrABadKeyAndNoKeyCheckRuns(String path) {
		int before = keyFilter.calls.get();
		for (String key : new String[] { GOOD_KEY, BAD_KEY }) {
			Response response = RawHttp.get(this.port, "127.0.0.9", path, key);
			assertThat(response.status()).as(path + " " + key).isEqualTo(403);
			assertThat(json.readTree(response.body()).get("code").asInt()).isEqualTo(1451);
		}
		assertThat(keyFilter.calls.get()).isEqualTo(before);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/builder/x", "/customized/x" })
	void listedAddressReachesTheKeyCheck(String path) {
		assertThat(RawHttp.get(this.port, "127.0.0.2", path, BAD_KEY).status()).isEqualTo(401);
		assertThat(RawHttp.get(this.port, "127.0.0.2", path, GOOD_KEY).status()).isEqualTo(200);
	}

	@Test
	void everyChainOfTheProxyStartsWithTheCheck() {
		assertThat(this.proxy.getFilterChains()).hasSize(2);
		for (SecurityFilterChain chain : this.proxy.getFilterChains()) {
			assertThat(chain.getFilters().get(0)).as("%s", chain).isInstanceOf(IpWhitelistFilter.class);
			assertThat(chain.getFilters().stream().filter((f) -> f instanceof IpWhitelistFilter)).hasSize(1);
		}
	}

	@Test
	void everyChainOfTheProxyChecksTheProvenTenantRightBeforeAuthorization() {
		for (SecurityFilterChain chain : this.proxy.getFilterChains()) {
			java.util.List<jakarta.servlet.Filter> filters = chain.getFilters();
			IpWhitelistFilter check = (IpWhitelistFilter) filters.get(0);
			int binding = filters.indexOf(check.tenantBindingFilter());
			assertThat(binding).as("%s", chain).isPositive();
			assertThat(filters.stream().filter((f) -> f == check.tenantBindingFilter())).hasSize(1);
			int authorization = -1;
			for (int i = 0; i < filters.size(); i++) {
				if (filters.get(i) instanceof org.springframework.security.web.access.intercept.AuthorizationFilter) {
					authorization = i;
				}
			}
			assertThat(binding).as("%s", chain).isEqualTo((authorization >= 0) ? authorization - 1 : filters.size() - 1);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ChainOriginsApplication {

		/** A chain that is no bean: added straight to WebSecurity. */
		@Bean
		WebSecurityCustomizer builderChain() {
			return (web) -> web.addSecurityFilterChainBuilder(() -> new DefaultSecurityFilterChain(
					PathPatternRequestMatcher.withDefaults().matcher("/builder/**"), keyFilter));
		}

		/** Registered before the starter's customizer, ahead of DisableEncodeUrlFilter. */
		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		Customizer<HttpSecurity> earlyCustomizer() {
			return (http) -> http.addFilterBefore(keyFilter, DisableEncodeUrlFilter.class);
		}

		@Bean
		SecurityFilterChain customized(HttpSecurity http) {
			return http.securityMatcher("/customized/**")
				.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.build();
		}

	}

	/** Answers 401 for a bad key and 200 for a good one; counts every request it sees. */
	static final class KeyFilter extends OncePerRequestFilter {

		final AtomicInteger calls = new AtomicInteger();

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			this.calls.incrementAndGet();
			response.setStatus("good".equals(request.getHeader("X-Api-Key")) ? 200 : 401);
		}

	}

}
