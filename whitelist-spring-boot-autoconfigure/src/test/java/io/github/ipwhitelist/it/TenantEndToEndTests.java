package io.github.ipwhitelist.it;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import io.github.ipwhitelist.audit.TenantActivity;
import io.github.ipwhitelist.it.RawHttp.Response;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenants over a real port, from real source addresses: the global gate first, then the named
 * tenant's gate before authentication, then, after authentication, the tenant the API key
 * proves. Every request's key filter is counted, to show that a denied address never reaches it.
 */
@SpringBootTest(classes = TenantEndToEndTests.TenantApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ip-whitelist.environment=Production", "ip-whitelist.mode=strict",
				"ip-whitelist.entries=127.0.0.0/8, ::1", "ip-whitelist.deny[0].address=127.0.0.66",
				"ip-whitelist.tenants.resolver=header", "ip-whitelist.paths.exclude=/status/**",
				"ip-whitelist.tenants.policies.acme.mode=strict",
				"ip-whitelist.tenants.policies.acme.entries[0].address=127.0.0.5",
				"ip-whitelist.tenants.policies.acme.entries[0].description=acme office",
				"ip-whitelist.tenants.policies.acme.entries[1].address=::1",
				"ip-whitelist.tenants.policies.acme.entries[2].address=127.0.0.7",
				"ip-whitelist.tenants.policies.acme.entries[2].environments=sandbox",
				"ip-whitelist.tenants.policies.globex.mode=permissive",
				"ip-whitelist.tenants.policies.globex.deny[0].address=127.0.0.9",
				"ip-whitelist.tenants.policies.initech.enabled=false",
				"ip-whitelist.tenants.policies.initech.entries[0].address=127.0.0.200",
				"ip-whitelist.tenants.sources[0].location=classpath:tenants/partners.txt",
				"management.endpoints.web.exposure.include=ipwhitelist,auditevents" })
class TenantEndToEndTests {

	@LocalServerPort
	int port;

	@Autowired
	KeyCounter keys;

	@Autowired
	TenantActivity activity;

	@Autowired
	AuditEventRepository audits;

	private Response call(String from, String tenant, String key) {
		return RawHttp.get(this.port, from, "/api/hello", (tenant != null) ? "X-Tenant-Id: " + tenant : "X-Other: 1",
				(key != null) ? "Authorization: Bearer " + key : "X-Other2: 1");
	}

	@Test
	void aTenantsOwnListLetsItsAddressesThroughAndStopsOthersBeforeAuthentication() {
		assertThat(call("127.0.0.5", "acme", "key-acme").status()).isEqualTo(200);
		assertThat(call("::1", "acme", "key-acme").status()).isEqualTo(200);
		// From the tenants file, combined with the properties.
		assertThat(call("127.0.0.13", "acme", "key-acme").status()).isEqualTo(200);
		int before = this.keys.calls();
		Response denied = call("127.0.0.6", "acme", "key-acme");
		assertThat(denied.status()).isEqualTo(403);
		assertThat(denied.body()).contains("\"code\":1451").contains("127.0.0.6");
		assertThat(this.keys.calls()).as("the key filter never ran").isEqualTo(before);
		// An entry for the sandbox does not apply in production.
		assertThat(call("127.0.0.7", "acme", "key-acme").status()).isEqualTo(403);
	}

	@Test
	void theGlobalGateComesFirst() {
		Response denied = call("127.0.0.66", "acme", "key-acme");
		assertThat(denied.status()).isEqualTo(403);
		JsonNode tenantView = ActuatorSupport.read(this.port, "/actuator/ipwhitelist/tenants/acme");
		assertThat(tenantView.get("recentDenied").toString()).contains("127.0.0.66").contains("\"gate\":\"global\"");
	}

	@Test
	void credentialsOfAnotherTenantAreDeniedAfterAuthentication() {
		// From acme's address, naming acme, with globex's key: the key proves globex.
		Response denied = call("127.0.0.5", "acme", "key-globex");
		assertThat(denied.status()).isEqualTo(403);
		assertThat(denied.body()).contains("\"code\":1451");
		JsonNode view = ActuatorSupport.read(this.port, "/actuator/ipwhitelist/tenants/acme");
		assertThat(view.get("recentDenied").get(0).get("reason").asString())
			.contains("the credentials prove tenant globex");
		assertThat(view.get("recentDenied").get(0).get("gate").asString()).isEqualTo("tenant");
	}

