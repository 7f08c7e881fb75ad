package io.github.ipwhitelist.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.github.ipwhitelist.address.InvalidSyntaxException;
import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.address.LogSafe;
import io.github.ipwhitelist.rules.IpEntry;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the address lists that cloud and CDN providers publish, in their own JSON shapes: AWS's
 * {@code ip-ranges.json}, Google's {@code cloud.json} and Fastly's {@code public-ip-list}.
 * <p>
 * Nothing is skipped quietly: text that is not JSON, a missing list, an element of the wrong
 * shape or a bad prefix fails the whole read, naming the JSON pointer of the bad value, and so
 * does a filter that keeps no prefix at all (a misspelt service would otherwise trust nobody,
 * or allow nobody, without a word). A prefix the provider lists twice (AWS lists a range under
 * {@code AMAZON} and under its service) is kept once, with its first description.
 */
final class ProviderLists {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	/** Values named in a "no prefix matches" message. */
	private static final int VALUES_SHOWN = 12;

	private ProviderLists() {
	}

	/**
	 * Parses a provider's list.
	 * @param format the provider's format (not {@link SourceFormat#PLAIN})
	 * @param location the source's location, the origin of the entries
	 * @param content the bytes read
	 * @param filter the services and regions to keep
	 * @return the entries, one per distinct prefix
	 * @throws InvalidSyntaxException if the content is not a list of that provider, holds a bad
	 * value, or the filter keeps nothing
	 */
	static List<IpEntry> parse(SourceFormat format, String location, byte[] content, ProviderFilter filter) {
		JsonNode root;
		try {
			root = MAPPER.readTree(content);
		}
		catch (JacksonException ex) {
			throw new InvalidSyntaxException(format.name().toLowerCase() + " list", location,
					"not JSON: " + LogSafe.escape(String.valueOf(ex.getOriginalMessage())
						// Jackson's note on where an unclosed array began names no useful place.
						.replaceAll(" \\(start marker at \\[[^\\]]*\\]\\)", ""), 200) + locationOf(ex));
		}
		if (root == null || !root.isObject()) {
			throw problem(format, location, "the document is not a JSON object");
		}
		Collector collector = new Collector(location);
		switch (format) {
			case AWS -> {
				aws(format, location, root, "prefixes", "ip_prefix", filter, collector);
				aws(format, location, root, "ipv6_prefixes", "ipv6_prefix", filter, collector);
			}
			case GOOGLE -> google(format, location, root, filter, collector);
			case FASTLY -> {
				fastly(format, location, root, "addresses", collector);
				fastly(format, location, root, "ipv6_addresses", collector);
			}
			case PLAIN -> throw new IllegalArgumentException("a plain list is not JSON");
		}
		if (collector.entries.isEmpty()) {
			String why = filter.isEmpty() ? "it lists no prefix"
					: "no prefix has " + filter + " (services listed: " + shown(collector.services) + "; regions: "
							+ shown(collector.regions) + ")";
			throw problem(format, location, why);
		}
		return List.copyOf(collector.entries.values());
	}

	private static void aws(SourceFormat format, String location, JsonNode root, String list, String field,
			ProviderFilter filter, Collector collector) {
		JsonNode prefixes = array(format, location, root, list);
		for (int i = 0; i < prefixes.size(); i++) {
			String pointer = "/" + list + "/" + i;
			JsonNode element = object(format, location, prefixes.get(i), pointer);
			String service = text(format, location, element, "service", pointer);
			String region = text(format, location, element, "region", pointer);
			collector.services.add(service);
			collector.regions.add(region);
			if (filter.keepsService(service) && filter.keepsRegion(region)) {
				collector.add(format, prefix(format, location, element, field, pointer),
						"AWS " + service + " " + region);
			}
		}
	}

