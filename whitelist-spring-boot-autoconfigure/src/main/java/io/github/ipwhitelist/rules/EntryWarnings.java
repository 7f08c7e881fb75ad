package io.github.ipwhitelist.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import io.github.ipwhitelist.address.IpPrefix;
import org.jspecify.annotations.Nullable;

/**
 * Finds what is legal but probably not meant in a list of entries: a {@code /0}, a very broad
 * range, a duplicate, an entry that another makes useless, and a strict list with nothing live.
 */
public final class EntryWarnings {

	/** Shortest IPv4 prefix length that is not reported as broad. */
	public static final int BROAD_IPV4 = 8;

	/** Shortest IPv6 prefix length that is not reported as broad. */
	public static final int BROAD_IPV6 = 32;

	/**
	 * Largest list whose duplicates and shadowed entries are looked for; the analysis of a
	 * bigger list (a threat feed) would cost seconds at every reload.
	 */
	public static final int MAX_OVERLAP_ANALYSIS = 100_000;

	private EntryWarnings() {
	}

	/**
	 * Returns one sentence per finding, in a stable order.
	 * @param mode the mode
	 * @param allow the allow entries
	 * @param deny the deny entries
	 * @param now the instant used for expiry
	 * @return the warnings, empty when there is nothing to say
	 */
	public static List<String> check(Mode mode, List<IpEntry> allow, List<IpEntry> deny, Instant now) {
		List<String> warnings = new ArrayList<>();
		if (mode == Mode.STRICT && allow.stream().noneMatch((entry) -> entry.isLiveAt(now))) {
			warnings.add("strict mode with no live entries: every guarded request will be denied");
		}
		broad(allow, "allows", warnings);
		broad(deny, "denies", warnings);
		if (allow.size() + deny.size() > MAX_OVERLAP_ANALYSIS) {
			warnings.add("duplicates and shadowed entries were not looked for: " + (allow.size() + deny.size())
					+ " entries is more than " + MAX_OVERLAP_ANALYSIS);
			return warnings;
		}
		Map<IpPrefix, IpEntry> allowIndex = index(allow);
		Map<IpPrefix, IpEntry> denyIndex = index(deny);
		shadows(allow, allowIndex, "allow", warnings);
		shadows(deny, denyIndex, "deny", warnings);
		TreeSet<Integer> denyLengths = lengths(deny);
		for (IpEntry entry : allow) {
			IpEntry cover = findCover(entry, denyIndex, denyLengths, true);
			if (cover != null && cover.isLiveAt(now) && outlives(cover, entry)) {
				warnings.add(entry.origin() + " '" + entry.prefix() + "' never matches: deny entry " + cover.origin()
						+ " '" + cover.prefix() + "' covers it and deny wins");
			}
		}
		return warnings;
	}

	private static void broad(List<IpEntry> entries, String verb, List<String> warnings) {
		for (IpEntry entry : entries) {
			IpPrefix prefix = entry.prefix();
			if (prefix.length() == 0) {
				warnings.add(entry.origin() + " '" + prefix + "' " + verb + " every " + (prefix.isIpv4() ? "IPv4" : "IPv6")
						+ " address");
			}
			else if (prefix.length() <= (prefix.isIpv4() ? BROAD_IPV4 : BROAD_IPV6)) {
				warnings.add(entry.origin() + " '" + prefix + "' is a very broad range (/" + prefix.length()
						+ "); list narrower ranges where you can");
			}
		}
	}

	private static Map<IpPrefix, IpEntry> index(List<IpEntry> entries) {
		Map<IpPrefix, IpEntry> index = new HashMap<>();
		for (IpEntry entry : entries) {
			index.putIfAbsent(entry.prefix(), entry);
		}
		return index;
	}

	private static TreeSet<Integer> lengths(List<IpEntry> entries) {
		TreeSet<Integer> lengths = new TreeSet<>();
		for (IpEntry entry : entries) {
			lengths.add(entry.prefix().length() * 2 + (entry.prefix().isIpv4() ? 0 : 1));
		}
		return lengths;
	}

	private static void shadows(List<IpEntry> entries, Map<IpPrefix, IpEntry> index, String kind,
			List<String> warnings) {
		TreeSet<Integer> lengths = lengths(entries);
		for (IpEntry entry : entries) {
			IpEntry first = Objects.requireNonNull(index.get(entry.prefix()), "every entry's prefix is indexed");
			if (first != entry) {
				warnings.add(entry.origin() + " '" + entry.prefix() + "' duplicates " + first.origin());
				continue;
			}
			IpEntry cover = findCover(entry, index, lengths, false);
			if (cover != null && outlives(cover, entry)) {
				warnings.add(entry.origin() + " '" + entry.prefix() + "' is shadowed by " + kind + " entry "
						+ cover.origin() + " '" + cover.prefix() + "'");
			}
		}
	}

	/** Returns an entry of the index whose prefix covers the entry's, shorter or (if allowed) equal. */
	private static @Nullable IpEntry findCover(IpEntry entry, Map<IpPrefix, IpEntry> index, TreeSet<Integer> lengths,
			boolean includeEqual) {
		IpPrefix prefix = entry.prefix();
		int family = prefix.isIpv4() ? 0 : 1;
		for (int key : lengths) {
			if ((key & 1) != family) {
				continue;
			}
			int length = key >> 1;
			if (length > prefix.length() || (length == prefix.length() && !includeEqual)) {
				break;
			}
			IpEntry cover = index.get(IpPrefix.of(prefix.address().mask(length), length));
			if (cover != null) {
				return cover;
			}
		}
		return null;
	}

	private static boolean outlives(IpEntry cover, IpEntry entry) {
		if (cover.expiresAt() == null) {
			return true;
		}
		return entry.expiresAt() != null && !cover.expiresAt().isBefore(entry.expiresAt());
	}

}