	@Test
	void namingNoTenantStillHoldsTheCallerToTheTenantItAuthenticatesAs() {
		assertThat(call("127.0.0.5", null, "key-acme").status()).isEqualTo(200);
		Response denied = call("127.0.0.6", null, "key-acme");
		assertThat(denied.status()).isEqualTo(403);
		assertThat(denied.body()).contains("\"code\":1451");
		List<AuditEvent> events = this.audits.find("127.0.0.6", null, "IP_WHITELIST_DENIED");
		assertThat(events).isNotEmpty();
		Map<String, Object> data = events.get(events.size() - 1).getData();
		assertThat(data).containsEntry("tenant", "acme").containsEntry("gate", "tenant");
	}

	@Test
	void aPermissiveTenantLetsUnlistedCallersThroughAndRecordsThem() {
		assertThat(call("127.0.0.31", "globex", "key-globex").status()).isEqualTo(200);
		assertThat(call("127.0.0.9", "globex", "key-globex").status()).isEqualTo(403);
		JsonNode view = ActuatorSupport.read(this.port, "/actuator/ipwhitelist/tenants/globex");
		assertThat(view.get("mode").asString()).isEqualTo("PERMISSIVE");
		assertThat(view.get("notListed").toString()).contains("127.0.0.31");
		assertThat(view.get("counts").get("allowed").asLong()).isPositive();
		assertThat(view.get("counts").get("denied").asLong()).isPositive();
	}

	@Test
	void aDisabledTenantAndATenantWithoutPolicyAddNoGate() {
		assertThat(call("127.0.0.6", "initech", "key-initech").status()).isEqualTo(200);
		assertThat(call("127.0.0.6", "hooli", "key-hooli").status()).isEqualTo(200);
	}

	@Test
	void invalidTenantIdsNameNoTenantAndCreateNoState() {
		long tracked = this.activity.trackedTenants();
		for (int i = 0; i < 50; i++) {
			// Named with a space, a slash, too long: none names a tenant, none is kept.
			String[] bad = { "acme corp" + i, "acme/" + i, "x".repeat(65) + i };
			for (String id : bad) {
				assertThat(RawHttp.get(this.port, "127.0.0.6", "/open/ping", "X-Tenant-Id: " + id).status())
					.isEqualTo(200);
			}
		}
		assertThat(this.activity.trackedTenants()).isEqualTo(tracked);
		// An invalid id never lets a caller escape the tenant its key proves.
		assertThat(call("127.0.0.6", "acme corp", "key-acme").status()).isEqualTo(403);
	}

	@Test
	void aForwardFromAnUnguardedPathIsBoundToo() {
		Response response = RawHttp.get(this.port, "127.0.0.6", "/status/forward", "Authorization: Bearer key-acme");
		assertThat(response.status()).isEqualTo(403);
		assertThat(RawHttp.get(this.port, "127.0.0.5", "/status/forward", "Authorization: Bearer key-acme").status())
			.isEqualTo(200);
	}

	@Test
	void aBindingDenialIsCountedOnceAndShownToBothTenants() {
		JsonNode before = ActuatorSupport.read(this.port, "/actuator/ipwhitelist").get("counts");
		assertThat(call("127.0.0.5", "acme", "key-umbrella").status()).isEqualTo(403);
		JsonNode after = ActuatorSupport.read(this.port, "/actuator/ipwhitelist").get("counts");
		// The one allowed request in between is the second read itself: the denied one is not counted as allowed.
		assertThat(after.get("allowed").asLong() - before.get("allowed").asLong()).isEqualTo(1);
		assertThat(after.get("denied").asLong() - before.get("denied").asLong()).isEqualTo(1);
		assertThat(ActuatorSupport.read(this.port, "/actuator/ipwhitelist/tenants/umbrella").get("recentDenied").toString())
			.contains("the credentials prove tenant umbrella");
	}

	@Test
	void tenantGatesGuardTheSamePathsAsTheGlobalGate() {
		assertThat(RawHttp.get(this.port, "127.0.0.6", "/status/ping", "X-Tenant-Id: acme").status()).isEqualTo(200);
	}

