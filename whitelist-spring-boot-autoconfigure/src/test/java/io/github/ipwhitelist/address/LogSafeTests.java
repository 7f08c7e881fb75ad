package io.github.ipwhitelist.address;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogSafeTests {

	@Test
	void escapeWhenLineBreaksThenWrittenAsEscapes() {
		assertThat(LogSafe.escape("1.2.3.4\r\nINFO allowed")).isEqualTo("1.2.3.4\\r\\nINFO allowed");
	}

	@Test
	void escapeWhenControlAndNonAsciiThenUnicodeEscapes() {
		assertThat(LogSafe.escape("a\u0000b\u001bc\u2028d\u0661")).isEqualTo("a\\u0000b\\u001bc\\u2028d\\u0661");
	}

	@Test
	void escapeWhenEscapedTwiceThenSameText() {
		String once = LogSafe.escape("x\r\n\u2028\\y");
		assertThat(LogSafe.escape(once)).isEqualTo(once);
	}

	@Test
	void escapeWhenLongThenCutAndLengthShown() {
		assertThat(LogSafe.escape("9".repeat(10_000))).isEqualTo("9".repeat(64) + "...(10000 chars)");
	}

	@Test
	void escapeWhenJndiLookupThenKeptAsPlainText() {
		assertThat(LogSafe.escape("${jndi:ldap://x/a}")).isEqualTo("${jndi:ldap://x/a}");
	}

	@Test
	void escapeWhenNullThenNullText() {
		assertThat(LogSafe.escape(null)).isEqualTo("null");
	}

}
