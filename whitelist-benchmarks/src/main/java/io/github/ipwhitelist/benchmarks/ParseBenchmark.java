package io.github.ipwhitelist.benchmarks;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

import inet.ipaddr.IPAddressString;
import io.github.ipwhitelist.address.AddressBuffer;
import io.github.ipwhitelist.address.IpAddress;
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
 * Parsing an address literal: ours (into a reusable buffer, and into an immutable value), the
 * JDK's {@code InetAddress.getByName} (on literals only, so nothing is resolved), and the
 * IPAddress library.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ParseBenchmark {

	@Param({ "ipv4", "ipv6" })
	public String family;

	/** 64 texts stay in the L1 cache, as the text of a request just read does; 4096 do not. */
	@Param({ "64", "4096" })
	public int distinct;

	private String[] texts;

	private final AddressBuffer buffer = new AddressBuffer();

	private int next;

	@Setup(Level.Trial)
	public void setUp() {
		this.texts = java.util.Arrays.copyOf(new Fixtures(1000, this.family.equals("ipv4"), true).probeTexts,
				this.distinct);
	}

	private String text() {
		int i = this.next;
		this.next = (i + 1) & (this.distinct - 1);
		return this.texts[i];
	}

	@Benchmark
	public long ipwhitelistBuffer() {
		return this.buffer.parseClient(text()).lo();
	}

	@Benchmark
	public IpAddress ipwhitelistValue() {
		return IpAddress.parseClient(text());
	}

	@Benchmark
	public InetAddress jdkInetAddress() throws Exception {
		return InetAddress.getByName(text());
	}

	@Benchmark
	public Object ipaddressLibrary() {
		return new IPAddressString(text()).getAddress();
	}

}
