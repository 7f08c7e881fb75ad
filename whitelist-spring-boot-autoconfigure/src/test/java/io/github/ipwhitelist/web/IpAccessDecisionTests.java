package io.github.ipwhitelist.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.client.ClientIpResolver;
import io.github.ipwhitelist.client.ForwardingHeader;
import io.github.ipwhitelist.rules.IpEntry;
import io.github.ipwhitelist.rules.Mode;
import io.github.ipwhitelist.rules.RuleSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IpAccessDecisionTests {

	private final IpWhitelistAuthorizationManager manager = new IpWhitelistAuthorizationManager(
			() -> RuleSet.compile(Mode.STRICT, List.of(new IpEntry(IpPrefix.parse("192.0.2.0/24"), "hq", null, "test")),
					List.of()),
			new ClientIpResolver(List.of(IpPrefix.parse("10.0.0.0/8")), ForwardingHeader.X_FORWARDED_FOR, 8, 512),
			Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC));

	@Test
	void serializesWithClientCodeAndReason() throws Exception {
		for (IpAccessDecision decision : List.of(this.manager.decide("192.0.2.7", List.of()),
				this.manager.decide("203.0.113.9", List.of()), this.manager.decide("10.0.0.1", List.of("garbage")))) {
			IpAccessDecision copy = roundTrip(decision);
			assertThat(copy.isGranted()).isEqualTo(decision.isGranted());
			assertThat(copy.getClient()).isEqualTo(decision.getClient());
			assertThat(copy.getCode()).isEqualTo(decision.getCode());
			assertThat(copy.getReason()).isEqualTo(decision.getReason());
			assertThat(copy.getClientText()).isEqualTo(decision.getClientText());
		}
	}

	@Test
	void codeFollowsTheClientNotTheDecision() {
		assertThat(this.manager.decide("192.0.2.7", List.of()).getCode()).isZero();
		assertThat(this.manager.decide("203.0.113.9", List.of()).getCode()).isEqualTo(1451);
		assertThat(this.manager.decide("10.0.0.1", List.of("garbage")).getCode()).isEqualTo(1452);
	}

	static IpAccessDecision roundTrip(IpAccessDecision decision) throws Exception {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(decision);
		}
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
			return (IpAccessDecision) in.readObject();
		}
	}

}
