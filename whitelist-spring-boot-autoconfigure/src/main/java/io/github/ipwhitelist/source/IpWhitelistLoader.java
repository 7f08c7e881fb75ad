package io.github.ipwhitelist.source;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

import io.github.ipwhitelist.core.EntryFileParser;
import io.github.ipwhitelist.core.IpEntry;
import io.github.ipwhitelist.core.LogSafe;
import io.github.ipwhitelist.core.Mode;
import io.github.ipwhitelist.core.RuleSet;
import io.github.ipwhitelist.core.RuleSetHolder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Builds the live rule set from the entries of the properties and of the files, and rebuilds
 * it when a file changes. A new rule set is parsed and compiled here, off the request path,
 * then swapped into the {@link RuleSetHolder} in one step.
 * <p>
 * A file that cannot be read, or that holds a bad line, keeps the entries it had at its last
 * good load (the other files still update); every bad line is logged with its file and line
 * number, and the failure shows in {@link #statuses()} until a good version is loaded. At
 * startup there is no last good list: a bad file fails the start, like a bad property.
 */
public final class IpWhitelistLoader {

	/** Largest file read. */
	public static final int MAX_FILE_BYTES = 256 * 1024 * 1024;

	/** Most bad lines logged and kept per failed load; the rest are counted. */
	public static final int MAX_ERROR_LINES = 1000;

	private static final Log logger = LogFactory.getLog(IpWhitelistLoader.class);

	private final Mode mode;

	private final List<IpEntry> propertyAllow;

	private final List<IpEntry> propertyDeny;

	private final List<State> states;

	private final Clock clock;

	private final Consumer<RuleSet> onCompiled;

	private final RuleSetHolder holder;

	/**
	 * Loads every source; fails if any is bad.
	 * @param mode the mode
	 * @param propertyAllow allow entries from the properties
	 * @param propertyDeny deny entries from the properties
	 * @param sources the files
	 * @param clock the clock of load times
	 * @param onCompiled told of every rule set compiled (for warnings), before it goes live
	 * @throws InvalidSourceException if a source cannot be read or holds a bad line
	 */
	public IpWhitelistLoader(Mode mode, List<IpEntry> propertyAllow, List<IpEntry> propertyDeny,
			List<EntrySource> sources, Clock clock, Consumer<RuleSet> onCompiled) {
		this.mode = mode;
		this.propertyAllow = List.copyOf(propertyAllow);
		this.propertyDeny = List.copyOf(propertyDeny);
		this.clock = clock;
		this.onCompiled = onCompiled;
		List<State> loaded = new ArrayList<>();
		for (EntrySource source : sources) {
			State state = new State(source);
			byte[] content = read(source);
			EntryFileParser.Result result = parse(source, content);
			if (!result.errors().isEmpty()) {
				List<String> lines = result.errors().stream().limit(MAX_ERROR_LINES).map(Object::toString).toList();
				throw new InvalidSourceException(source.location(),
						result.errorCount() + " bad line(s) in " + source.location() + ", first: "
								+ result.errors().get(0),
						lines);
			}
			state.accept(result.entries(), checksum(content), clock.instant());
			loaded.add(state);
		}
		this.states = List.copyOf(loaded);
		this.holder = new RuleSetHolder(compile());
	}

	/**
	 * Returns the holder of the live rule set.
	 * @return the holder
	 */
	public RuleSetHolder holder() {
		return this.holder;
	}

	/**
	 * Returns whether there are files to watch.
	 * @return {@code true} if any source is configured
	 */
	public boolean hasSources() {
		return !this.states.isEmpty();
	}

	/**
	 * Reads every source again and swaps in a new rule set if any changed.
	 * @param force whether to rebuild even if no file changed
	 * @return whether a new rule set went live
	 */
	public synchronized boolean reload(boolean force) {
		Map<State, Loaded> loaded = new IdentityHashMap<>();
		for (State state : this.states) {
			EntrySource source = state.source;
			byte[] content;
			try {
				content = read(source);
			}
			catch (InvalidSourceException ex) {
				state.fail(ex.getMessage(), List.of(), this.clock.instant());
				logger.error("IP whitelist: " + ex.getMessage() + "; keeping its last good entries");
				continue;
			}
			long checksum = checksum(content);
			if (!force && state.lastError == null && checksum == state.checksum) {
				continue;
			}
			EntryFileParser.Result result = parse(source, content);
			if (!result.errors().isEmpty()) {
				List<String> lines = new ArrayList<>();
				for (EntryFileParser.LineError error : result.errors()) {
					if (lines.size() == MAX_ERROR_LINES) {
						break;
					}
					lines.add(error.toString());
					logger.error("IP whitelist: bad line in " + source.location() + " " + error);
				}
				if (result.errorCount() > lines.size()) {
					logger.error("IP whitelist: " + (result.errorCount() - lines.size()) + " more bad lines in "
							+ source.location());
				}
				state.fail(result.errorCount() + " bad line(s); keeping the last good entries", lines,
						this.clock.instant());
				continue;
			}
			loaded.put(state, new Loaded(result.entries(), checksum));
		}
		if (loaded.isEmpty() && !force) {
			return false;
		}
		RuleSet next;
		try {
			next = compile(loaded);
		}
		catch (RuntimeException ex) {
			// Nothing is committed: the statuses keep saying what is live, and the next poll retries.
			for (State state : loaded.keySet()) {
				state.fail("the new entries could not be compiled: " + ex.getMessage(), List.of(),
						this.clock.instant());
			}
			logger.error("IP whitelist: compiling the reloaded list failed; keeping the last good list", ex);
			return false;
		}
		Instant now = this.clock.instant();
		loaded.forEach((state, entries) -> state.accept(entries.entries(), entries.checksum(), now));
		this.holder.replace(next);
		logger.info("IP whitelist reloaded: " + next.allowEntries().size() + " allow entries, "
				+ next.denyEntries().size() + " deny entries");
		return true;
	}

	private record Loaded(List<IpEntry> entries, long checksum) {
	}

	/**
	 * Returns the state of every source.
	 * @return one status per source, in configuration order
	 */
	public List<SourceStatus> statuses() {
		return this.states.stream().map(State::status).toList();
	}

	private RuleSet compile() {
		return compile(Map.of());
	}

	private RuleSet compile(Map<State, Loaded> replacements) {
		List<IpEntry> allow = new ArrayList<>(this.propertyAllow);
		List<IpEntry> deny = new ArrayList<>(this.propertyDeny);
		for (State state : this.states) {
			Loaded replacement = replacements.get(state);
			(state.source.list() == ListKind.ALLOW ? allow : deny)
				.addAll((replacement != null) ? replacement.entries() : state.entries);
		}
		RuleSet rules = RuleSet.compile(this.mode, allow, deny, this.clock.instant());
		this.onCompiled.accept(rules);
		return rules;
	}

	private static byte[] read(EntrySource source) {
		try (InputStream in = source.resource().getInputStream()) {
			byte[] content = in.readNBytes(MAX_FILE_BYTES + 1);
			if (content.length > MAX_FILE_BYTES) {
				throw new InvalidSourceException(source.location(),
						source.location() + " is larger than " + MAX_FILE_BYTES + " bytes", List.of());
			}
			return content;
		}
		catch (IOException ex) {
			throw new InvalidSourceException(source.location(),
					source.location() + " cannot be read: " + LogSafe.escape(String.valueOf(ex.getMessage()), 200),
					List.of());
		}
	}

	private static EntryFileParser.Result parse(EntrySource source, byte[] content) {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(new ByteArrayInputStream(content), StandardCharsets.UTF_8))) {
			return EntryFileParser.parse(source.location(), reader);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Reading bytes in memory failed", ex);
		}
	}

	private static long checksum(byte[] content) {
		CRC32C crc = new CRC32C();
		crc.update(content);
		return (crc.getValue() << 32) ^ content.length;
	}

	private static final class State {

		private final EntrySource source;

		private volatile List<IpEntry> entries = List.of();

		private volatile long checksum;

		private volatile @Nullable Instant lastLoaded;

		private volatile @Nullable String lastError;

		private volatile @Nullable Instant lastErrorAt;

		private volatile List<String> errorLines = List.of();

		State(EntrySource source) {
			this.source = source;
		}

		void accept(List<IpEntry> entries, long checksum, Instant now) {
			this.entries = List.copyOf(entries);
			this.checksum = checksum;
			this.lastLoaded = now;
			this.lastError = null;
			this.lastErrorAt = null;
			this.errorLines = List.of();
		}

		void fail(String error, List<String> lines, Instant now) {
			this.lastError = error;
			this.lastErrorAt = now;
			this.errorLines = List.copyOf(lines.subList(0, Math.min(lines.size(), 20)));
		}

		SourceStatus status() {
			return new SourceStatus(this.source.location(), this.source.list(), this.lastLoaded, this.entries.size(),
					this.lastError, this.lastErrorAt, this.errorLines);
		}

	}

}
