package io.github.ipwhitelist.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

import io.github.ipwhitelist.actuate.IpWhitelistEndpoint;
import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.audit.IpWhitelistRecorder;
import io.github.ipwhitelist.client.ClientIpResolver;
import io.github.ipwhitelist.rules.RuleSet;
import io.github.ipwhitelist.rules.RuleSetHolder;
import io.github.ipwhitelist.rules.TenantTable;
import io.github.ipwhitelist.source.IpWhitelistLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static io.github.ipwhitelist.autoconfigure.InvalidConfigurationTests.allMessages;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Entries written as ranges ({@code first-last}) in the properties, files and tenant policies:
 * exactly the range is listed, the endpoint and the explain view show it as written, and a bad
 * range stops the startup naming it.
 */
class RangeEntryTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(IpWhitelistAutoConfiguration.class, IpWhitelistRateLimitAutoConfiguration.class,
					IpWhitelistSecurityAutoConfiguration.class, SecurityAutoConfiguration.class,
					ServletWebSecurityAutoConfiguration.class));

	private static boolean allows(RuleSet rules, String address) {
		return rules.decide(IpAddress.parse(address), Instant.now()).allowed();
	}

	@Test
	void aRangeListsExactlyItsAddressesWhereverEntriesAreWritten(@TempDir Path dir) throws Exception {
		Path file = dir.resolve("list.txt");
		Files.writeString(file, "198.51.100.250-198.51.100.255 partner egress\n", StandardCharsets.UTF_8);
		Path tenants = dir.resolve("tenants.txt");
		Files.writeString(tenants, "globex 2001:db8::10-2001:db8::1f\n", StandardCharsets.UTF_8);
		this.runner
			.withPropertyValues("ip-whitelist.entries[0].address=192.0.2.10-192.0.2.20",
					"ip-whitelist.entries[0].description=office", "ip-whitelist.sources[0].location=file:" + file,
					"ip-whitelist.tenants.policies.acme.entries[0].address=203.0.113.5-203.0.113.6",
					"ip-whitelist.tenants.sources[0].location=file:" + tenants)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RuleSet rules = context.getBean(RuleSetHolder.class).get();
				assertThat(allows(rules, "192.0.2.10")).isTrue();
				assertThat(allows(rules, "192.0.2.20")).isTrue();
				assertThat(allows(rules, "192.0.2.9")).isFalse();
				assertThat(allows(rules, "192.0.2.21")).isFalse();
				assertThat(allows(rules, "198.51.100.255")).isTrue();
				assertThat(allows(rules, "198.51.100.249")).isFalse();
				assertThat(rules.allowEntries()).filteredOn((e) -> "office".equals(e.description())).hasSize(4);
				TenantTable table = context.getBean(TenantTable.class);
				assertThat(table.get("acme").allowEntries()).hasSize(2);
				IpAddress inside = IpAddress.parse("2001:db8::1f");
				IpAddress outside = IpAddress.parse("2001:db8::20");
				assertThat(table.allows("globex", false, inside.hi(), inside.lo(), Instant.now())).isTrue();
				assertThat(table.allows("globex", false, outside.hi(), outside.lo(), Instant.now())).isFalse();
			});
	}

	@Test
	void aRangeIsShownAndExplainedAsWritten() {
		this.runner
			.withPropertyValues("ip-whitelist.entries[0].address=192.0.2.10-192.0.2.20",
					"ip-whitelist.entries[0].description=office", "ip-whitelist.entries[1].address=192.0.2.64/26",
					"ip-whitelist.deny[0].address=2001:DB8::1-2001:db8::2")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				IpWhitelistEndpoint endpoint = new IpWhitelistEndpoint(context.getBean(RuleSetHolder.class),
						context.getBean(IpWhitelistRecorder.class), context.getBean(ClientIpResolver.class),
						Clock.systemUTC(), context.getBean(IpWhitelistLoader.class));
				IpWhitelistEndpoint.IpWhitelistDescriptor view = endpoint.whitelist();
				assertThat(view.entries()).extracting(IpWhitelistEndpoint.EntryDescriptor::address)
					.containsExactly("192.0.2.10-192.0.2.20", "192.0.2.64/26");
				assertThat(view.entries().get(0).prefixes()).containsExactly("192.0.2.10/31", "192.0.2.12/30",
						"192.0.2.16/30", "192.0.2.20");
				assertThat(view.entries().get(0).description()).isEqualTo("office");
				assertThat(view.entries().get(1).prefixes()).isNull();
				assertThat(view.deny()).extracting(IpWhitelistEndpoint.EntryDescriptor::address)
					.containsExactly("2001:db8::1-2001:db8::2");
				IpWhitelistEndpoint.ExplanationDescriptor explained = endpoint.explain("192.0.2.17", null);
				assertThat(explained.allowed()).isTrue();
				assertThat(explained.matchedEntry().address()).isEqualTo("192.0.2.10-192.0.2.20");
				assertThat(explained.reason()).contains("192.0.2.10-192.0.2.20 (office)");
			});
	}

	@Test
	void aBadRangeStopsTheStartupNamingIt() {
		for (String bad : new String[] { "192.0.2.20-192.0.2.10", "192.0.2.1-2001:db8::1", "192.0.2.1-192.0.2.300" }) {
			this.runner.withPropertyValues("ip-whitelist.entries[0].address=" + bad).run((context) -> {
				assertThat(context).hasFailed();
				assertThat(allMessages(context.getStartupFailure())).contains("ip-whitelist.entries[0].address")
					.contains(bad);
			});
		}
	}

}
