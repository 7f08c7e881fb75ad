package io.github.ipwhitelist.rules;

import java.time.Instant;

import io.github.ipwhitelist.address.InvalidSyntaxException;
import io.github.ipwhitelist.address.IpAddress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EntryFileParserTests {

	static EntryFileParser.Result parse(String text) throws Exception {
		return EntryFileParser.parse("file:/etc/allow.txt", text);
	}

	@Test
	void parseWhenGoodLinesThenEntriesWithOrigins() throws Exception {
		EntryFileParser.Result result = parse("""
				# partners
				203.0.113.0/24     head office

				198.51.100.7  expires=2026-12-31  contractor (Acme)
				2001:db8:abcd::/48   # trailing comment
				\t192.0.2.1\texpires=2026-06-01T12:00:00Z
				""");
		assertThat(result.errors()).isEmpty();
		assertThat(result.entries()).hasSize(4);
		IpEntry office = result.entries().get(0);
		assertThat(office.prefix()).hasToString("203.0.113.0/24");
		assertThat(office.description()).isEqualTo("head office");
		assertThat(office.origin()).isEqualTo("file:/etc/allow.txt:2");
		IpEntry contractor = result.entries().get(1);
		assertThat(contractor.expiresAt()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
		assertThat(contractor.description()).isEqualTo("contractor (Acme)");
		assertThat(contractor.origin()).isEqualTo("file:/etc/allow.txt:4");
		assertThat(result.entries().get(2).description()).isNull();
		assertThat(result.entries().get(3).expiresAt()).isEqualTo(Instant.parse("2026-06-01T12:00:00Z"));
	}

	@Test
	void parseWhenBadLinesThenEveryOneReportedWithItsNumber() throws Exception {
		EntryFileParser.Result result = parse("""
				192.0.2.1
				10.0.0.5/8
				192.0.2.2
				localhost
				192.0.2.3 expires=tomorrow
				192.0.2.4 expires=2026-01-01 expires=2026-01-02
				""");
		assertThat(result.entries()).hasSize(2);
		assertThat(result.errors()).extracting(EntryFileParser.LineError::line).containsExactly(2, 4, 5, 6);
		assertThat(result.errors().get(0)).hasToString(
				"line 2: '10.0.0.5/8': host bits set (did you mean 10.0.0.0/8?)");
		assertThat(result.errors().get(2).problem()).contains("expires= needs an ISO-8601 instant");
	}

	@Test
	void parseWhenManyBadLinesThenFirstThousandKeptAndAllCounted() throws Exception {
		EntryFileParser.Result result = parse("x\n".repeat(5000) + "192.0.2.1\n");
		assertThat(result.entries()).hasSize(1);
		assertThat(result.errors()).hasSize(EntryFileParser.MAX_ERRORS_KEPT);
		assertThat(result.errorCount()).isEqualTo(5000);
	}

	@Test
	void parseWhenLineTooLongThenError() throws Exception {
		EntryFileParser.Result result = parse("1".repeat(5000) + "\n192.0.2.1\n");
		assertThat(result.entries()).hasSize(1);
		assertThat(result.errors().get(0).problem()).isEqualTo("line longer than 4096 characters");
	}

	@Test
	void parseWhenMillionLinesThenEveryEntry() throws Exception {
		StringBuilder text = new StringBuilder(16 * 1_000_000);
		for (int i = 0; i < 1_000_000; i++) {
			text.append(IpAddress.ofIpv4(0x0B000000 + i * 7)).append('\n');
		}
		EntryFileParser.Result result = parse(text.toString());
		assertThat(result.errors()).isEmpty();
		assertThat(result.entries()).hasSize(1_000_000);
		RuleSet rules = RuleSet.compile(Mode.STRICT, result.entries(), java.util.List.of());
		assertThat(rules.decide(IpAddress.ofIpv4(0x0B000000 + 7 * 999_999), Instant.EPOCH).allowed()).isTrue();
		assertThat(rules.decide(IpAddress.ofIpv4(0x0B000000 + 1), Instant.EPOCH).allowed()).isFalse();
	}

	@Test
	void parseWhenByteOrderMarkAtStartThenIgnored() {
		EntryFileParser.Result result = EntryFileParser.parse("f",
				"\uFEFF192.0.2.1 hq\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		assertThat(result.errors()).isEmpty();
		assertThat(result.entries()).extracting((entry) -> entry.prefix().toString()).containsExactly("192.0.2.1");
	}

	@Test
	void parseWhenByteOrderMarkElsewhereThenBadLine() throws Exception {
		EntryFileParser.Result result = parse("192.0.2.1\n\uFEFF192.0.2.2\n");
		assertThat(result.entries()).hasSize(1);
		assertThat(result.errors()).extracting(EntryFileParser.LineError::line).containsExactly(2);
	}

	@Test
	void parseWhenCrLfThenLinesEndThere() throws Exception {
		EntryFileParser.Result result = parse("192.0.2.1 hq\r\n192.0.2.2\r\n");
		assertThat(result.errors()).isEmpty();
		assertThat(result.entries()).hasSize(2);
		assertThat(result.entries().get(0).description()).isEqualTo("hq");
	}

	@Test
	void parseWhenLoneCarriageReturnThenItsLineIsBadAndNothingHiddenGoesLive() throws Exception {
		EntryFileParser.Result result = parse("# retired host\r0.0.0.0/0\n192.0.2.1\n");
		assertThat(result.entries()).extracting((entry) -> entry.prefix().toString()).containsExactly("192.0.2.1");
		assertThat(result.errors()).hasSize(1);
		assertThat(result.errors().get(0).line()).isEqualTo(1);
		assertThat(result.errors().get(0).problem()).contains("carriage return inside the line");
		assertThat(result.errors().get(0).text()).doesNotContain("\r");
	}

	@Test
	void parseWhenNotUtf8ThenWholeFileFailsNamingTheOffset() {
		byte[] content = { '1', '9', '2', '.', '0', '.', '2', '.', '1', ' ', (byte) 0xC3, (byte) 0x28, '\n' };
		org.assertj.core.api.Assertions
			.assertThatExceptionOfType(InvalidSyntaxException.class)
			.isThrownBy(() -> EntryFileParser.parse("f", content))
			.withMessageContaining("not UTF-8 text: bad byte at offset 10");
	}

	@Test
	void parseWhenLastLineHasNoNewlineThenStillRead() throws Exception {
		assertThat(parse("192.0.2.1\n192.0.2.2").entries()).hasSize(2);
	}

	@Test
	void parseWhenMistypedOptionThenBadLineNotADescription() throws Exception {
		EntryFileParser.Result result = parse("192.0.2.1 expire=2026-01-01 contractor\n192.0.2.2 Expires=2026-01-01\n"
				+ "192.0.2.3 expires=2026-01-01 contractor\n");
		assertThat(result.entries()).extracting((entry) -> entry.prefix().toString()).containsExactly("192.0.2.3");
		assertThat(result.errors()).extracting(EntryFileParser.LineError::line).containsExactly(1, 2);
		assertThat(result.errors().get(0).problem()).isEqualTo("unknown option 'expire=' (the options are expires= and env=)");
	}

	@Test
	void parseWhenEnvWordThenEntryNamesItsEnvironments() {
		EntryFileParser.Result result = EntryFileParser.parse("f",
				"192.0.2.0/24 env=Sandbox,production  partner test rig\n198.51.100.1 env=sand%box x\n"
						+ "198.51.100.2 env= x\n198.51.100.3 env=a env=b\n");
		assertThat(result.entries()).hasSize(1);
		assertThat(result.entries().get(0).environments()).containsExactly("sandbox", "production");
		assertThat(result.entries().get(0).description()).isEqualTo("partner test rig");
		assertThat(result.errors()).extracting(EntryFileParser.LineError::line).containsExactly(2, 3, 4);
		assertThat(result.errors().get(0).problem()).contains("sand%box").contains("not an environment name");
		assertThat(result.errors().get(2).problem()).contains("more than one env=");
	}

	@Test
	void parseTenantsGroupsEntriesByTenantAndRejectsBadIds() {
		EntryFileParser.TenantResult result = EntryFileParser.parseTenants("tenants.txt",
				("# partners\nacme 203.0.113.0/24 HQ\nglobex 2001:db8::/32 expires=2026-12-31 env=production lab\n"
						+ "acme 198.51.100.7\nac\u0000me 192.0.2.1\nbad/id 192.0.2.2\ninitech\ninitech 300.1.1.1\n")
					.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		assertThat(result.byTenant()).containsOnlyKeys("acme", "globex");
		assertThat(result.byTenant().get("acme")).extracting((e) -> e.prefix().toString())
			.containsExactly("203.0.113.0/24", "198.51.100.7");
		IpEntry lab = result.byTenant().get("globex").get(0);
		assertThat(lab.environments()).containsExactly("production");
		assertThat(lab.expiresAt()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
		assertThat(lab.origin()).isEqualTo("tenants.txt:3");
		assertThat(result.entryCount()).isEqualTo(3);
		assertThat(result.errors()).extracting(EntryFileParser.LineError::line).containsExactly(5, 6, 7, 8);
		assertThat(result.errors().get(0).problem()).contains("not a tenant id").doesNotContain("\u0000");
		assertThat(result.errors().get(2).problem()).contains("no address");
	}

}
