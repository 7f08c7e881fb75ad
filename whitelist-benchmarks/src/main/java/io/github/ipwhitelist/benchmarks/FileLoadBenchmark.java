package io.github.ipwhitelist.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.ipwhitelist.rules.EntryWarnings;
import io.github.ipwhitelist.rules.Mode;
import io.github.ipwhitelist.rules.RuleSet;
import io.github.ipwhitelist.source.EntrySource;
import io.github.ipwhitelist.source.IpWhitelistLoader;
import io.github.ipwhitelist.source.ListKind;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.core.io.FileSystemResource;

/**
 * Loading a file of 1M entries the way the application does: read, strict parse of every line,
 * lookup table, and (optionally) the startup warnings.
 */
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class FileLoadBenchmark {

	@Param({ "1000000" })
	public int n;

	@Param({ "ipv4", "ipv6" })
	public String family;

	@Param({ "false", "true" })
	public boolean warnings;

	private Path file;

	@Setup(Level.Trial)
	public void setUp() throws IOException {
		this.file = Files.createTempFile("ip-whitelist-", ".txt");
		Files.write(this.file, new Fixtures(this.n, this.family.equals("ipv4"), true).prefixTexts);
	}

	@TearDown(Level.Trial)
	public void tearDown() throws IOException {
		Files.deleteIfExists(this.file);
	}

	@Benchmark
	public RuleSet loadFile() {
		EntrySource source = new EntrySource("file:" + this.file, ListKind.ALLOW, new FileSystemResource(this.file));
		IpWhitelistLoader loader = new IpWhitelistLoader(Mode.STRICT, List.of(), List.of(), List.of(source),
				Clock.fixed(Fixtures.NOW, ZoneOffset.UTC), (rules) -> {
					if (this.warnings) {
						EntryWarnings.check(rules.mode(), rules.allowEntries(), rules.denyEntries(), Fixtures.NOW);
					}
				});
		return loader.holder().get();
	}

}
