package io.github.ipwhitelist.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.rules.IpEntry;
import io.github.ipwhitelist.rules.Mode;
import io.github.ipwhitelist.rules.RuleSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Building a rule set of 1M entries from their text: strict parse of every prefix, then the
 * lookup table.
 */
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class BuildBenchmark {

	@Param({ "1000000" })
	public int n;

	@Param({ "ipv4", "ipv6" })
	public String family;

	private List<String> texts;

	@Setup(Level.Trial)
	public void setUp() {
		this.texts = new Fixtures(this.n, this.family.equals("ipv4"), true).prefixTexts;
	}

	@Benchmark
	public RuleSet buildFromText() {
		List<IpEntry> entries = new ArrayList<>(this.texts.size());
		for (String text : this.texts) {
			entries.add(new IpEntry(IpPrefix.parse(text), null, null, "feed"));
		}
		return RuleSet.compile(Mode.STRICT, entries, List.of(), Fixtures.NOW);
	}

}
