package io.github.ipwhitelist.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.rules.RuleSet;
import io.github.ipwhitelist.rules.RuleSetHolder;
import io.github.ipwhitelist.rules.TenantTable;
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
 * exactly the range is listed; a bad range stops the startup naming it.
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
