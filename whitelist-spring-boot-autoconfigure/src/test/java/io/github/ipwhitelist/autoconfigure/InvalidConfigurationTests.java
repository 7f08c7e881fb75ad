package io.github.ipwhitelist.autoconfigure;

import io.github.ipwhitelist.web.IpWhitelistFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every malformed configuration value stops startup with a message that names the property
 * path and the value; the failure analyzer says what to write instead.
 */
class InvalidConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(IpWhitelistAutoConfiguration.class, IpWhitelistRateLimitAutoConfiguration.class,
						IpWhitelistSecurityAutoConfiguration.class, SecurityAutoConfiguration.class,
					ServletWebSecurityAutoConfiguration.class));

	@ParameterizedTest(name = "[{index}] {0}")
	@CsvSource(delimiter = '|', value = { "10.0.0.5/8|host bits set (did you mean 10.0.0.0/8?)",
			"/33|empty text", "10.0.0.0/33|prefix length 33 is out of range 0..32",
			"10.0.0.0/-1|prefix length is not a number from 0 to 32 (unexpected character '-')",
			"10.0.0.0/024|prefix length has a leading zero",
			"'10.0.0.0/ 24'|prefix length is not a number from 0 to 32 (white space)",
			"2001:db8::/129|prefix length 129 is out of range 0..128",
			"010.0.0.1|IPv4 octet with leading zero at index 0",
			"127.1|IPv4 address has 2 octets, 4 required (short forms are not accepted)",
			"localhost|unexpected character 'l' at index 0", "fe80::1%eth0|zone ids are not accepted",
			"10/8|IPv4 address has 1 octets, 4 required (short forms are not accepted)" })
	void entryWhenMalformedThenStartupFailsNamingPathAndValue(String value, String problem) {
		this.runner.withPropertyValues("ip-whitelist.entries[0].address=203.0.113.10",
				"ip-whitelist.entries[1].address=" + value)
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = rootOf(context.getStartupFailure(), InvalidIpWhitelistConfigurationException.class);
				assertThat(failure).hasMessage("Invalid value '" + value + "' for property 'ip-whitelist.entries[1].address': "
						+ problem);
			});
	}

	@Test
	void denyEntryWhenMalformedThenStartupFailsNamingDenyPath() {
		this.runner.withPropertyValues("ip-whitelist.deny=192.0.2.1,192.168.300.1").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(rootOf(context.getStartupFailure(), InvalidIpWhitelistConfigurationException.class))
				.hasMessage("Invalid value '192.168.300.1' for property 'ip-whitelist.deny[1].address': "
						+ "IPv4 octet 300 is over 255");
		});
	}

	@Test
	void commaSeparatedEntryWhenMalformedThenStartupFailsNamingIndex() {
		this.runner.withPropertyValues("ip-whitelist.entries=203.0.113.10, 1.2.3").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(rootOf(context.getStartupFailure(), InvalidIpWhitelistConfigurationException.class).getMessage())
				.startsWith("Invalid value '1.2.3' for property 'ip-whitelist.entries[1].address'");
		});
	}

	@Test
	void entryWhenAddressMissingThenStartupFails() {
		this.runner.withPropertyValues("ip-whitelist.entries[0].description=no address").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(rootOf(context.getStartupFailure(), InvalidIpWhitelistConfigurationException.class))
				.hasMessage("Invalid value '' for property 'ip-whitelist.entries[0].address': the address is missing");
		});
	}

	@Test
	void entryWhenVeryLongThenMessageStaysShort() {
		this.runner.withPropertyValues("ip-whitelist.entries[0].address=" + "1".repeat(10_000)).run((context) -> {
			assertThat(context).hasFailed();
			String message = rootOf(context.getStartupFailure(), InvalidIpWhitelistConfigurationException.class)
				.getMessage();
			assertThat(message).hasSizeLessThan(300).contains("ip-whitelist.entries[0].address");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-13-01", "tomorrow", "2026-12-31T25:00:00Z", "31/12/2026" })
	void expiryWhenMalformedThenStartupFailsNamingPathAndValue(String value) {
		this.runner
			.withPropertyValues("ip-whitelist.entries[0].address=192.0.2.1", "ip-whitelist.entries[0].expires-at=" + value)
			.run((context) -> {
				assertThat(context).hasFailed();
				String messages = allMessages(context.getStartupFailure());
				assertThat(messages).contains("ip-whitelist.entries[0].expires-at").contains(value);
			});
	}

	@Test
	void trustedProxyWhenMalformedThenStartupFailsNamingPath() {
		this.runner.withPropertyValues("ip-whitelist.entries=192.0.2.1",
				"ip-whitelist.client-ip.trusted-proxies=10.0.0.0/8,10.1.0.1/8")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(rootOf(context.getStartupFailure(), InvalidIpWhitelistConfigurationException.class))
					.hasMessage("Invalid value '10.1.0.1/8' for property 'ip-whitelist.client-ip.trusted-proxies[1]': "
							+ "host bits set (did you mean 10.0.0.0/8?)");
			});
	}

	@ParameterizedTest
	@CsvSource({ "ip-whitelist.response.status,200", "ip-whitelist.response.status,500",
			"ip-whitelist.audit.capacity,0", "ip-whitelist.client-ip.max-hops,0",
			"ip-whitelist.client-ip.max-header-length,-5", "ip-whitelist.rate-limit.capacity,0",
			"ip-whitelist.rate-limit.refill-period,0ms", "ip-whitelist.rate-limit.ipv6-prefix-length,129",
			"ip-whitelist.rate-limit.max-tracked-keys,0", "ip-whitelist.rate-limit.overrides[0].address,10.0.0.1/8" })
	void settingWhenOutOfRangeThenStartupFailsNamingIt(String property, String value) {
		this.runner
			.withPropertyValues("ip-whitelist.entries=192.0.2.1", "ip-whitelist.rate-limit.enabled=true",
					property + "=" + value)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(rootOf(context.getStartupFailure(), InvalidIpWhitelistConfigurationException.class)
					.getMessage()).startsWith("Invalid value '" + value + "' for property '" + property);
			});
	}

	@ParameterizedTest
	@CsvSource({ "ip-whitelist.mode,strictest", "ip-whitelist.client-ip.header,X Real IP",
			"ip-whitelist.client-ip.header,X-Real-IP:", "ip-whitelist.response.format,xml" })
	void enumWhenUnknownThenStartupFailsNamingIt(String property, String value) {
		this.runner.withPropertyValues("ip-whitelist.entries=192.0.2.1", property + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(allMessages(context.getStartupFailure())).contains(property).contains(value);
		});
	}

	@Test
	void pathPatternWhenInvalidThenStartupFailsNamingIt() {
		this.runner.withPropertyValues("ip-whitelist.entries=192.0.2.1", "ip-whitelist.paths.exclude=/ok/**,/{broken")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(rootOf(context.getStartupFailure(), InvalidIpWhitelistConfigurationException.class).getMessage())
					.startsWith("Invalid value '/{broken' for property 'ip-whitelist.paths.exclude[1]'");
			});
	}

	@Test
	void includeWhenEmptyThenStartupFailsInsteadOfGuardingNothing() {
		this.runner.withPropertyValues("ip-whitelist.entries=192.0.2.1", "ip-whitelist.paths.include=")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(rootOf(context.getStartupFailure(), InvalidIpWhitelistConfigurationException.class)
					.getMessage()).startsWith("Invalid value '' for property 'ip-whitelist.paths.include'");
			});
	}

	@Test
	void sourceWhenBadLineThenStartupFailsNamingFileAndLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
			throws Exception {
		java.nio.file.Path file = dir.resolve("allow.txt");
		java.nio.file.Files.writeString(file, "192.0.2.1\n192.0.2.0/33 bad\n");
		this.runner.withPropertyValues("ip-whitelist.sources[0].location=file:" + file).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(rootOf(context.getStartupFailure(), InvalidIpWhitelistConfigurationException.class))
				.hasMessage("Invalid value 'file:" + file + "' for property 'ip-whitelist.sources[0].location': "
						+ "1 bad line(s) in file:" + file + ", first: line 2: '192.0.2.0/33': "
						+ "prefix length 33 is out of range 0..32");
		});
	}

	@Test
	void sourceWhenMissingThenStartupFails() {
		this.runner.withPropertyValues("ip-whitelist.sources[0].location=file:/nonexistent/allow.txt")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(rootOf(context.getStartupFailure(), InvalidIpWhitelistConfigurationException.class)
					.getMessage()).contains("ip-whitelist.sources[0].location").contains("cannot be read");
			});
	}

	@Test
	void failureAnalyzerWhenBadEntryThenDescriptionAndAction() {
		FailureAnalysis analysis = new InvalidIpWhitelistConfigurationFailureAnalyzer()
			.analyze(new IllegalStateException("wrapper", new InvalidIpWhitelistConfigurationException(
					"ip-whitelist.entries[3].address", "10.0.0.5/8", "host bits set (did you mean 10.0.0.0/8?)")));
		assertThat(analysis.getDescription()).isEqualTo("The IP whitelist property 'ip-whitelist.entries[3].address' "
				+ "has the invalid value '10.0.0.5/8': host bits set (did you mean 10.0.0.0/8?).");
		assertThat(analysis.getAction()).startsWith("Update 'ip-whitelist.entries[3].address' to a valid value.")
			.contains("10.0.0.0/8, not 10.0.0.5/8");
	}

	@ParameterizedTest
	@CsvSource({ "ip-whitelist.response.status, 302, must be 401 or 403",
			"ip-whitelist.audit.capacity, -1, must be positive", "ip-whitelist.paths.include[0], /a/**/b, bad pattern" })
	void failureAnalyzerWhenNotAnAddressPropertyThenNoAddressSyntax(String property, String value, String problem) {
		FailureAnalysis analysis = new InvalidIpWhitelistConfigurationFailureAnalyzer()
			.analyze(new InvalidIpWhitelistConfigurationException(property, value, problem));
		assertThat(analysis.getDescription()).contains(property).contains(value).contains(problem);
		assertThat(analysis.getAction()).startsWith("Update '" + property + "' to a valid value.")
			.doesNotContain("dotted quad")
			.doesNotContain("Host names");
	}

	@ParameterizedTest
	@ValueSource(strings = { "ip-whitelist.deny[2].address", "ip-whitelist.client-ip.trusted-proxies[0]",
			"ip-whitelist.rate-limit.overrides[1].address", "ip-whitelist.sources[0].location" })
	void failureAnalyzerWhenAddressPropertyThenAddressSyntax(String property) {
		FailureAnalysis analysis = new InvalidIpWhitelistConfigurationFailureAnalyzer()
			.analyze(new InvalidIpWhitelistConfigurationException(property, "x", "bad"));
		assertThat(analysis.getAction()).contains("dotted quads without leading zeros");
	}

	@Test
	void validConfigurationStarts() {
		this.runner.withPropertyValues("ip-whitelist.entries=192.0.2.1").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(IpWhitelistFilter.class);
		});
	}

	static Throwable rootOf(Throwable failure, Class<? extends Throwable> type) {
		Throwable current = failure;
		while (current != null) {
			if (type.isInstance(current)) {
				return current;
			}
			current = current.getCause();
		}
		throw new AssertionError("No " + type.getSimpleName() + " in " + failure, failure);
	}

	static String allMessages(Throwable failure) {
		StringBuilder out = new StringBuilder();
		for (Throwable current = failure; current != null; current = current.getCause()) {
			out.append(current.getMessage()).append('\n');
		}
		return out.toString();
	}

}
