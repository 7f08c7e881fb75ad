package io.github.ipwhitelist.source;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.rules.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.AbstractResource;
import org.springframework.core.io.FileSystemResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The loader against real files: a changed file is loaded once it is stable, a failure is
 * logged once per change of the file, and the last good list stays live.
 */
@ExtendWith(OutputCaptureExtension.class)
class IpWhitelistLoaderTests {

	@TempDir
	Path dir;

	IpWhitelistLoader loader(Path file) {
		EntrySource source = new EntrySource("file:" + file, ListKind.ALLOW, new FileSystemResource(file));
		return new IpWhitelistLoader(Mode.STRICT, List.of(), List.of(), List.of(source), Clock.systemUTC(),
				(rules) -> {
				});
	}

	static boolean allows(IpWhitelistLoader loader, String address) {
		return loader.holder().get().decide(IpAddress.parse(address), Clock.systemUTC().instant()).allowed();
	}

	@Test
	void changedFileIsLoadedOnceTwoPollsReadTheSameBytes() throws Exception {
		Path file = Files.writeString(this.dir.resolve("allow.txt"), "192.0.2.1\n");
		IpWhitelistLoader loader = loader(file);
		Files.writeString(file, "192.0.2.2\n");
		assertThat(loader.poll()).isFalse();
		assertThat(allows(loader, "192.0.2.1")).isTrue();
		assertThat(loader.poll()).isTrue();
		assertThat(allows(loader, "192.0.2.2")).isTrue();
		assertThat(allows(loader, "192.0.2.1")).isFalse();
		assertThat(loader.poll()).isFalse();
	}

	@Test
	void fileCaughtInTheMiddleOfAWriteIsNeverLoadedHalfWritten(CapturedOutput output) throws Exception {
		Path file = Files.writeString(this.dir.resolve("allow.txt"), "192.0.2.1\n");
		IpWhitelistLoader loader = loader(file);
		// The writer has written half of the new list: the last line is cut short.
		Files.writeString(file, "192.0.2.1\n192.0.2.2\n198.51.1");
		assertThat(loader.poll()).isFalse();
		// The write completes before the next poll.
		Files.writeString(file, "192.0.2.1\n192.0.2.2\n198.51.100.0/24\n");
		assertThat(loader.poll()).isFalse();
		assertThat(loader.poll()).isTrue();
		assertThat(allows(loader, "198.51.100.7")).isTrue();
		assertThat(loader.statuses().get(0).lastError()).isNull();
		assertThat(output).doesNotContain("bad line");
	}

	@Test
	void unchangedBadFileIsLoggedOnceNotAtEveryPoll(CapturedOutput output) throws Exception {
		Path file = Files.writeString(this.dir.resolve("allow.txt"), "192.0.2.1\n");
		IpWhitelistLoader loader = loader(file);
		Files.writeString(file, "192.0.2.1\n010.0.0.1 typo\n");
		for (int i = 0; i < 10; i++) {
			loader.poll();
		}
		assertThat(occurrences(output.getOut() + output.getErr(), "bad line in")).isEqualTo(1);
		assertThat(loader.statuses().get(0).lastError()).isEqualTo("1 bad line(s); keeping the last good entries");
		assertThat(allows(loader, "192.0.2.1")).isTrue();
		// A new bad version is a change: logged once more.
		Files.writeString(file, "192.0.2.1\n010.0.0.2 typo\n");
		for (int i = 0; i < 10; i++) {
			loader.poll();
		}
		assertThat(occurrences(output.getOut() + output.getErr(), "bad line in")).isEqualTo(2);
		// Fixed: loaded, and the error is gone.
		Files.writeString(file, "192.0.2.3\n");
		loader.poll();
		assertThat(loader.poll()).isTrue();
		assertThat(loader.statuses().get(0).lastError()).isNull();
		assertThat(allows(loader, "192.0.2.3")).isTrue();
	}

	@Test
	void unreadableFileIsLoggedOnceAndKeepsItsEntries(CapturedOutput output) throws Exception {
		Path file = Files.writeString(this.dir.resolve("allow.txt"), "192.0.2.1\n");
		IpWhitelistLoader loader = loader(file);
		Files.delete(file);
		for (int i = 0; i < 10; i++) {
			loader.poll();
		}
		assertThat(occurrences(output.getOut() + output.getErr(), "cannot be read")).isEqualTo(1);
		assertThat(loader.statuses().get(0).lastError()).contains("cannot be read");
		assertThat(allows(loader, "192.0.2.1")).isTrue();
		Files.writeString(file, "192.0.2.1\n");
		loader.poll();
		loader.poll();
		assertThat(loader.statuses().get(0).lastError()).isNull();
	}