	private static void google(SourceFormat format, String location, JsonNode root, ProviderFilter filter,
			Collector collector) {
		JsonNode prefixes = array(format, location, root, "prefixes");
		for (int i = 0; i < prefixes.size(); i++) {
			String pointer = "/prefixes/" + i;
			JsonNode element = object(format, location, prefixes.get(i), pointer);
			// goog.json names neither: then only an empty filter keeps its prefixes.
			String service = element.has("service") ? text(format, location, element, "service", pointer) : "";
			String scope = element.has("scope") ? text(format, location, element, "scope", pointer) : "";
			if (!service.isEmpty()) {
				collector.services.add(service);
			}
			if (!scope.isEmpty()) {
				collector.regions.add(scope);
			}
			boolean v4 = element.has("ipv4Prefix");
			boolean v6 = element.has("ipv6Prefix");
			if (v4 == v6) {
				throw problem(format, location, pointer + " has " + (v4 ? "both ipv4Prefix and ipv6Prefix" : "neither "
						+ "ipv4Prefix nor ipv6Prefix"));
			}
			if (filter.keepsService(service) && filter.keepsRegion(scope)) {
				String description = ("Google " + service + " " + scope).trim();
				collector.add(format, prefix(format, location, element, v4 ? "ipv4Prefix" : "ipv6Prefix", pointer),
						description);
			}
		}
	}

	private static void fastly(SourceFormat format, String location, JsonNode root, String list, Collector collector) {
		JsonNode addresses = array(format, location, root, list);
		for (int i = 0; i < addresses.size(); i++) {
			JsonNode value = addresses.get(i);
			String pointer = "/" + list + "/" + i;
			if (!value.isString()) {
				throw problem(format, location, pointer + " is not a string");
			}
			collector.add(format, parsePrefix(format, location, value.asString(), pointer), "Fastly");
		}
	}

	private static JsonNode array(SourceFormat format, String location, JsonNode root, String name) {
		JsonNode node = root.get(name);
		if (node == null || !node.isArray()) {
			throw problem(format, location, "/" + name + " is " + ((node == null) ? "missing" : "not an array")
					+ ": is this " + expected(format) + "?");
		}
		return node;
	}

	private static JsonNode object(SourceFormat format, String location, JsonNode node, String pointer) {
		if (!node.isObject()) {
			throw problem(format, location, pointer + " is not an object");
		}
		return node;
	}

	private static String text(SourceFormat format, String location, JsonNode element, String field,
			String pointer) {
		JsonNode value = element.get(field);
		if (value == null || !value.isString()) {
			throw problem(format, location,
					pointer + "/" + field + " is " + ((value == null) ? "missing" : "not a string"));
		}
		return value.asString();
	}

	private static IpPrefix prefix(SourceFormat format, String location, JsonNode element, String field,
			String pointer) {
		return parsePrefix(format, location, text(format, location, element, field, pointer), pointer + "/" + field);
	}

	private static IpPrefix parsePrefix(SourceFormat format, String location, String text, String pointer) {
		try {
			return IpPrefix.parse(text);
		}
		catch (InvalidSyntaxException ex) {
			throw problem(format, location, pointer + " '" + LogSafe.escape(text, 80) + "' is not a CIDR prefix: "
					+ ex.getProblem());
		}
	}

	private static InvalidSyntaxException problem(SourceFormat format, String location, String problem) {
		return new InvalidSyntaxException(format.name().toLowerCase() + " list", location, problem);
	}

	private static String expected(SourceFormat format) {
		return switch (format) {
			case AWS -> "AWS's ip-ranges.json";
			case GOOGLE -> "Google's cloud.json";
			case FASTLY -> "Fastly's public-ip-list";
			case PLAIN -> "a plain list";
		};
	}

	private static String locationOf(JacksonException ex) {
		return (ex.getLocation() != null)
				? " at line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() : "";
	}

	private static String shown(TreeSet<String> values) {
		if (values.isEmpty()) {
			return "none";
		}
		List<String> first = new ArrayList<>();
		for (String value : values) {
			if (first.size() == VALUES_SHOWN) {
				first.add("... (" + values.size() + " in all)");
				break;
			}
			first.add(LogSafe.escape(value, 40));
		}
		return String.join(", ", first);
	}

	private static final class Collector {

		final String location;

		final Map<IpPrefix, IpEntry> entries = new LinkedHashMap<>();

		final TreeSet<String> services = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

		final TreeSet<String> regions = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

		Collector(String location) {
			this.location = location;
		}

		void add(SourceFormat format, IpPrefix prefix, @Nullable String description) {
			this.entries.putIfAbsent(prefix, new IpEntry(prefix, description, null, this.location));
		}

	}

}
