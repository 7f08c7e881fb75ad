package io.github.ipwhitelist.sample;

import io.github.ipwhitelist.rules.RuleSetHolder;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static io.github.ipwhitelist.sample.ProfilesSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest
@ActiveProfiles("production")
class ProductionProfileTests {

	@Autowired
	RuleSetHolder rules;

	@Test
	void productionListsOnlyThePartnersProductionAddresses() {
		assertThat(addresses(this.rules.get())).containsExactly("203.0.113.10", "203.0.113.11",
				"2001:db8:abcd::/48");
	}

}
