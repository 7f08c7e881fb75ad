package io.github.ipwhitelist.sample;

import java.util.List;

import io.github.ipwhitelist.core.RuleSet;
import io.github.ipwhitelist.core.RuleSetHolder;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each environment carries its own list.
 */
class ProfilesTests {

	static List<String> addresses(RuleSet rules) {
		return rules.allowEntries().stream().map((entry) -> entry.prefix().toString()).toList();
	}

	@SpringBootTest
	@ActiveProfiles("sandbox")
	static class Sandbox {

		@Autowired
		RuleSetHolder rules;

		@Test
		void sandboxListsThePartnerSandboxRanges() {
			assertThat(addresses(this.rules.get())).containsExactly("127.0.0.1", "::1", "192.0.2.0/24",
					"2001:db8:5a4d::/48");
			assertThat(this.rules.get().denyEntries()).isEmpty();
		}

	}

	@SpringBootTest
	@ActiveProfiles("production")
	static class Production {

		@Autowired
		RuleSetHolder rules;

		@Test
		void productionListsOnlyThePartnersProductionAddresses() {
			assertThat(addresses(this.rules.get())).containsExactly("203.0.113.10", "203.0.113.11",
					"2001:db8:abcd::/48");
		}

	}

}
