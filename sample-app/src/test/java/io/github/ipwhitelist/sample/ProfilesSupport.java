package io.github.ipwhitelist.sample;

import java.util.List;

import io.github.ipwhitelist.core.RuleSet;
import io.github.ipwhitelist.core.RuleSetHolder;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

final class ProfilesSupport {

	private ProfilesSupport() {
	}


	static List<String> addresses(RuleSet rules) {
		return rules.allowEntries().stream().map((entry) -> entry.prefix().toString()).toList();
	}




}
