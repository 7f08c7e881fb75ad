package io.github.ipwhitelist.sample;

import io.github.ipwhitelist.rules.RuleSetHolder;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static io.github.ipwhitelist.sample.ProfilesSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
@ActiveProfiles("sandbox")
class SandboxProfileTests {

	@Autowired
	RuleSetHolder rules;

	@Test
	void sandboxListsThePartnerSandboxRanges() {
		assertThat(addresses(this.rules.get())).containsExactly("127.0.0.1", "::1", "192.0.2.0/24",
				"2001:db8:5a4d::/48");
		assertThat(this.rules.get().denyEntries()).isEmpty();
	}

}
