package io.github.ipwhitelist.benchmarks;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.ipwhitelist.client.ClientIpResolver;
import io.github.ipwhitelist.client.ForwardingHeader;
import io.github.ipwhitelist.web.IpAccessDecision;
import io.github.ipwhitelist.web.IpWhitelistAuthorizationManager;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The check as the filter runs it for one request, minus the servlet objects: resolve the
 * client from the socket peer text, decide it against the rule set, and build the decision the
 * filter keeps on the request (and hands to the audit when it denies).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
// A fixed, pre-touched heap: this benchmark allocates (the decision objects), and on this VM a
// growing heap's first touches of fresh pages showed up as iterations several times slower.
@Fork(jvmArgsAppend = { "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch" })
public class CheckBenchmark {

	@Param({ "100000", "1000000" })
	public int n;

	@Param({ "ipv4", "ipv6" })
	public String family;

	private Fixtures fixtures;

	private IpWhitelistAuthorizationManager manager;

	private int next;

	@Setup(Level.Trial)
	public void setUp() {
		this.fixtures = new Fixtures(this.n, this.family.equals("ipv4"), true);
		ClientIpResolver resolver = new ClientIpResolver(List.of(), ForwardingHeader.X_FORWARDED_FOR, 20, 8192);
		this.manager = new IpWhitelistAuthorizationManager(() -> this.fixtures.rules, resolver,
				Clock.fixed(Fixtures.NOW, ZoneOffset.UTC));
	}

	@Benchmark
	public IpAccessDecision check() {
		int probe = this.next;
		this.next = (probe + 1) & (Fixtures.PROBES - 1);
		return this.manager.decide(this.fixtures.probeTexts[probe], List.of());
	}

}
