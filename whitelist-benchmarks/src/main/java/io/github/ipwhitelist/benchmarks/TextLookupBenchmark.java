package io.github.ipwhitelist.benchmarks;

import java.util.concurrent.TimeUnit;

import io.github.ipwhitelist.address.AddressBuffer;
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
 * The whole check from the text the request carries: strict parse into a reusable buffer,
 * then the lookup; no allocation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class TextLookupBenchmark {

	@Param({ "1000", "1000000" })
	public int n;

	@Param({ "ipv4", "ipv6" })
	public String family;

	@Param({ "feed" })
	public String mix;

	/**
	 * Distinct probes cycled: 4096 keep both the texts and the table lines cold; 64 keep the
	 * texts hot (as a request's text just read is) but also warm the table lines they hit, so
	 * the truth for a live request lies between the two.
	 */
	@Param({ "64", "4096" })
	public int distinct;

	private Fixtures fixtures;

	private final AddressBuffer buffer = new AddressBuffer();

	private int next;

	@Setup(Level.Trial)
	public void setUp() {
		this.fixtures = new Fixtures(this.n, this.family.equals("ipv4"), this.mix.equals("feed"));
	}

	@Benchmark
	public boolean fromText() {
		int probe = this.next;
		this.next = (probe + 1) & (this.distinct - 1);
		return this.fixtures.rules.allows(this.buffer.parseClient(this.fixtures.probeTexts[probe]), Fixtures.NOW);
	}

}