	@Test
	void byteOrderMarkIsIgnored() throws Exception {
		Path file = this.dir.resolve("allow.txt");
		Files.write(file, "\uFEFF192.0.2.1 saved on Windows\r\n192.0.2.2\r\n".getBytes(StandardCharsets.UTF_8));
		IpWhitelistLoader loader = loader(file);
		assertThat(allows(loader, "192.0.2.1")).isTrue();
		assertThat(allows(loader, "192.0.2.2")).isTrue();
		assertThat(loader.holder().get().allowEntries().get(0).description()).isEqualTo("saved on Windows");
	}

	@Test
	void loneCarriageReturnIsABadLineAndNothingAfterItGoesLive() throws Exception {
		Path file = Files.writeString(this.dir.resolve("allow.txt"), "192.0.2.1 # old host\r198.51.100.0/24\n");
		assertThatExceptionOfType(InvalidSourceException.class).isThrownBy(() -> loader(file))
			.withMessageContaining("line 1")
			.withMessageContaining("carriage return inside the line");
	}

	@Test
	void fileThatKeepsChangingWhileReadStopsTheStartup() {
		AtomicInteger reads = new AtomicInteger();
		AbstractResource changing = new AbstractResource() {

			@Override
			public String getDescription() {
				return "changing";
			}

			@Override
			public InputStream getInputStream() {
				return new ByteArrayInputStream(("192.0.2." + reads.incrementAndGet() + "\n").getBytes());
			}

		};
		EntrySource source = new EntrySource("changing", ListKind.ALLOW, changing);
		assertThatExceptionOfType(InvalidSourceException.class)
			.isThrownBy(() -> new IpWhitelistLoader(Mode.STRICT, List.of(), List.of(), List.of(source),
					Clock.systemUTC(), (rules) -> {
					}))
			.withMessageContaining("kept changing while it was read");
		assertThat(reads.get()).isEqualTo(IpWhitelistLoader.STABLE_READ_ATTEMPTS);
	}

	@Test
	void fileThatChangesAtEveryPollIsReportedOnceAndNeverLoaded(CapturedOutput output) throws Exception {
		Path file = Files.writeString(this.dir.resolve("allow.txt"), "192.0.2.1\n");
		IpWhitelistLoader loader = loader(file);
		for (int i = 0; i < 12; i++) {
			Files.writeString(file, "192.0.2." + (10 + i) + "\n");
			assertThat(loader.poll()).isFalse();
		}
		assertThat(loader.statuses().get(0).lastError()).contains("changed at each of the last 5 polls");
		assertThat(occurrences(output.getOut() + output.getErr(), "changed at each of the last")).isEqualTo(1);
		assertThat(allows(loader, "192.0.2.1")).isTrue();
		// Left alone, it loads.
		loader.poll();
		assertThat(allows(loader, "192.0.2.21")).isTrue();
		assertThat(loader.statuses().get(0).lastError()).isNull();
	}

	@Test
	void manualReloadOfOnlyFailingFilesReportsNothingReloaded() throws Exception {
		Path file = Files.writeString(this.dir.resolve("allow.txt"), "192.0.2.1\n");
		IpWhitelistLoader loader = loader(file);
		Files.writeString(file, "010.0.0.1\n");
		assertThat(loader.reloadNow()).isFalse();
		assertThat(allows(loader, "192.0.2.1")).isTrue();
	}

	@Test
	void manualReloadLoadsAStableChangeAtOnce() throws Exception {
		Path file = Files.writeString(this.dir.resolve("allow.txt"), "192.0.2.1\n");
		IpWhitelistLoader loader = loader(file);
		Files.writeString(file, "192.0.2.2\n");
		assertThat(loader.reloadNow()).isTrue();
		assertThat(allows(loader, "192.0.2.2")).isTrue();
	}

