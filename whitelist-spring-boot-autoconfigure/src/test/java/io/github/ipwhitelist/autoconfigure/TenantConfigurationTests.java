package io.github.ipwhitelist.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.ipwhitelist.rules.Mode;
import io.github.ipwhitelist.rules.RuleSetHolder;
import io.github.ipwhitelist.rules.TenantPolicy;
import io.github.ipwhitelist.rules.TenantTable;
import io.github.ipwhitelist.web.IpWhitelistAuthenticatedTenantResolver;
import io.github.ipwhitelist.web.IpWhitelistTenantResolver;
import io.github.ipwhitelist.web.TenantGate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletRequest;

import static io.github.ipwhitelist.autoconfigure.InvalidConfigurationTests.allMessages;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenant and environment configuration: what binds, what the tenant table holds, which
 * resolver is used, and every bad value stopping the startup with its property path and value.
 */
class TenantConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(IpWhitelistAutoConfiguration.class, IpWhitelistRateLimitAutoConfiguration.class,
					IpWhitelistSecurityAutoConfiguration.class, SecurityAutoConfiguration.class,
					ServletWebSecurityAutoConfiguration.class));

	@Test
	void policiesFromPropertiesAndFilesAreCombinedPerTenant(@TempDir Path dir) throws Exception {
		Path file = dir.resolve("tenants.txt");
		Files.writeString(file, "acme 198.51.100.0/24 file entry\nglobex 2001:db8::/32 env=sandbox\n",
				StandardCharsets.UTF_8);
		this.runner
			.withPropertyValues("ip-whitelist.environment=sandbox", "ip-whitelist.tenants.policies.acme.mode=permissive",
					"ip-whitelist.tenants.policies.acme.entries[0].address=203.0.113.0/24",
					"ip-whitelist.tenants.policies.acme.deny[0].address=203.0.113.9",
					"ip-whitelist.tenants.sources[0].location=file:" + file)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				TenantTable tenants = context.getBean(TenantTable.class);
				assertThat(tenants.size()).isEqualTo(2);
				TenantPolicy acme = tenants.get("acme");
				assertThat(acme.mode()).isEqualTo(Mode.PERMISSIVE);
				assertThat(acme.origin()).isEqualTo("properties");
				assertThat(acme.allowEntries()).extracting((e) -> e.prefix().toString())
					.containsExactly("203.0.113.0/24", "198.51.100.0/24");
				assertThat(acme.denyEntries()).hasSize(1);
				TenantPolicy globex = tenants.get("globex");
				assertThat(globex.mode()).isEqualTo(Mode.STRICT);
				assertThat(globex.enabled()).isTrue();
				assertThat(globex.origin()).isEqualTo("file:" + file);
				assertThat(globex.allowEntries()).hasSize(1);
				assertThat(context.getBean(RuleSetHolder.class).get().environment()).isEqualTo("sandbox");
			});
	}

	@Test
	void headerResolverReadsTheConfiguredHeader() {
		this.runner.withPropertyValues("ip-whitelist.tenants.resolver=header", "ip-whitelist.tenants.header=X-Org")
			.run((context) -> {
				TenantGate gate = context.getBean(TenantGate.class);
				MockHttpServletRequest request = new MockHttpServletRequest();
				request.addHeader("X-Org", "acme");
				assertThat(named(gate, request)).isEqualTo("acme");
				request = new MockHttpServletRequest();
				request.addHeader("X-Org", "ac me");
				assertThat(named(gate, request)).isNull();
			});
	}

	@Test
	void noResolverByDefault() {
		this.runner.run((context) -> {
			MockHttpServletRequest request = new MockHttpServletRequest();
			request.addHeader("X-Tenant-Id", "acme");
			assertThat(named(context.getBean(TenantGate.class), request)).isNull();
		});
	}

	@Test
	void theApplicationsResolverBeansWin() {
		this.runner.withPropertyValues("ip-whitelist.tenants.resolver=header")
			.withBean(IpWhitelistTenantResolver.class, () -> (request) -> "from-bean")
			.withBean(IpWhitelistAuthenticatedTenantResolver.class, () -> (authentication) -> "mapped")
			.run((context) -> {
				TenantGate gate = context.getBean(TenantGate.class);
				MockHttpServletRequest request = new MockHttpServletRequest();
				request.addHeader("X-Tenant-Id", "acme");
				assertThat(named(gate, request)).isEqualTo("from-bean");
			});
	}

	private static String named(TenantGate gate, MockHttpServletRequest request) {
		return gate.named(request);
	}

	@Test
	void badTenantIdStopsStartupNamingIt() {
		this.runner.withPropertyValues("ip-whitelist.tenants.policies[acme!corp].mode=strict").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(allMessages(context.getStartupFailure()))
				.contains("Invalid value 'acme!corp' for property 'ip-whitelist.tenants.policies'")
				.contains("not a tenant id");
		});
	}

	@Test
	void badTenantEntryStopsStartupNamingItsPath() {
		this.runner.withPropertyValues("ip-whitelist.tenants.policies.acme.entries[0].address=203.0.113.0/24",
				"ip-whitelist.tenants.policies.acme.entries[1].address=10.0.0.5/8")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(allMessages(context.getStartupFailure())).contains(
						"Invalid value '10.0.0.5/8' for property 'ip-whitelist.tenants.policies.acme.entries[1].address'");
			});
	}

	@Test
	void badTenantDenyEntryStopsStartupNamingItsPath() {
		this.runner.withPropertyValues("ip-whitelist.tenants.policies.acme.deny=300.1.1.1").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(allMessages(context.getStartupFailure()))
				.contains("Invalid value '300.1.1.1' for property 'ip-whitelist.tenants.policies.acme.deny[0].address'");
		});
	}

	@Test
	void unknownTenantModeStopsStartupNamingPropertyAndValue() {
		this.runner.withPropertyValues("ip-whitelist.tenants.policies.acme.mode=lenient").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(allMessages(context.getStartupFailure())).contains("ip-whitelist.tenants.policies.acme.mode")
				.contains("lenient");
		});
	}

	@Test
	void badEnvironmentNamesStopStartup() {
		this.runner.withPropertyValues("ip-whitelist.environment=prod uction").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(allMessages(context.getStartupFailure()))
				.contains("Invalid value 'prod uction' for property 'ip-whitelist.environment'");
		});
		this.runner
			.withPropertyValues("ip-whitelist.entries[0].address=203.0.113.1",
					"ip-whitelist.entries[0].environments=sandbox,pro/d")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(allMessages(context.getStartupFailure()))
					.contains("Invalid value 'pro/d' for property 'ip-whitelist.entries[0].environments[1]'");
			});
	}

	@Test
	void badTenantsFileStopsStartupNamingItsLocationProperty(@TempDir Path dir) throws Exception {
		Path file = dir.resolve("tenants.txt");
		Files.writeString(file, "acme 203.0.113.0/24\nbad id 192.0.2.1\n", StandardCharsets.UTF_8);
		this.runner
			.withPropertyValues("ip-whitelist.sources[0].location=classpath:nothing-here.txt",
					"ip-whitelist.tenants.sources[0].location=file:" + file)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(allMessages(context.getStartupFailure())).contains("ip-whitelist.sources[0].location");
			});
		this.runner.withPropertyValues("ip-whitelist.tenants.sources[0].location=file:" + file).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(allMessages(context.getStartupFailure())).contains("ip-whitelist.tenants.sources[0].location")
				.contains("line 2");
		});
	}

	@Test
	void badTenantHeaderNameStopsStartup() {
		this.runner.withPropertyValues("ip-whitelist.tenants.header=X Tenant").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(allMessages(context.getStartupFailure()))
				.contains("Invalid value 'X Tenant' for property 'ip-whitelist.tenants.header'");
		});
	}

}
