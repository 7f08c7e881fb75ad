package io.github.ipwhitelist.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.address.IpRange;

/**
 * An entry as it was written: a range with the prefixes that cover it, or one address or
 * prefix. What the endpoint, the explain view and the management API show, and what the store
 * keeps, so that a range written {@code 192.0.2.10-192.0.2.20} is read back that way.
 *
 * @param address the range or the prefix, in canonical text
 * @param entries the entries it stands for: the covering prefixes of a range, in order, or one
 */
public record WrittenEntry(String address, List<IpEntry> entries) {

	/**
	 * Returns the first entry, whose description, expiry and environments all the entries share.
	 * @return the first entry
	 */
	public IpEntry first() {
		return this.entries.get(0);
	}

	/**
	 * Returns whether this is a range.
	 * @return {@code true} for a range
	 */
	public boolean isRange() {
		return this.entries.get(0).range() != null && this.address.equals(this.entries.get(0).range());
	}

	/**
	 * Groups a list of entries as they were written: the covering prefixes of a range, when all
	 * of them follow each other with the same description, expiry, environments and origin, form
	 * one range; any other entry stands for itself, as its prefix (so a range that lost one of its
	 * prefixes is never written back whole).
	 * @param entries the entries, in list order
	 * @return the entries as written
	 */
	public static List<WrittenEntry> of(List<IpEntry> entries) {
		List<WrittenEntry> result = new ArrayList<>(entries.size());
		int i = 0;
		while (i < entries.size()) {
			IpEntry entry = entries.get(i);
			String range = entry.range();
			if (range != null) {
				List<IpPrefix> covering = IpRange.parse(range);
				int end = i + covering.size();
				if (end <= entries.size() && whole(entries, i, covering, entry)) {
					result.add(new WrittenEntry(range, List.copyOf(entries.subList(i, end))));
					i = end;
					continue;
				}
			}
			result.add(new WrittenEntry(entry.prefix().toString(), List.of(entry)));
			i++;
		}
		return result;
	}

	private static boolean whole(List<IpEntry> entries, int start, List<IpPrefix> covering, IpEntry first) {
		for (int k = 0; k < covering.size(); k++) {
			IpEntry entry = entries.get(start + k);
			if (!entry.prefix().equals(covering.get(k)) || !Objects.equals(entry.range(), first.range())
					|| !Objects.equals(entry.description(), first.description())
					|| !Objects.equals(entry.expiresAt(), first.expiresAt())
					|| !entry.environments().equals(first.environments()) || !entry.origin().equals(first.origin())) {
				return false;
			}
		}
		return true;
	}

}