	static int occurrences(String text, String part) {
		int count = 0;
		for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
			count++;
		}
		return count;
	}

	@Test
	void changedTenantsFileRecompilesOnlyTheTenantsItNames() throws Exception {
		Path file = Files.writeString(this.dir.resolve("tenants.txt"),
				"acme 192.0.2.1\nglobex 198.51.100.0/24\ninitech 203.0.113.1\n");
		EntrySource source = new EntrySource("file:" + file, ListKind.ALLOW, new FileSystemResource(file), true);
		IpWhitelistLoader loader = new IpWhitelistLoader(Mode.STRICT, List.of(), List.of(), List.of(source), null,
				java.util.Map.of("acme", new TenantSettings(true, Mode.PERMISSIVE, List.of(), List.of())),
				Clock.systemUTC(), (rules) -> {
				});
		io.github.ipwhitelist.rules.TenantTable tenants = loader.tenants();
		io.github.ipwhitelist.rules.TenantPolicy globex = tenants.get("globex");
		io.github.ipwhitelist.rules.TenantPolicy initech = tenants.get("initech");
		assertThat(tenants.get("acme").mode()).isEqualTo(Mode.PERMISSIVE);
		// acme gains an entry, initech leaves the file, umbrella arrives; globex is untouched.
		Files.writeString(file, "acme 192.0.2.1\nacme 192.0.2.2\nglobex 198.51.100.0/24\numbrella 192.0.2.9\n");
		assertThat(loader.poll()).isFalse();
		assertThat(loader.poll()).isTrue();
		assertThat(tenants.get("globex")).isSameAs(globex);
		assertThat(tenants.get("acme").allowEntries()).hasSize(2);
		assertThat(tenants.get("acme").mode()).isEqualTo(Mode.PERMISSIVE);
		assertThat(tenants.get("initech")).isNull();
		assertThat(initech).isNotNull();
		assertThat(tenants.get("umbrella")).isNotNull();
		// A bad version keeps every tenant's last good list.
		io.github.ipwhitelist.rules.TenantPolicy acme = tenants.get("acme");
		Files.writeString(file, "acme 192.0.2.1\nglobex 198.51.100.0/33\n");
		loader.poll();
		assertThat(loader.poll()).isFalse();
		assertThat(tenants.get("acme")).isSameAs(acme);
		assertThat(tenants.get("umbrella")).isNotNull();
		assertThat(loader.statuses().get(0).lastError()).contains("bad line");
	}

	@Test
	void aDirectoryOfOneFilePerTenantIsATenantsSource() throws Exception {
		Path tenantsDir = Files.createDirectory(this.dir.resolve("tenants"));
		Files.writeString(tenantsDir.resolve("acme.txt"), "192.0.2.1 office\n203.0.113.0/24 env=production dc\n");
		Files.writeString(tenantsDir.resolve("globex"), "198.51.100.7\n");
		// What a Kubernetes ConfigMap volume holds besides the keys: hidden, skipped.
		Files.createDirectory(tenantsDir.resolve("..data"));
		Files.writeString(tenantsDir.resolve(".hidden"), "not an entry at all\n");
		EntrySource source = new EntrySource("file:" + tenantsDir + "/", ListKind.ALLOW,
				new FileSystemResource(tenantsDir), true);
		IpWhitelistLoader loader = new IpWhitelistLoader(Mode.STRICT, List.of(), List.of(), List.of(source),
				"production", java.util.Map.of(), Clock.systemUTC(), (rules) -> {
				});
		io.github.ipwhitelist.rules.TenantTable tenants = loader.tenants();
		assertThat(tenants.size()).isEqualTo(2);
		assertThat(tenants.get("acme").allowEntries()).hasSize(2);
		assertThat(tenants.get("acme").allowEntries().get(1).origin()).endsWith("/tenants/acme.txt:2");
		io.github.ipwhitelist.rules.TenantPolicy globex = tenants.get("globex");
		// One tenant's file changes: only that tenant is rebuilt.
		Files.writeString(tenantsDir.resolve("acme.txt"), "192.0.2.1 office\n");
		loader.poll();
		assertThat(loader.poll()).isTrue();
		assertThat(tenants.get("acme").allowEntries()).hasSize(1);
		assertThat(tenants.get("globex")).isSameAs(globex);
		// A file whose name is no tenant id keeps the last good content of all.
		Files.writeString(tenantsDir.resolve("bad name.txt"), "192.0.2.9\n");
		loader.poll();
		assertThat(loader.poll()).isFalse();
		assertThat(loader.statuses().get(0).errorLines()).anyMatch((line) -> line.contains("not a tenant id"));
		assertThat(tenants.get("acme").allowEntries()).hasSize(1);
		// A file removed: its tenant goes.
		Files.delete(tenantsDir.resolve("bad name.txt"));
		Files.delete(tenantsDir.resolve("globex"));
		loader.poll();
		assertThat(loader.poll()).isTrue();
		assertThat(tenants.get("globex")).isNull();
	}

}
