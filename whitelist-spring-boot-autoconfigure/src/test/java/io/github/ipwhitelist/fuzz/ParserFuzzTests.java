package io.github.ipwhitelist.fuzz;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.junit.FuzzTest;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import io.github.ipwhitelist.address.InvalidSyntaxException;
import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.client.ClientAddress;
import io.github.ipwhitelist.client.ClientIpResolver;
import io.github.ipwhitelist.client.ForwardingHeader;
import io.github.ipwhitelist.rules.IpEntry;
import io.github.ipwhitelist.rules.Mode;
import io.github.ipwhitelist.rules.RuleSet;
import io.github.ipwhitelist.web.IpAccessDecision;
import io.github.ipwhitelist.web.IpWhitelistAuthorizationManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz targets for everything that reads attacker-written text. In the normal test run each
 * target replays its seed corpus (regression mode, {@code src/test/resources/.../*Inputs/});
 * {@code JAZZER_FUZZ=1} fuzzes (see SECURITY.md). Every target checks: no exception other than
 * the documented one, accepted text round-trips, and agreement with the IPAddress library, an
 * independent parser, on the inputs both accept.
 */
class ParserFuzzTests {

	private static final IPAddressStringParameters STRICT = new IPAddressStringParameters.Builder()
		.allowEmpty(false)
		.allowSingleSegment(false)
		.allowPrefix(false)
		.allowMask(false)
		.allowWildcardedSeparator(false)
		.setEmptyAsLoopback(false)
		.allow_inet_aton(false)
		.getIPv4AddressParametersBuilder()
		.allowLeadingZeros(false)
		.allowUnlimitedLeadingZeros(false)
		.allowPrefixLengthLeadingZeros(false)
		.getParentBuilder()
		.getIPv6AddressParametersBuilder()
		.allowZone(false)
		.allowLeadingZeros(true)
		.getParentBuilder()
		.toParams();

	static String text(byte[] input) {
		return new String(input, StandardCharsets.UTF_8);
	}

	@FuzzTest(maxDuration = "30m", maxExecutions = 10_000_000)
	void addressParser(byte[] input) {
		String text = text(input);
		IpAddress address;
		try {
			address = IpAddress.parse(text);
		}
		catch (InvalidSyntaxException ex) {
			assertThat(ex.getMessage()).doesNotContain("\n").doesNotContain("\r");
			return;
		}
		assertThat(text.length()).isLessThanOrEqualTo(IpAddress.MAX_TEXT_LENGTH);
		assertThat(IpAddress.parse(address.toString())).isEqualTo(address);
		assertThat(IpAddress.parse(address.toString()).toString()).isEqualTo(address.toString());
		// The independent parser reads the same bits.
		IPAddress other = new IPAddressString(text, STRICT).getAddress();
		assertThat(other).as("IPAddress library on '%s'", text).isNotNull();
		assertThat(other.getBytes()).isEqualTo(address.toBytes());
	}

	@FuzzTest(maxDuration = "30m", maxExecutions = 10_000_000)
	void prefixParser(byte[] input) {
		String text = text(input);
		IpPrefix prefix;
		try {
			prefix = IpPrefix.parse(text);
		}
		catch (InvalidSyntaxException ex) {
			return;
		}
		assertThat(prefix.address().mask(prefix.length())).isEqualTo(prefix.address());
		assertThat(IpPrefix.parse(prefix.toString())).isEqualTo(prefix);
		assertThat(prefix.contains(prefix.address())).isTrue();
	}

	/** Input: the header lines, separated by newlines. */
	@FuzzTest(maxDuration = "30m", maxExecutions = 10_000_000)
	void xForwardedFor(byte[] input) {
		resolve(ForwardingHeader.X_FORWARDED_FOR, input);
	}

	/** Input: the header lines, separated by newlines. */
	@FuzzTest(maxDuration = "30m", maxExecutions = 10_000_000)
	void forwarded(byte[] input) {
		resolve(ForwardingHeader.FORWARDED, input);
	}

	private static void resolve(ForwardingHeader header, byte[] input) {
		ClientIpResolver resolver = new ClientIpResolver(List.of(IpPrefix.parse("10.0.0.0/8"),
				IpPrefix.parse("2001:db8:ffff::/48")), header, 8, 512);
		List<String> lines = List.of(text(input).split("\n", -1));
		ClientAddress client = resolver.resolve("10.0.0.1", lines);
		if (client.isMalformed()) {
			assertThat(client.malformedValue()).doesNotContain("\n").doesNotContain("\r");
			assertThat(client.problem()).isNotBlank();
			return;
		}
		IpAddress address = client.address();
		assertThat(address.isIpv4Mapped()).isFalse();
		assertThat(IpAddress.parseClient(address.toString())).isEqualTo(address);
		int total = lines.stream().mapToInt(String::length).sum();
		assertThat(total).isLessThanOrEqualTo(512);
		// The client is never invented: it is the socket peer when it does not come from the
		// header, and otherwise an address written in the header.
		if (client.fromHeader()) {
			assertThat(writtenAddresses(lines)).as("addresses written in %s", lines).contains(address);
		}
		else {
			assertThat(address).isEqualTo(IpAddress.parse("10.0.0.1"));
		}
	}

	/**
	 * Every address written in the header lines, read independently of the resolver's
	 * grammar: each maximal run of hex digits, dots and colons (backslashes of quoted pairs
	 * removed) that parses as a client address, or, holding one colon, whose part before the
	 * colon does (an IPv4 address with a port).
	 */
	static Set<IpAddress> writtenAddresses(List<String> lines) {
		Set<IpAddress> addresses = new HashSet<>();
		for (String line : lines) {
			Matcher run = ADDRESS_RUN.matcher(line.replace("\\", ""));
			while (run.find()) {
				String text = run.group();
				addIfAddress(text, addresses);
				int colon = text.indexOf(':');
				if (colon >= 0 && text.indexOf(':', colon + 1) < 0) {
					addIfAddress(text.substring(0, colon), addresses);
				}
			}
		}
		return addresses;
	}

	private static void addIfAddress(String text, Set<IpAddress> addresses) {
		try {
			addresses.add(IpAddress.parseClient(text));
		}
		catch (InvalidSyntaxException ex) {
			// not an address
		}
	}

	private static final Pattern ADDRESS_RUN = Pattern.compile("[0-9A-Fa-f:.]+");

	/**
	 * The whole path: resolve the client from a trusted proxy's header, then decide. Input: the
	 * header lines, separated by newlines. The decision must agree with a naive reading of the
	 * list, and nothing may throw.
	 */
	@FuzzTest(maxDuration = "30m", maxExecutions = 10_000_000)
	void resolveAndDecide(byte[] input) {
		List<String> lines = List.of(text(input).split("\n", -1));
		IpWhitelistAuthorizationManager manager = new IpWhitelistAuthorizationManager(() -> RULES, RESOLVER,
				Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC));
		IpAccessDecision decision = manager.decide("10.0.0.1", lines);
		if (decision.getClient().isMalformed()) {
			assertThat(decision.isGranted()).isFalse();
			assertThat(decision.getCode()).isEqualTo(1452);
			return;
		}
		IpAddress client = decision.getClient().address();
		boolean denied = RULES.denyEntries().stream().anyMatch((e) -> e.prefix().contains(client));
		boolean listed = RULES.allowEntries().stream().anyMatch((e) -> e.prefix().contains(client));
		assertThat(decision.isGranted()).as("%s", client).isEqualTo(!denied && listed);
		assertThat(decision.getCode()).isEqualTo(decision.isGranted() ? 0 : 1451);
	}

	private static final RuleSet RULES = RuleSet.compile(Mode.STRICT,
			List.of(entry("192.0.2.0/24"), entry("2001:db8::/32"), entry("10.0.0.0/8")),
			List.of(entry("192.0.2.66"), entry("2001:db8:bad::/48")));

	private static final ClientIpResolver RESOLVER = new ClientIpResolver(List.of(IpPrefix.parse("10.0.0.0/8")),
			ForwardingHeader.X_FORWARDED_FOR, 16, 1024);

	private static IpEntry entry(String prefix) {
		return new IpEntry(IpPrefix.parse(prefix), null, null, "fuzz");
	}

}
