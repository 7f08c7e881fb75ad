package io.github.ipwhitelist.audit;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class DenialLoggerTests {

	static DenialRecord record(String ip) {
		return new DenialRecord(Instant.EPOCH, ip, "GET", "/api", 1451, "id-1", "not listed");
	}

	@Test
	void onDenialWhenSameAddressRepeatsThenOneLinePerInterval(CapturedOutput output) {
		DenialLogger logger = new DenialLogger(Duration.ofMinutes(1));
		for (int i = 0; i < 50; i++) {
			logger.onDenial(record("192.0.2.77"));
		}
		assertThat(output.toString().split("ip=192.0.2.77 ", -1)).hasSize(2);
	}

	@Test
	void onDenialWhenManyAddressesThenGlobalCapHoldsIncludingEvictionLines(CapturedOutput output) {
		DenialLogger logger = new DenialLogger(Duration.ofMinutes(1));
		for (int i = 0; i < 50_000; i++) {
			String ip = "10.0." + (i >> 8 & 0xFF) + "." + (i & 0xFF) + "/" + i;
			logger.onDenial(record(ip));
			logger.onDenial(record(ip));
		}
		long lines = output.toString().lines().filter((line) -> line.contains("IP whitelist")).count();
		// 100 lines a second at most, plus one summary line per second; the loop takes a few seconds.
		assertThat(lines).isLessThan(1000);
		assertThat(logger.trackedAddresses()).isLessThanOrEqualTo(DenialLogger.MAX_ADDRESSES_TRACKED);
	}

	@Test
	void lineWhenValuesHoldSpacesQuotesOrEqualsThenEscaped() {
		String line = DenialLogger.line(new DenialRecord(Instant.EPOCH, "1.2.3.4 code=1451", "GET", "/a b",
				1452, "r=1", "said \"hi\""));
		assertThat(line).isEqualTo("IP whitelist denied request: ip=1.2.3.4\\u0020code\\u003d1451 code=1452 method=GET "
				+ "path=/a\\u0020b requestId=r\\u003d1 gate=global reason=\"said \\u0022hi\\u0022\"");
	}

	@Test
	void lineOfATenantDenialNamesTheTenantAndTheGate() {
		String line = DenialLogger.line(new DenialRecord(Instant.EPOCH, "203.0.113.9", "GET", "/api", 1451, "r1",
				"tenant acme: not listed", "acme", DenialRecord.TENANT_GATE));
		assertThat(line).contains(" requestId=r1 tenant=acme gate=tenant reason=\"tenant acme: not listed\"");
	}

}
