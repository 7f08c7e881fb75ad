package io.github.ipwhitelist.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One lookup of an already parsed address, for every implementation, list size, family and
 * entry mix. commons-net is IPv4 only; linear scans are skipped at 1M (milliseconds per call).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class LookupBenchmark {

	@Param({ "ipwhitelist", "netty", "ipaddress-trie", "spring-security", "commons-net" })
	public String impl;

	@Param({ "10", "1000", "100000", "1000000" })
	public int n;

	@Param({ "ipv4", "ipv6" })
	public String family;

	@Param({ "feed", "mixed" })
	public String mix;

	private Matchers matchers;

	private int next;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		boolean ipv4 = this.family.equals("ipv4");
		if (this.impl.equals("commons-net") && !ipv4) {
			throw new UnsupportedOperationException("commons-net SubnetUtils is IPv4 only");
		}
		if ((this.impl.equals("commons-net") || this.impl.equals("spring-security")) && this.n > 100_000) {
			throw new UnsupportedOperationException("a linear scan of 1M entries takes milliseconds per call");
		}
		this.matchers = Matchers.create(this.impl, new Fixtures(this.n, ipv4, this.mix.equals("feed")));
	}

	@Benchmark
	public boolean lookup() {
		int probe = this.next;
		this.next = (probe + 1) & (Fixtures.PROBES - 1);
		return this.matchers.matches(probe);
	}

}
