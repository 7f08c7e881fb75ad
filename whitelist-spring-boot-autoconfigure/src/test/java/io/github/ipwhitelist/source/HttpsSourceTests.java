package io.github.ipwhitelist.source;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.ipwhitelist.address.IpAddress;
import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.it.MutableClock;
import io.github.ipwhitelist.rules.Mode;
import io.github.ipwhitelist.support.HttpsListServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.UrlResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Lists fetched from a real local HTTPS server: a changed list is loaded at the next poll, an
 * unchanged one costs a 304, and every kind of failure (timeout, a 50 MB answer, invalid JSON,
 * an untrusted certificate, an error status) keeps the last good list and says why in the
 * source's status, until the server answers well again.
 */
@ExtendWith(OutputCaptureExtension.class)
class HttpsSourceTests {

	static final String FIRST = "{\"addresses\":[\"198.51.100.0/24\"],\"ipv6_addresses\":[\"2001:db8:1::/48\"]}";

	static final String SECOND = "{\"addresses\":[\"203.0.113.0/24\"],\"ipv6_addresses\":[]}";

	HttpsListServer server;

	MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));

	List<List<IpPrefix>> told = new CopyOnWriteArrayList<>();

	@BeforeEach
	void start() throws Exception {
		this.server = new HttpsListServer();
		this.server.serve(FIRST);
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	IpWhitelistLoader loader(Duration timeout) throws Exception {
		String url = this.server.url("/public-ip-list");
		HttpsSource https = new HttpsSource(URI.create(url), timeout, 16 * 1024 * 1024,
				HttpsListServer.clientContext());
		EntrySource source = new EntrySource(url, ListKind.ALLOW, new UrlResource(url), false, SourceFormat.FASTLY,
				ProviderFilter.NONE, https, true);
		IpWhitelistLoader loader = new IpWhitelistLoader(Mode.STRICT, List.of(), List.of(), List.of(source), null,
				java.util.Map.of(), this.clock, (rules) -> {
				});
		this.told.add(loader.onTrustedProxies(this.told::add));
		return loader;
	}

	List<String> live() {
		return this.told.get(this.told.size() - 1).stream().map(Object::toString).toList();
	}

	static SourceStatus status(IpWhitelistLoader loader) {
		return loader.trustedProxyStatuses().get(0);
	}

	@Test
	void changedListIsLoadedAtTheNextPollAndUnchangedOneCostsA304() throws Exception {
		IpWhitelistLoader loader = loader(Duration.ofSeconds(5));
		assertThat(live()).containsExactly("198.51.100.0/24", "2001:db8:1::/48");
		assertThat(loader.statuses()).isEmpty();
		assertThat(status(loader).entries()).isEqualTo(2);
		assertThat(status(loader).format()).isEqualTo(SourceFormat.FASTLY);

		this.clock.advance(Duration.ofSeconds(10));
		assertThat(loader.poll()).isFalse();
		assertThat(this.server.requests()).last().isEqualTo("\"1\" 304");
		assertThat(status(loader).lastFetched()).isEqualTo(this.clock.instant());
		assertThat(status(loader).lastLoaded()).isEqualTo(Instant.parse("2026-12-03T10:00:00Z"));
		assertThat(this.told).hasSize(1);

		this.server.serve(SECOND);
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(loader.poll()).isTrue();
		assertThat(live()).containsExactly("203.0.113.0/24");
		assertThat(status(loader).lastLoaded()).isEqualTo(this.clock.instant());
		assertThat(status(loader).entries()).isEqualTo(1);
		assertThat(status(loader).lastError()).isNull();
	}

	@Test
	void timeoutKeepsTheLastGoodListAndSaysWhy() throws Exception {
		IpWhitelistLoader loader = loader(Duration.ofMillis(300));
		this.server.delay(Duration.ofMillis(1500));
		assertThat(loader.poll()).isFalse();
		assertThat(status(loader).lastError()).contains("did not answer within 0.3s")
			.endsWith("keeping the last good entries");
		assertThat(live()).containsExactly("198.51.100.0/24", "2001:db8:1::/48");
		assertThat(status(loader).entries()).isEqualTo(2);

		this.server.delay(Duration.ZERO);
		this.clock.advance(Duration.ofSeconds(10));
		loader.poll();
		assertThat(status(loader).lastError()).isNull();
		assertThat(status(loader).lastFetched()).isEqualTo(this.clock.instant());
		assertThat(live()).containsExactly("198.51.100.0/24", "2001:db8:1::/48");
	}

	@Test
	void answerOverTheSizeCapIsDroppedAsItArrives() throws Exception {
		IpWhitelistLoader loader = loader(Duration.ofSeconds(10));
		this.server.streamBytes(50L * 1024 * 1024);
		assertThat(loader.poll()).isFalse();
		assertThat(status(loader).lastError()).contains("answered more than 16777216 bytes (max-size)");
		assertThat(live()).containsExactly("198.51.100.0/24", "2001:db8:1::/48");
	}

	@Test
	void invalidJsonKeepsTheLastGoodListUntilAGoodOneArrives(CapturedOutput output) throws Exception {
		IpWhitelistLoader loader = loader(Duration.ofSeconds(5));
		this.server.serve("{\"addresses\":[\"203.0.113.0/24\"");
		assertThat(loader.poll()).isFalse();
		assertThat(status(loader).lastError()).contains("not JSON").contains("keeping the last good entries");
		// The same bad list again (a 304 now) is neither loaded nor logged again, and still reported.
		assertThat(loader.poll()).isFalse();
		assertThat(this.server.requests()).last().isEqualTo("\"2\" 304");
		assertThat(status(loader).lastError()).contains("not JSON");
		assertThat(output.getOut().split("not JSON", -1)).hasSize(2);
		assertThat(live()).containsExactly("198.51.100.0/24", "2001:db8:1::/48");

		this.server.serve(SECOND);
		assertThat(loader.poll()).isTrue();
		assertThat(status(loader).lastError()).isNull();
		assertThat(live()).containsExactly("203.0.113.0/24");
	}

	@Test
	void untrustedCertificateKeepsTheLastGoodList() throws Exception {
		IpWhitelistLoader loader = loader(Duration.ofSeconds(5));
		this.server.presentUntrustedCertificate();
		this.server.serve(SECOND);
		assertThat(loader.poll()).isFalse();
		assertThat(status(loader).lastError()).contains("failed the TLS handshake");
		assertThat(live()).containsExactly("198.51.100.0/24", "2001:db8:1::/48");

		this.server.presentTrustedCertificate();
		assertThat(loader.poll()).isTrue();
		assertThat(live()).containsExactly("203.0.113.0/24");
	}

	@Test
	void listThatCannotBeCompiledStaysReportedAndIsTriedAgain() throws Exception {
		String url = this.server.url("/public-ip-list");
		HttpsSource https = new HttpsSource(URI.create(url), Duration.ofSeconds(5), 1024 * 1024,
				HttpsListServer.clientContext());
		EntrySource source = new EntrySource(url, ListKind.ALLOW, new UrlResource(url), false, SourceFormat.FASTLY,
				ProviderFilter.NONE, https, false);
		java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean();
		IpWhitelistLoader loader = new IpWhitelistLoader(Mode.STRICT, List.of(), List.of(), List.of(source), null,
				java.util.Map.of(), this.clock, (rules) -> {
					if (failing.get()) {
						throw new IllegalStateException("too many entries");
					}
				});
		failing.set(true);
		this.server.serve(SECOND);
		assertThat(loader.poll()).isFalse();
		assertThat(loader.statuses().get(0).lastError()).contains("could not be compiled: too many entries");
		// The same list again (the server would answer 304): still reported, fetched in full and tried again.
		assertThat(loader.poll()).isFalse();
		assertThat(loader.statuses().get(0).lastError()).contains("could not be compiled");
		assertThat(this.server.requests()).last().isEqualTo("null 200");
		assertThat(loader.holder().get().allows(IpAddress.parse("198.51.100.7"), this.clock.instant())).isTrue();
		failing.set(false);
		assertThat(loader.poll()).isTrue();
		assertThat(loader.statuses().get(0).lastError()).isNull();
		assertThat(loader.holder().get().allows(IpAddress.parse("203.0.113.7"), this.clock.instant())).isTrue();
	}

	@Test
	void errorStatusKeepsTheLastGoodList() throws Exception {
		IpWhitelistLoader loader = loader(Duration.ofSeconds(5));
		this.server.status(503);
		assertThat(loader.poll()).isFalse();
		assertThat(status(loader).lastError()).contains("answered HTTP 503, not 200");
		assertThat(live()).containsExactly("198.51.100.0/24", "2001:db8:1::/48");
	}

	@Test
	void listThatCannotBeFetchedAtStartupStopsTheStart() {
		this.server.status(404);
		assertThatExceptionOfType(InvalidSourceException.class).isThrownBy(() -> loader(Duration.ofSeconds(5)))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("/public-ip-list answered HTTP 404, not 200"));
		// Tried again a moment later, in case the fault was passing.
		assertThat(this.server.requests()).hasSize(IpWhitelistLoader.FETCH_ATTEMPTS);
	}

	@Test
	void trustedProxiesAreNotClientEntries() throws Exception {
		IpWhitelistLoader loader = loader(Duration.ofSeconds(5));
		assertThat(loader.holder().get().allowEntries()).isEmpty();
		assertThat(loader.holder().get().allows(IpAddress.parse("198.51.100.7"), this.clock.instant())).isFalse();
	}

}
