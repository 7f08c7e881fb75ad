package io.github.ipwhitelist.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.rules.IpEntry;
import io.github.ipwhitelist.rules.Mode;
import io.github.ipwhitelist.rules.RuleSet;
import io.github.ipwhitelist.rules.TenantPolicy;
import io.github.ipwhitelist.rules.TenantTable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One request through both gates with 100,000 tenants and 1,000,000 tenant entries
 * ({@link TenantFixtures}): the global list (a 10,000-entry table), the tenant's policy found by
 * its id, its list. The address is parsed already (its bits in primitive arrays, read in order,
 * as a request's own address would be at hand); nothing is allocated. Also: replacing one
 * tenant of 100 entries (compile, swap in) while the others stay.
 *
 * <pre>
 * java -jar whitelist-benchmarks/target/benchmarks.jar '\.TenantBenchmark\.' -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(jvmArgsAppend = { "-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch" })
public class TenantBenchmark {

	private RuleSet global;

	private TenantTable tenants;

	private TenantFixtures fixtures;

	private List<IpEntry> hundred;

	private int next;

	/** Probes cycled through: 4096 spread over the tenants (cold), or 16 (hot: all in cache). */
	@Param({ "4096" })
	public int probes;

	private int replaced;

	private byte[][] idBytes;

	@Setup(Level.Trial)
	public void setUp() {
		this.fixtures = new TenantFixtures(42);
		this.tenants = TenantFixtures.build(this.fixtures.file);
		this.fixtures.pickProbes(this.tenants, 43);
		this.global = TenantFixtures.global();
		this.idBytes = new byte[TenantFixtures.PROBES][];
		for (int i = 0; i < TenantFixtures.PROBES; i++) {
			this.idBytes[i] = this.fixtures.probeTenants[i].getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
		}
		this.hundred = new java.util.ArrayList<>();
		for (int i = 0; i < 100; i++) {
			this.hundred.add(new IpEntry(IpPrefix.of(IpAddress.ofIpv4(0x0A000000 + (i << 8)), 24), "office " + i, null,
					"store"));
		}
	}

	@Benchmark
	public boolean bothGatesIpv4() {
		int probe = this.next;
		this.next = (probe + 1) & (this.probes - 1);
		long address = this.fixtures.v4Lo[probe];
		if (!this.global.allows(true, 0, address, Fixtures.NOW)) {
			return false;
		}
		return this.tenants.allows(this.fixtures.probeTenants[probe], true, 0, address, Fixtures.NOW);
	}

	@Benchmark
	public boolean bothGatesIpv6() {
		int probe = this.next;
		this.next = (probe + 1) & (this.probes - 1);
		long hi = this.fixtures.v6Hi[probe];
		long lo = this.fixtures.v6Lo[probe];
		if (!this.global.allows(false, hi, lo, Fixtures.NOW)) {
			return false;
		}
		return this.tenants.allows(this.fixtures.v6Tenants[probe], false, hi, lo, Fixtures.NOW);
	}

	/**
	 * Both gates with the tenant id as a request has it: a string just made from the header's
	 * bytes, its hash computed on the way (the string is the only allocation, and the request
	 * makes it anyway).
	 */
	@Benchmark
	public boolean bothGatesIpv4FreshId() {
		int probe = this.next;
		this.next = (probe + 1) & (this.probes - 1);
		long address = this.fixtures.v4Lo[probe];
		if (!this.global.allows(true, 0, address, Fixtures.NOW)) {
			return false;
		}
		String tenant = new String(this.idBytes[probe], java.nio.charset.StandardCharsets.ISO_8859_1);
		return this.tenants.allows(tenant, true, 0, address, Fixtures.NOW);
	}

	/** The global gate alone (for comparison). */
	@Benchmark
	public boolean globalGateIpv4() {
		int probe = this.next;
		this.next = (probe + 1) & (this.probes - 1);
		return this.global.allows(true, 0, this.fixtures.v4Lo[probe], Fixtures.NOW);
	}

	/** Finding the tenant's policy by its id alone (for comparison). */
	@Benchmark
	public Object findTenant() {
		int probe = this.next;
		this.next = (probe + 1) & (this.probes - 1);
		return this.tenants.get(this.fixtures.probeTenants[probe]);
	}

	/**
	 * Both gates as the request path decides them: the global decision, the tenant's policy, its
	 * decision (the decisions are allocated: they name the deciding entry).
	 */
	@Benchmark
	public Object decideBothGatesIpv4() {
		int probe = this.next;
		this.next = (probe + 1) & (this.probes - 1);
		IpAddress address = IpAddress.ofIpv4((int) this.fixtures.v4Lo[probe]);
		io.github.ipwhitelist.rules.Decision global = this.global.decide(address, Fixtures.NOW);
		TenantPolicy policy = this.tenants.get(this.fixtures.probeTenants[probe]);
		return (global.allowed() && policy != null) ? policy.decide(address, Fixtures.NOW) : global;
	}

	/** Replaces one tenant's policy with a new one of 100 entries (compiled, then swapped in). */
	@Benchmark
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public TenantPolicy replaceOneTenantOf100() {
		String id = TenantFixtures.id(TenantFixtures.LARGE + (this.replaced++ % 1000));
		TenantPolicy policy = TenantPolicy.compile(id, true, Mode.STRICT, this.hundred, List.of(), null, "store", 1,
				Fixtures.NOW);
		this.tenants.put(policy);
		return policy;
	}

}
