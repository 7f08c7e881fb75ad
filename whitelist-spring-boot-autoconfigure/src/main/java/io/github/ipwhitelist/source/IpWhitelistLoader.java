package io.github.ipwhitelist.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import io.github.ipwhitelist.address.InvalidSyntaxException;
import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.address.LogSafe;
import io.github.ipwhitelist.rules.EntryFileParser;
import io.github.ipwhitelist.rules.IpEntry;
import io.github.ipwhitelist.rules.Mode;
import io.github.ipwhitelist.rules.RuleSet;
import io.github.ipwhitelist.rules.RuleSetHolder;
import io.github.ipwhitelist.rules.TenantIds;
import io.github.ipwhitelist.rules.TenantPolicy;
import io.github.ipwhitelist.rules.TenantTable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Builds the live rule set from the entries of the properties and of the files, and rebuilds
 * it when a file changes. A new rule set is parsed and compiled here, off the request path,
 * then swapped into the {@link RuleSetHolder} in one step.
 * <p>
 * A changed file is loaded only once two reads in a row give the same bytes (two polls, or
 * two reads a moment apart at startup and on a manual reload), so a file caught in the middle
 * of an in-place write is never loaded half-written. A file that cannot be read, or that holds
 * a bad line, keeps the entries it had at its last good load (the other files still update);
 * the failure is logged once per change of the file, with every bad line's number, and shows
 * in {@link #statuses()} until a good version is loaded. At startup there is no last good
 * list: a bad file fails the start, like a bad property.
 * <p>
 * Tenants files ({@link EntrySource#tenants()}) feed the {@link TenantTable} the same way: a
 * changed file recompiles only the tenants it names (now or before), combined with their
 * settings from the properties; no other tenant is touched.
 */
public final class IpWhitelistLoader {

	/** Largest file read. */
	public static final int MAX_FILE_BYTES = 256 * 1024 * 1024;

	/** Bad lines shown in a source's status (all kept lines are logged). */
	public static final int STATUS_ERROR_LINES = 20;

	/** Most reads of a file at startup or on a manual reload before it counts as still changing. */
	static final int STABLE_READ_ATTEMPTS = 5;

	/** Pause between two reads of a file that must agree. */
	static final long STABLE_READ_PAUSE_MILLIS = 50;

	static final long NONE = Long.MIN_VALUE;

	/** Fetches of an HTTPS source at startup or on a manual reload before it counts as failed. */
	static final int FETCH_ATTEMPTS = 3;

	/** Pause between two such fetches. */
	static final long FETCH_RETRY_PAUSE_MILLIS = 1000;

	/** Origin of a tenant whose policy the properties define. */
	public static final String PROPERTIES_ORIGIN = "properties";

	private static final Log logger = LogFactory.getLog(IpWhitelistLoader.class);

	private final Mode mode;

	private final List<IpEntry> propertyAllow;

	private final List<IpEntry> propertyDeny;

	private final List<SourceState> states;

	private final Clock clock;

	private final Consumer<RuleSet> onCompiled;

	private final RuleSetHolder holder;

	private final @Nullable String environment;

	private final Map<String, TenantSettings> tenantSettings;

	private final TenantTable tenants = new TenantTable();

	private final List<Consumer<List<IpPrefix>>> trustedProxyListeners = new ArrayList<>();

	/** Held by a poll or a manual reload from its first read to its commit. */
	private final Object readLock = new Object();

	/** Policies of the tenant store, by tenant: live wherever the configuration names no such tenant. */
	private final Map<String, TenantPolicy> storePolicies = new HashMap<>();

	/**
	 * Loads every source; fails if any is bad.
	 * @param mode the mode
	 * @param propertyAllow allow entries from the properties
	 * @param propertyDeny deny entries from the properties
	 * @param sources the files
	 * @param clock the clock of load times
	 * @param onCompiled told of every rule set compiled (for warnings), before it goes live
	 * @throws InvalidSourceException if a source cannot be read, keeps changing, or holds a bad
	 * line
	 */
	public IpWhitelistLoader(Mode mode, List<IpEntry> propertyAllow, List<IpEntry> propertyDeny,
			List<EntrySource> sources, Clock clock, Consumer<RuleSet> onCompiled) {
		this(mode, propertyAllow, propertyDeny, sources, null, Map.of(), clock, onCompiled);
	}

	/**
	 * Loads every source, global and tenants files, and compiles the global list and every
	 * tenant's policy for the deployment's environment; fails if any source is bad.
	 * @param mode the global mode
	 * @param propertyAllow global allow entries from the properties
	 * @param propertyDeny global deny entries from the properties
	 * @param sources the files, of the global list and tenants files
	 * @param environment the deployment's environment (lower case), {@code null} when none is set
	 * @param tenantSettings the tenants' settings from the properties, by tenant id
	 * @param clock the clock of load times
	 * @param onCompiled told of every global rule set compiled (for warnings), before it goes live
	 * @throws InvalidSourceException if a source cannot be read, keeps changing, or holds a bad
	 * line
	 */
	public IpWhitelistLoader(Mode mode, List<IpEntry> propertyAllow, List<IpEntry> propertyDeny,
			List<EntrySource> sources, @Nullable String environment, Map<String, TenantSettings> tenantSettings,
			Clock clock, Consumer<RuleSet> onCompiled) {
		this.environment = environment;
		this.tenantSettings = Map.copyOf(tenantSettings);
		this.mode = mode;
		this.propertyAllow = List.copyOf(propertyAllow);
		this.propertyDeny = List.copyOf(propertyDeny);
		this.clock = clock;
		this.onCompiled = onCompiled;
		List<SourceState> loaded = new ArrayList<>();
		for (EntrySource source : sources) {
			SourceState state = new SourceState(source);
			Read read = readStable(source);
			Outcome outcome = parse(source, read);
			if (!outcome.ok()) {
				String message = (outcome.errorLines().isEmpty()) ? outcome.failure()
						: outcome.errorCount() + " bad line(s) in " + source.location() + ", first: "
								+ outcome.errorLines().get(0);
				throw new InvalidSourceException(source.location(), message, outcome.errorLines());
			}
			state.seen = read.checksum();
			state.accept(outcome.entries(), outcome.byTenant(), clock.instant());
			loaded.add(state);
		}
		this.states = List.copyOf(loaded);
		this.holder = new RuleSetHolder(compile(Map.of()));
		Set<String> ids = new LinkedHashSet<>(this.tenantSettings.keySet());
		for (SourceState state : this.states) {
			ids.addAll(state.byTenant.keySet());
		}
		this.tenants.apply(compileTenants(ids, Map.of()));
	}

	/**
	 * Returns the live policies of the tenants.
	 * @return the tenant table
	 */
	public TenantTable tenants() {
		return this.tenants;
	}

	/**
	 * Applies policies of the tenant store: each replaces or removes ({@code null}) the store's
	 * policy of its tenant. The configuration wins: a tenant that the properties or a tenants
	 * file define keeps that policy, and the store's applies only once the configuration stops
	 * naming the tenant.
	 * @param changes the store's new policies by tenant, {@code null} for a removed one
	 * @return the tenants of the changes that the configuration defines (not applied now)
	 */
	public synchronized Set<String> applyStore(Map<String, @Nullable TenantPolicy> changes) {
		Map<String, @Nullable TenantPolicy> live = new HashMap<>();
		Set<String> shadowed = new LinkedHashSet<>();
		changes.forEach((id, policy) -> {
			if (policy == null) {
				this.storePolicies.remove(id);
			}
			else {
				this.storePolicies.put(id, policy);
			}
			if (definedBy(id) != null) {
				shadowed.add(id);
			}
			else {
				live.put(id, policy);
			}
		});
		this.tenants.apply(live);
		return shadowed;
	}

	/**
	 * Returns where the configuration defines a tenant's policy.
	 * @param tenant the tenant id
	 * @return the property path or the first tenants file that names it, {@code null} if the
	 * configuration does not name it
	 */
	public synchronized @Nullable String definedBy(String tenant) {
		if (this.tenantSettings.containsKey(tenant)) {
			return "ip-whitelist.tenants.policies." + tenant;
		}
		for (SourceState state : this.states) {
			if (state.source.tenants() && state.byTenant.containsKey(tenant)) {
				return state.source.location();
			}
		}
		return null;
	}

	/**
	 * Returns the deployment's environment.
	 * @return the environment (lower case), {@code null} when none is set
	 */
	public @Nullable String environment() {
		return this.environment;
	}

	/**
	 * Returns the holder of the live rule set.
	 * @return the holder
	 */
	public RuleSetHolder holder() {
		return this.holder;
	}

	/**
	 * Returns whether there are files to watch, of the global list or tenants files.
	 * @return {@code true} if any source is configured
	 */
	public boolean hasSources() {
		return !this.states.isEmpty();
	}

	/**
	 * Reads every source once, as the periodic watcher does, and swaps in a new rule set if a
	 * file changed and has stayed the same since the previous poll.
	 * @return whether a new rule set went live
	 */
	public boolean poll() {
		// Read (and fetch) outside the loader's lock: a slow HTTPS source never holds up the
		// store's changes. Polls and manual reloads take turns, so an older read never lands
		// after a newer one.
		synchronized (this.readLock) {
			List<Read> reads = new ArrayList<>(this.states.size());
			for (SourceState state : this.states) {
				reads.add(read(state, true));
			}
			return applyPoll(reads);
		}
	}

	private synchronized boolean applyPoll(List<Read> reads) {
		Map<SourceState, Outcome> loaded = new IdentityHashMap<>();
		for (int i = 0; i < this.states.size(); i++) {
			SourceState state = this.states.get(i);
			Read read = reads.get(i);
			if (state.source.https() != null && read.failure() == null) {
				if (read.notModified() || read.checksum() == state.seen) {
					state.seen = read.checksum();
					state.fetched(this.clock.instant());
					continue;
				}
				// An answer is whole when it arrives: no second read needed.
				Outcome outcome = load(state, read);
				if (outcome.ok()) {
					loaded.put(state, outcome);
				}
				continue;
			}
			if (read.failure() == null) {
				if (read.checksum() == state.seen) {
					state.pending = NONE;
					state.changingPolls = 0;
					continue;
				}
				if (read.checksum() != state.pending) {
					// Changed since the last poll: wait for one more poll that reads the same bytes.
					state.pending = read.checksum();
					if (++state.changingPolls >= STABLE_READ_ATTEMPTS) {
						// Never the same twice: say so (once per run of changes) rather than wait silently.
						load(state, Read.failed(state.source.location() + " changed at each of the last "
								+ STABLE_READ_ATTEMPTS + " polls and was never loaded; publish a list by replacing the "
								+ "file in one step (rename, or a ConfigMap's symlink swap)"));
						state.pending = read.checksum();
					}
					continue;
				}
			}
			state.changingPolls = 0;
			Outcome outcome = load(state, read);
			if (outcome.ok()) {
				loaded.put(state, outcome);
			}
		}
		return !loaded.isEmpty() && commit(loaded);
	}

	/**
	 * Reads every source now (each twice, a moment apart, to be sure it is not being written)
	 * and rebuilds the rule set, as the endpoint's reload asks.
	 * @return whether a new rule set went live: {@code false} when every source failed (each
	 * keeps its last good entries) or the new list could not be compiled
	 */
	public boolean reloadNow() {
		synchronized (this.readLock) {
			List<Read> reads = new ArrayList<>(this.states.size());
			for (SourceState state : this.states) {
				reads.add(readStable(state.source));
			}
			return applyReload(reads);
		}
	}

	private synchronized boolean applyReload(List<Read> reads) {
		Map<SourceState, Outcome> loaded = new IdentityHashMap<>();
		for (int i = 0; i < this.states.size(); i++) {
			SourceState state = this.states.get(i);
			Outcome outcome = load(state, reads.get(i));
			if (outcome.ok()) {
				loaded.put(state, outcome);
			}
		}
		if (loaded.isEmpty() && !this.states.isEmpty()) {
			return false;
		}
		return commit(loaded);
	}

	/**
	 * Returns the state of every source.
	 * @return one status per source, in configuration order
	 */
	public List<SourceStatus> statuses() {
		return this.states.stream()
			.filter((state) -> !state.source.trustedProxies())
			.map((state) -> state.status)
			.toList();
	}

	/**
	 * Returns the state of every trusted-proxy source.
	 * @return one status per source of {@code client-ip.trusted-proxy-sources}, in configuration
	 * order
	 */
	public List<SourceStatus> trustedProxyStatuses() {
		return this.states.stream()
			.filter((state) -> state.source.trustedProxies())
			.map((state) -> state.status)
			.toList();
	}

	/**
	 * Returns the prefixes of the trusted-proxy sources now, and calls a consumer with the new
	 * prefixes whenever a trusted-proxy source changes.
	 * @param consumer told of every new set of prefixes (all sources together)
	 * @return the prefixes of all trusted-proxy sources now
	 */
	public synchronized List<IpPrefix> onTrustedProxies(Consumer<List<IpPrefix>> consumer) {
		this.trustedProxyListeners.add(consumer);
		return trustedProxyPrefixes(Map.of());
	}

	/**
	 * Parses what was read and reports a failure: the one path for polls and manual reloads
	 * (startup parses the same way and fails instead). A failure is logged once per change of
	 * the file: a file that stays bad, or stays unreadable with the same error, is not logged
	 * again at every poll.
	 */
	private Outcome load(SourceState state, Read read) {
		Outcome outcome = parse(state.source, read);
		state.seen = read.checksum();
		state.pending = NONE;
		state.lastFailureWasRead = read.failure() != null;
		if (!outcome.ok()) {
			String failure = outcome.failure() + "; keeping the last good entries";
			boolean repeated = failure.equals(state.status.lastError()) && read.checksum() == state.failedChecksum;
			state.failedChecksum = read.checksum();
			state.fail(failure, outcome.errorLines(), this.clock.instant());
			if (!repeated) {
				logger.error("IP whitelist: " + state.source.location() + ": " + failure);
				for (String line : outcome.errorLines()) {
					logger.error("IP whitelist: bad line in " + state.source.location() + " " + line);
				}
				if (outcome.errorCount() > outcome.errorLines().size()) {
					logger.error("IP whitelist: " + (outcome.errorCount() - outcome.errorLines().size())
							+ " more bad lines in " + state.source.location());
				}
			}
		}
		return outcome;
	}

	private static Outcome parse(EntrySource source, Read read) {
		String failure = read.failure();
		if (failure != null) {
			return Outcome.failed(failure, List.of(), 0);
		}
		Map<String, byte[]> files = read.files();
		if (files != null) {
			return parseDirectory(source, files);
		}
		try {
			if (source.format() != SourceFormat.PLAIN) {
				List<IpEntry> entries = ProviderLists.parse(source.format(), source.location(), read.content(),
						source.filter());
				return new Outcome(entries, Map.of(), true, "", List.of(), 0);
			}
			if (source.tenants()) {
				EntryFileParser.TenantResult result = EntryFileParser.parseTenants(source.location(), read.content());
				if (result.errorCount() > 0) {
					return badLines(result.errors(), result.errorCount());
				}
				return new Outcome(List.of(), result.byTenant(), true, "", List.of(), 0);
			}
			EntryFileParser.Result result = EntryFileParser.parse(source.location(), read.content());
			if (result.errorCount() > 0) {
				return badLines(result.errors(), result.errorCount());
			}
			if (source.trustedProxies()) {
				String problem = proxyProblem(result.entries());
				if (problem != null) {
					return Outcome.failed(problem, List.of(), 0);
				}
			}
			return new Outcome(result.entries(), Map.of(), true, "", List.of(), 0);
		}
		catch (InvalidSyntaxException ex) {
			return Outcome.failed(source.location() + " is " + ex.getProblem(), List.of(), 0);
		}
	}

	/**
	 * Why a trusted-proxy file's entries cannot be used, or {@code null}: a proxy is trusted or
	 * not, so an entry that would expire or apply only in some environments is refused rather
	 * than half honoured.
	 */
	private static @Nullable String proxyProblem(List<IpEntry> entries) {
		for (IpEntry entry : entries) {
			if (entry.expiresAt() != null || !entry.environments().isEmpty()) {
				return entry.origin() + ": a trusted-proxy source lists prefixes only, without expires= or env=";
			}
		}
		return null;
	}

	private static Outcome badLines(List<EntryFileParser.LineError> errors, int count) {
		List<String> lines = errors.stream().map(Object::toString).toList();
		return Outcome.failed(count + " bad line(s)", lines, count);
	}

	private boolean commit(Map<SourceState, Outcome> loaded) {
		Map<SourceState, Outcome> global = new IdentityHashMap<>();
		Map<SourceState, Outcome> proxies = new IdentityHashMap<>();
		Set<String> changedTenants = new LinkedHashSet<>();
		loaded.forEach((state, outcome) -> {
			if (state.source.tenants()) {
				Set<String> named = new LinkedHashSet<>(state.byTenant.keySet());
				named.addAll(outcome.byTenant().keySet());
				for (String id : named) {
					if (!sameEntries(state.byTenant.get(id), outcome.byTenant().get(id))) {
						changedTenants.add(id);
					}
				}
			}
			else if (state.source.trustedProxies()) {
				proxies.put(state, outcome);
			}
			else {
				global.put(state, outcome);
			}
		});
		RuleSet next = null;
		Map<String, @Nullable TenantPolicy> tenantChanges;
		try {
			if (!global.isEmpty()) {
				next = compile(global);
			}
			tenantChanges = compileTenants(changedTenants, loaded);
		}
		catch (RuntimeException ex) {
			// Nothing is committed: the statuses keep saying what is live. The bytes read are not
			// taken as seen, so the next poll reads them as new and tries again (an unchanged
			// HTTPS list is fetched in full, not answered by a 304).
			String failure = "the new entries could not be compiled: " + ex.getMessage();
			boolean repeated = true;
			for (SourceState state : loaded.keySet()) {
				repeated &= failure.equals(state.status.lastError());
				state.fail(failure, List.of(), this.clock.instant());
				state.failedChecksum = state.seen;
				state.lastFailureWasRead = false;
				state.seen = NONE;
			}
			if (!repeated) {
				logger.error("IP whitelist: compiling the reloaded list failed; keeping the last good list", ex);
			}
			return false;
		}
		Instant now = this.clock.instant();
		loaded.forEach((state, outcome) -> state.accept(outcome.entries(), outcome.byTenant(), now));
		if (next != null) {
			this.holder.replace(next);
			logger.info("IP whitelist reloaded: " + next.allowEntries().size() + " allow entries, "
					+ next.denyEntries().size() + " deny entries");
		}
		if (!tenantChanges.isEmpty()) {
			this.tenants.apply(tenantChanges);
			logger.info("IP whitelist reloaded " + tenantChanges.size() + " tenant(s) from tenants files");
		}
		if (!proxies.isEmpty()) {
			List<IpPrefix> prefixes = trustedProxyPrefixes(Map.of());
			for (Consumer<List<IpPrefix>> listener : this.trustedProxyListeners) {
				listener.accept(prefixes);
			}
			logger.info("IP whitelist reloaded the trusted proxies: " + prefixes.size() + " prefixes from sources");
		}
		return true;
	}

	private RuleSet compile(Map<SourceState, Outcome> replacements) {
		List<IpEntry> allow = new ArrayList<>(this.propertyAllow);
		List<IpEntry> deny = new ArrayList<>(this.propertyDeny);
		for (SourceState state : this.states) {
			if (state.source.tenants() || state.source.trustedProxies()) {
				continue;
			}
			Outcome replacement = replacements.get(state);
			(state.source.list() == ListKind.ALLOW ? allow : deny)
				.addAll((replacement != null) ? replacement.entries() : state.entries);
		}
		RuleSet rules = RuleSet.compile(this.mode, allow, deny, this.environment, this.clock.instant());
		this.onCompiled.accept(rules);
		return rules;
	}

	/**
	 * Returns the prefixes of every trusted-proxy source, as accepted (the states are updated
	 * before listeners are told).
	 */
	private List<IpPrefix> trustedProxyPrefixes(Map<SourceState, Outcome> replacements) {
		List<IpPrefix> prefixes = new ArrayList<>();
		for (SourceState state : this.states) {
			if (state.source.trustedProxies()) {
				Outcome replacement = replacements.get(state);
				for (IpEntry entry : (replacement != null) ? replacement.entries() : state.entries) {
					prefixes.add(entry.prefix());
				}
			}
		}
		return prefixes;
	}

	/**
	 * Whether two reads of a tenant's lines hold the same entries (where a line moved in the
	 * file does not count: the tenant is not recompiled).
	 */
	private static boolean sameEntries(@Nullable List<IpEntry> before, @Nullable List<IpEntry> after) {
		if (before == null || after == null || before.size() != after.size()) {
			return before == after;
		}
		for (int i = 0; i < before.size(); i++) {
			IpEntry a = before.get(i);
			IpEntry b = after.get(i);
			if (!a.prefix().equals(b.prefix()) || !Objects.equals(a.range(), b.range())
					|| !Objects.equals(a.description(), b.description())
					|| !Objects.equals(a.expiresAt(), b.expiresAt()) || !a.environments().equals(b.environments())) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Compiles the policies of some tenants from their settings and every tenants file (the
	 * replaced content of the files just read, the kept content of the others). A tenant that
	 * neither the properties nor any file names any more is removed ({@code null}).
	 */
	private Map<String, @Nullable TenantPolicy> compileTenants(Set<String> ids,
			Map<SourceState, Outcome> replacements) {
		Instant now = this.clock.instant();
		Map<String, @Nullable TenantPolicy> result = new HashMap<>();
		for (String id : ids) {
			TenantSettings settings = this.tenantSettings.get(id);
			List<IpEntry> allow = new ArrayList<>();
			List<IpEntry> deny = new ArrayList<>();
			String origin = (settings != null) ? PROPERTIES_ORIGIN : null;
			if (settings != null) {
				allow.addAll(settings.allow());
				deny.addAll(settings.deny());
			}
			for (SourceState state : this.states) {
				if (!state.source.tenants()) {
					continue;
				}
				Outcome replacement = replacements.get(state);
				List<IpEntry> entries = ((replacement != null) ? replacement.byTenant() : state.byTenant).get(id);
				if (entries != null) {
					(state.source.list() == ListKind.ALLOW ? allow : deny).addAll(entries);
					origin = (origin != null) ? origin : state.source.location();
				}
			}
			if (origin == null) {
				// Neither the properties nor a file names it (any more): the store's policy, if any, applies.
				result.put(id, this.storePolicies.get(id));
				continue;
			}
			TenantSettings effective = (settings != null) ? settings : TenantSettings.DEFAULT;
			result.put(id, TenantPolicy.compile(id, effective.enabled(), effective.mode(), allow, deny,
					this.environment, origin, 0, now));
		}
		return result;
	}

	/**
	 * Reads a source until two reads in a row agree.
	 */
	private static Read readStable(EntrySource source) {
		HttpsSource https = source.https();
		if (https != null) {
			// An answer is whole: a failure is tried again, a moment later, for a passing network fault.
			Read read = fetch(https, false);
			for (int attempt = 1; attempt < FETCH_ATTEMPTS && read.failure() != null; attempt++) {
				try {
					Thread.sleep(FETCH_RETRY_PAUSE_MILLIS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return Read.failed(source.location() + " was not fetched: interrupted");
				}
				read = fetch(https, false);
			}
			return read;
		}
		Read previous = read(source);
		for (int attempt = 1; attempt < STABLE_READ_ATTEMPTS && previous.failure() == null; attempt++) {
			try {
				Thread.sleep(STABLE_READ_PAUSE_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return Read.failed(source.location() + " was not read: interrupted");
			}
			Read next = read(source);
			if (next.failure() != null || next.checksum() == previous.checksum()) {
				return next;
			}
			previous = next;
		}
		return (previous.failure() != null) ? previous
				: Read.failed(source.location() + " kept changing while it was read; publish a list by replacing the "
						+ "file in one step (rename, or a ConfigMap's symlink swap)");
	}

	/**
	 * Reads a source for a poll: a file as it is now; an HTTPS source conditionally, and in full
	 * when its last read failed (a 304 then stands for bytes that were never accepted).
	 */
	private static Read read(SourceState state, boolean conditional) {
		HttpsSource https = state.source.https();
		if (https == null) {
			return read(state.source);
		}
		Read read = fetch(https, conditional);
		if (read.notModified() && read.checksum() != state.seen) {
			read = fetch(https, false);
		}
		return read;
	}

	private static Read fetch(HttpsSource https, boolean conditional) {
		HttpsSource.Fetched fetched = https.fetch(conditional, IpWhitelistLoader::checksum);
		String failure = fetched.failure();
		if (failure != null) {
			return Read.failed(failure);
		}
		byte[] body = fetched.body();
		return new Read((body != null) ? body : new byte[0], fetched.checksum(), null, null, fetched.notModified());
	}

	private static Read read(EntrySource source) {
		Path directory = directory(source);
		if (directory != null) {
			return readDirectory(source, directory);
		}
		try (InputStream in = source.resource().getInputStream()) {
			byte[] content = in.readNBytes(MAX_FILE_BYTES + 1);
			if (content.length > MAX_FILE_BYTES) {
				return Read.failed(source.location() + " is larger than " + MAX_FILE_BYTES + " bytes");
			}
			return new Read(content, checksum(content), null);
		}
		catch (IOException ex) {
			return Read.failed(source.location() + " cannot be read: "
					+ LogSafe.escape(String.valueOf(ex.getMessage()), 200));
		}
	}

	/**
	 * The directory a tenants source names, or {@code null}: a directory of one file per tenant
	 * (a Kubernetes ConfigMap mounted as a volume, say).
	 */
	private static @Nullable Path directory(EntrySource source) {
		if (!source.tenants() || !source.resource().isFile()) {
			return null;
		}
		try {
			Path path = source.resource().getFile().toPath();
			return Files.isDirectory(path) ? path : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * Reads a directory of tenant files: each regular file whose name does not start with a dot
	 * holds one tenant's entries, one a line as in a plain list; the tenant is the file name
	 * without a {@code .txt} ending. Hidden entries (a ConfigMap's {@code ..data}) are skipped.
	 */
	private static Read readDirectory(EntrySource source, Path directory) {
		Map<String, byte[]> files = new TreeMap<>();
		long total = 0;
		CRC32C crc = new CRC32C();
		try (Stream<Path> listing = Files.list(directory)) {
			for (Path file : listing.sorted().toList()) {
				String name = file.getFileName().toString();
				if (name.startsWith(".") || !Files.isRegularFile(file)) {
					continue;
				}
				byte[] content = Files.readAllBytes(file);
				total += content.length;
				if (total > MAX_FILE_BYTES) {
					return Read.failed(source.location() + " holds more than " + MAX_FILE_BYTES + " bytes");
				}
				files.put(name, content);
				crc.update(name.getBytes(StandardCharsets.UTF_8));
				crc.update(0);
				crc.update(content);
				crc.update(0);
			}
		}
		catch (IOException ex) {
			return Read.failed(source.location() + " cannot be read: "
					+ LogSafe.escape(String.valueOf(ex.getMessage()), 200));
		}
		return new Read(new byte[0], (crc.getValue() << 32) ^ total ^ files.size(), null, files);
	}

	/**
	 * Parses a directory of tenant files into each tenant's entries.
	 */
	private static Outcome parseDirectory(EntrySource source, Map<String, byte[]> files) {
		Map<String, List<IpEntry>> byTenant = new LinkedHashMap<>();
		List<String> lines = new ArrayList<>();
		int errors = 0;
		for (Map.Entry<String, byte[]> file : files.entrySet()) {
			String name = file.getKey();
			String tenant = name.endsWith(".txt") ? name.substring(0, name.length() - 4) : name;
			String location = source.location() + (source.location().endsWith("/") ? "" : "/") + name;
			if (!TenantIds.isValid(tenant)) {
				errors++;
				lines.add(LogSafe.escape(name, 80) + ": the file name is not a tenant id (" + TenantIds.RULE
						+ ", optionally ending in .txt)");
				continue;
			}
			try {
				EntryFileParser.Result result = EntryFileParser.parse(location, file.getValue());
				errors += result.errorCount();
				for (EntryFileParser.LineError error : result.errors()) {
					lines.add(LogSafe.escape(name, 80) + " " + error);
				}
				byTenant.put(tenant, result.entries());
			}
			catch (InvalidSyntaxException ex) {
				errors++;
				lines.add(LogSafe.escape(name, 80) + " is " + ex.getProblem());
			}
		}
		if (errors > 0) {
			return Outcome.failed(errors + " bad line(s) or file(s)", lines, errors);
		}
		return new Outcome(List.of(), byTenant, true, "", List.of(), 0);
	}

	private static long checksum(byte[] content) {
		CRC32C crc = new CRC32C();
		crc.update(content);
		return (crc.getValue() << 32) ^ content.length;
	}

	/**
	 * The bytes of one read, or why there are none.
	 */
	private record Read(byte[] content, long checksum, @Nullable String failure, @Nullable Map<String, byte[]> files,
			boolean notModified) {

		Read(byte[] content, long checksum, @Nullable String failure) {
			this(content, checksum, failure, null, false);
		}

		Read(byte[] content, long checksum, @Nullable String failure, @Nullable Map<String, byte[]> files) {
			this(content, checksum, failure, files, false);
		}

		static Read failed(String failure) {
			return new Read(new byte[0], NONE, failure);
		}

	}

	/**
	 * The entries of one good read, or why the read is not usable (the bad lines kept, and how
	 * many there were in all).
	 */
	private record Outcome(List<IpEntry> entries, Map<String, List<IpEntry>> byTenant, boolean ok, String failure,
			List<String> errorLines, int errorCount) {

		static Outcome failed(String failure, List<String> errorLines, int errorCount) {
			return new Outcome(List.of(), Map.of(), false, failure, errorLines, errorCount);
		}

	}

}
