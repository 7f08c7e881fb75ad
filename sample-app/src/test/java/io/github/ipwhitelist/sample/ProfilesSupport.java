package io.github.ipwhitelist.sample;

import java.util.List;

import io.github.ipwhitelist.rules.RuleSet;

import static org.assertj.core.api.Assertions.assertThat;

final class ProfilesSupport {

	private ProfilesSupport() {
	}

	static List<String> addresses(RuleSet rules) {
		return rules.allowEntries().stream().map((entry) -> entry.prefix().toString()).toList();
	}

}