	@Test
	void theEndpointPagesTenantsAndExplainsBothGates() {
		JsonNode root = ActuatorSupport.read(this.port, "/actuator/ipwhitelist");
		assertThat(root.get("tenantCount").asInt()).isEqualTo(4);
		assertThat(root.get("environment").asString()).isEqualTo("production");
		JsonNode page = ActuatorSupport.read(this.port, "/actuator/ipwhitelist/tenants?page=0&size=2");
		assertThat(page.get("total").asInt()).isEqualTo(4);
		assertThat(page.get("tenants").findValuesAsString("tenant")).containsExactly("acme", "globex");
		JsonNode second = ActuatorSupport.read(this.port, "/actuator/ipwhitelist/tenants?page=1&size=2");
		assertThat(second.get("tenants").findValuesAsString("tenant")).containsExactly("initech", "umbrella");
		assertThat(second.get("tenants").get(0).get("enabled").asBoolean()).isFalse();
		JsonNode acme = ActuatorSupport.read(this.port, "/actuator/ipwhitelist/tenants/acme");
		assertThat(acme.get("entries").toString()).contains("\"environments\":[\"sandbox\"]")
			.contains("\"applies\":false")
			.contains("acme office");
		assertThat(RawHttp.get(this.port, ActuatorSupport.ADMIN, "/actuator/ipwhitelist/tenants/nobody").status())
			.isEqualTo(404);
		assertThat(RawHttp.get(this.port, ActuatorSupport.ADMIN, "/actuator/ipwhitelist/tenants/bad%20id").status())
			.isEqualTo(404);
		JsonNode denied = ActuatorSupport.read(this.port, "/actuator/ipwhitelist/127.0.0.6?tenant=acme");
		assertThat(denied.get("allowed").asBoolean()).isFalse();
		assertThat(denied.get("gate").asString()).isEqualTo("tenant");
		assertThat(denied.get("tenant").asString()).isEqualTo("acme");
		JsonNode globalDenied = ActuatorSupport.read(this.port, "/actuator/ipwhitelist/127.0.0.66?tenant=acme");
		assertThat(globalDenied.get("gate").asString()).isEqualTo("global");
		JsonNode allowed = ActuatorSupport.read(this.port, "/actuator/ipwhitelist/127.0.0.5?tenant=acme");
		assertThat(allowed.get("allowed").asBoolean()).isTrue();
		assertThat(allowed.get("gate").isNull()).isTrue();
		assertThat(allowed.get("matchedEntry").get("description").asString()).isEqualTo("acme office");
		assertThat(RawHttp.get(this.port, ActuatorSupport.ADMIN, "/actuator/ipwhitelist/127.0.0.5?tenant=a%0Ab")
			.status()).isEqualTo(400);
		assertThat(ActuatorSupport.read(this.port, "/actuator/ipwhitelist/127.0.0.5").get("tenant").isNull()).isTrue();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TenantApplication {

		@Bean
		KeyCounter keyCounter() {
			return new KeyCounter();
		}

		@Bean
		AuditEventRepository auditEventRepository() {
			return new InMemoryAuditEventRepository();
		}

		@Bean
		SecurityFilterChain api(HttpSecurity http, KeyCounter counter) {
			return http.securityMatcher("/api/**")
				// At authorization's own position: the tenant check must still come after it.
				.addFilterBefore(new TenantKeyFilter(counter), AuthorizationFilter.class)
				.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.exceptionHandling((exceptions) -> exceptions
					.authenticationEntryPoint((request, response, ex) -> response.setStatus(401)))
				.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.csrf((csrf) -> csrf.disable())
				.build();
		}

		@RestController
		static class Endpoints {

			@GetMapping("/api/hello")
			String hello() {
				return "hello";
			}

			@GetMapping("/open/ping")
			String ping() {
				return "pong";
			}

			@GetMapping("/status/ping")
			String status() {
				return "up";
			}

			/** Starts on an unguarded path, then forwards to a guarded one. */
			@GetMapping("/status/forward")
			void forward(HttpServletRequest request, HttpServletResponse response) throws Exception {
				request.getRequestDispatcher("/api/hello").forward(request, response);
			}

		}

	}

	static final class KeyCounter {

		private int calls;

		synchronized int calls() {
			return this.calls;
		}

		synchronized void count() {
			this.calls++;
		}

	}

	/** {@code Authorization: Bearer key-<tenant>} authenticates the principal {@code <tenant>}. */
	static final class TenantKeyFilter extends OncePerRequestFilter {

		private final KeyCounter counter;

		TenantKeyFilter(KeyCounter counter) {
			this.counter = counter;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			this.counter.count();
			String header = request.getHeader("Authorization");
			if (header != null && header.startsWith("Bearer key-")) {
				SecurityContextHolder.getContext()
					.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
							header.substring("Bearer key-".length()), null, AuthorityUtils.createAuthorityList("KEY")));
			}
			chain.doFilter(request, response);
		}

	}

}
