package io.github.ipwhitelist.benchmarks;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.format.util.DualIPv4v6Tries;
import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.address.IpPrefix;
import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilter;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import org.apache.commons.net.util.SubnetUtils;

import org.springframework.security.util.matcher.InetAddressMatcher;
import org.springframework.security.util.matcher.InetAddressMatchers;

/**
 * One implementation under test, with the probes in the form it takes.
 */
abstract class Matchers {

	abstract boolean matches(int probe);

	static Matchers create(String impl, Fixtures fixtures) throws UnknownHostException {
		return switch (impl) {
			case "ipwhitelist" -> new Ours(fixtures);
			case "spring-security" -> new SpringSecurity(fixtures);
			case "commons-net" -> new CommonsNet(fixtures);
			case "ipaddress-trie" -> new IpAddressTrie(fixtures);
			case "netty" -> new Netty(fixtures);
			default -> throw new IllegalArgumentException(impl);
		};
	}

	static InetAddress inet(IpAddress address) throws UnknownHostException {
		// From bytes: nothing is resolved.
		return InetAddress.getByAddress(address.toBytes());
	}

	static final class Ours extends Matchers {

		private final Fixtures fixtures;

		Ours(Fixtures fixtures) {
			this.fixtures = fixtures;
		}

		@Override
		boolean matches(int probe) {
			return this.fixtures.rules.allows(this.fixtures.probes[probe], Fixtures.NOW);
		}

	}

	/** A list of Spring Security 7.1 matchers, as {@code hasIpAddress} users build it. */
	static final class SpringSecurity extends Matchers {

		private final InetAddressMatcher[] matchers;

		private final InetAddress[] probes;

		SpringSecurity(Fixtures fixtures) throws UnknownHostException {
			this.matchers = fixtures.prefixTexts.stream().map(InetAddressMatchers::fromIpAddress)
				.toArray(InetAddressMatcher[]::new);
			this.probes = new InetAddress[Fixtures.PROBES];
			for (int i = 0; i < Fixtures.PROBES; i++) {
				this.probes[i] = inet(fixtures.probes[i]);
			}
		}

		@Override
		boolean matches(int probe) {
			InetAddress address = this.probes[probe];
			for (InetAddressMatcher matcher : this.matchers) {
				if (matcher.matches(address)) {
					return true;
				}
			}
			return false;
		}

	}

	/** commons-net {@code SubnetUtils}, IPv4 only, scanned linearly. */
	static final class CommonsNet extends Matchers {

		private final SubnetUtils.SubnetInfo[] subnets;

		private final int[] probes;

		CommonsNet(Fixtures fixtures) {
			List<SubnetUtils.SubnetInfo> infos = new ArrayList<>();
			for (IpPrefix prefix : fixtures.prefixes) {
				SubnetUtils utils = new SubnetUtils(prefix.address() + "/" + prefix.length());
				utils.setInclusiveHostCount(true);
				infos.add(utils.getInfo());
			}
			this.subnets = infos.toArray(SubnetUtils.SubnetInfo[]::new);
			this.probes = new int[Fixtures.PROBES];
			for (int i = 0; i < Fixtures.PROBES; i++) {
				this.probes[i] = (int) fixtures.probes[i].lo();
			}
		}

		@Override
		boolean matches(int probe) {
			int address = this.probes[probe];
			for (SubnetUtils.SubnetInfo subnet : this.subnets) {
				if (subnet.isInRange(address)) {
					return true;
				}
			}
			return false;
		}

	}

	/** The IPAddress library's {@code DualIPv4v6Tries}. */
	static final class IpAddressTrie extends Matchers {

		private final DualIPv4v6Tries tries = new DualIPv4v6Tries();

		private final IPAddress[] probes;

		IpAddressTrie(Fixtures fixtures) {
			for (String text : fixtures.prefixTexts) {
				this.tries.add(new IPAddressString(text).getAddress().toPrefixBlock());
			}
			this.probes = new IPAddress[Fixtures.PROBES];
			for (int i = 0; i < Fixtures.PROBES; i++) {
				this.probes[i] = new IPAddressString(fixtures.probeTexts[i]).getAddress();
			}
		}

		@Override
		boolean matches(int probe) {
			return this.tries.elementContains(this.probes[probe]);
		}

	}

	/** Netty's {@code IpSubnetFilter}: sorted rules and a binary search. */
	static final class Netty extends Matchers {

		private final Filter filter;

		Filter filter() {
			return this.filter;
		}

		private final InetSocketAddress[] probes;

		Netty(Fixtures fixtures) throws UnknownHostException {
			List<IpSubnetFilterRule> rules = new ArrayList<>();
			for (IpPrefix prefix : fixtures.prefixes) {
				rules.add(new IpSubnetFilterRule(inet(prefix.address()), prefix.length(), IpFilterRuleType.ACCEPT));
			}
			this.filter = new Filter(rules);
			this.probes = new InetSocketAddress[Fixtures.PROBES];
			for (int i = 0; i < Fixtures.PROBES; i++) {
				this.probes[i] = new InetSocketAddress(inet(fixtures.probes[i]), 443);
			}
		}

		@Override
		boolean matches(int probe) {
			return this.filter.check(this.probes[probe]);
		}

		static final class Filter extends IpSubnetFilter {

			Filter(List<IpSubnetFilterRule> rules) {
				super(false, rules);
			}

			boolean check(InetSocketAddress address) {
				return accept(null, address);
			}

		}

	}

}
