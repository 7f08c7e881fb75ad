package io.github.ipwhitelist.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.github.ipwhitelist.address.InvalidSyntaxException;
import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.address.IpRange;
import io.github.ipwhitelist.address.LogSafe;
import io.github.ipwhitelist.rules.Environments;
import io.github.ipwhitelist.rules.Expiry;
import io.github.ipwhitelist.rules.IpEntry;
import io.github.ipwhitelist.rules.Mode;
import io.github.ipwhitelist.rules.WrittenEntry;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON form of tenant policies and their entries, read with the same strict checks as the
 * properties: what the management API accepts and answers, and what the store keeps. Reading
 * collects every bad value with its JSON pointer instead of stopping at the first.
 * <p>
 * An entry is {@code {"address", "description", "expiresAt", "environments"}}, or just its
 * address as a string. {@code expiresAt} takes an ISO-8601 instant or a date (valid to the end
 * of that day, UTC), as {@code expires-at} does in the properties.
 */
public final class TenantJson {

	/** Longest description kept. */
	public static final int MAX_DESCRIPTION_LENGTH = 1024;

	/** Longest reason kept. */
	public static final int MAX_REASON_LENGTH = 1024;

	/** How much of a bad value is shown back. */
	static final int SHOWN_VALUE_LENGTH = 80;

	/** Origin of the entries of stored policies. */
	public static final String ORIGIN = "store";

	private static final Set<String> ENTRY_FIELDS = Set.of("address", "description", "expiresAt", "environments");

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private TenantJson() {
	}

	/**
	 * Parses JSON text, duplicate keys refused.
	 * @param text the text
	 * @param violations where a syntax error is reported (pointer {@code ""})
	 * @return the tree, {@code null} if the text is not JSON
	 */
	public static @Nullable JsonNode parse(String text, List<Violation> violations) {
		try {
			JsonNode node = MAPPER.readTree(text);
			if (node == null || node.isMissingNode()) {
				violations.add(new Violation("", null, "the body is empty; a JSON object is expected"));
				return null;
			}
			return node;
		}
		catch (JacksonException ex) {
			violations.add(new Violation("", null,
					"not JSON: " + LogSafe.escape(String.valueOf(ex.getOriginalMessage()), 200)));
			return null;
		}
	}

	/**
	 * Reads a list of entries.
	 * @param node the array (a missing or null node is an empty list)
	 * @param pointer the array's JSON pointer
	 * @param violations where bad values are added
	 * @return the entries that are good (the caller stores nothing if any violation was added)
	 */
	public static List<IpEntry> entries(@Nullable JsonNode node, String pointer, List<Violation> violations) {
		if (node == null || node.isMissingNode() || node.isNull()) {
			return List.of();
		}
		if (!node.isArray()) {
			violations.add(new Violation(pointer, shown(node), "must be an array of entries"));
			return List.of();
		}
		List<IpEntry> result = new ArrayList<>(node.size());
		Map<IpPrefix, Integer> seen = new HashMap<>();
		for (int i = 0; i < node.size(); i++) {
			String at = pointer + "/" + i;
			for (IpEntry entry : entry(node.get(i), at, violations)) {
				Integer first = seen.putIfAbsent(entry.prefix(), i);
				if (first != null) {
					violations.add(new Violation(at + "/address", entry.prefix().toString(),
							"listed twice: already at " + pointer + "/" + first));
					break;
				}
				result.add(entry);
			}
		}
		return result;
	}

	/**
	 * Reads one entry.
	 */
	static List<IpEntry> entry(JsonNode node, String pointer, List<Violation> violations) {
		if (node.isString()) {
			String range = IpRange.isRange(node.stringValue()) ? node.stringValue() : null;
			List<IpPrefix> prefixes = prefixes(node, pointer, violations);
			String written = (range != null && !prefixes.isEmpty()) ? IpRange.canonical(range) : null;
			return prefixes.stream().map((prefix) -> {
				IpEntry entry = new IpEntry(prefix, null, List.of(), null, ORIGIN);
				return (written != null) ? entry.inRange(written) : entry;
			}).toList();
		}
		if (!node.isObject()) {
			violations.add(new Violation(pointer, shown(node), "must be an entry object or an address string"));
			return List.of();
		}
		int before = violations.size();
		for (String name : node.propertyNames()) {
			if (!ENTRY_FIELDS.contains(name)) {
				violations.add(new Violation(pointer(pointer, name), null,
						"unknown field; an entry has address, description, expiresAt, environments"));
			}
		}
		JsonNode address = node.get("address");
		List<IpPrefix> prefixes = List.of();
		if (address == null || address.isNull()) {
			violations.add(new Violation(pointer + "/address", null, "the address is missing"));
		}
		else {
			prefixes = prefixes(address, pointer + "/address", violations);
		}
		String description = optionalString(node.get("description"), pointer + "/description",
				MAX_DESCRIPTION_LENGTH, violations);
		Instant expiresAt = null;
		String expiry = optionalString(node.get("expiresAt"), pointer + "/expiresAt", 64, violations);
		if (expiry != null) {
			try {
				expiresAt = Expiry.parse(expiry);
			}
			catch (IllegalArgumentException ex) {
				violations.add(new Violation(pointer + "/expiresAt", shown(expiry),
						"needs an ISO-8601 instant (2026-12-31T23:59:59Z) or a date (2026-12-31)"));
			}
		}
		List<String> environments = environments(node.get("environments"), pointer + "/environments", violations);
		if (violations.size() > before || prefixes.isEmpty()) {
			return List.of();
		}
		String text = description;
		Instant expires = expiresAt;
		String range = (address != null && IpRange.isRange(address.stringValue()))
				? IpRange.canonical(address.stringValue()) : null;
		return prefixes.stream().map((prefix) -> {
			IpEntry entry = new IpEntry(prefix, text, environments, expires, ORIGIN);
			return (range != null) ? entry.inRange(range) : entry;
		}).toList();
	}

	private static List<String> environments(@Nullable JsonNode node, String pointer, List<Violation> violations) {
		if (node == null || node.isNull()) {
			return List.of();
		}
		if (!node.isArray()) {
			violations.add(new Violation(pointer, shown(node), "must be an array of environment names"));
			return List.of();
		}
		List<String> result = new ArrayList<>();
		for (int i = 0; i < node.size(); i++) {
			JsonNode name = node.get(i);
			String at = pointer + "/" + i;
			if (!name.isString() || !Environments.isValid(name.stringValue())) {
				violations.add(new Violation(at, shown(name),
						"not an environment name: " + Environments.RULE));
				continue;
			}
			String normalized = Environments.name(name.stringValue());
			if (!result.contains(normalized)) {
				result.add(normalized);
			}
		}
		return result;
	}

	/**
	 * Reads an address, a prefix, or a range {@code first-last} (the prefixes that cover it).
	 * @return the prefixes, empty if bad (then a violation is added)
	 */
	private static List<IpPrefix> prefixes(JsonNode node, String pointer, List<Violation> violations) {
		if (!node.isString()) {
			violations.add(new Violation(pointer, shown(node), "must be an address, CIDR or range string"));
			return List.of();
		}
		try {
			String text = node.stringValue();
			return IpRange.isRange(text) ? IpRange.parse(text) : List.of(IpPrefix.parse(text));
		}
		catch (InvalidSyntaxException ex) {
			violations.add(new Violation(pointer, shown(node.stringValue()), ex.getProblem()));
			return List.of();
		}
	}

	/**
	 * Reads an optional string.
	 * @return the string, {@code null} if absent, null or bad (then a violation is added)
	 */
	public static @Nullable String optionalString(@Nullable JsonNode node, String pointer, int maxLength,
			List<Violation> violations) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isString()) {
			violations.add(new Violation(pointer, shown(node), "must be a string"));
			return null;
		}
		String text = node.stringValue();
		if (text.length() > maxLength) {
			violations.add(new Violation(pointer, shown(text), "longer than " + maxLength + " characters"));
			return null;
		}
		if (hasControl(text)) {
			violations.add(new Violation(pointer, shown(text), "holds a control character"));
			return null;
		}
		return text;
	}

	/**
	 * Reads a mode: {@code strict} or {@code permissive}, in any case.
	 * @return the mode, {@code null} if bad (then a violation is added)
	 */
	public static @Nullable Mode mode(JsonNode node, String pointer, List<Violation> violations) {
		if (node.isString()) {
			String text = node.stringValue().toLowerCase(Locale.ROOT);
			if (text.equals("strict")) {
				return Mode.STRICT;
			}
			if (text.equals("permissive")) {
				return Mode.PERMISSIVE;
			}
		}
		violations.add(new Violation(pointer, shown(node), "must be \"strict\" or \"permissive\""));
		return null;
	}

	/**
	 * Reads a stored policy (as {@link #write(TenantDocument)} wrote it).
	 * @throws IllegalStateException naming every bad value if the stored text is not a good policy
	 */
	static TenantDocument readStored(String tenant, boolean enabled, String mode, String allowJson, String denyJson) {
		List<Violation> violations = new ArrayList<>();
		Mode parsed = mode(MAPPER.getNodeFactory().stringNode(mode), "/mode", violations);
		List<IpEntry> allow = storedEntries(allowJson, "/entries", violations);
		List<IpEntry> deny = storedEntries(denyJson, "/deny", violations);
		if (!violations.isEmpty() || parsed == null) {
			throw new IllegalStateException("The stored policy of tenant " + tenant + " is not valid: "
					+ violations.stream().limit(5).map(Violation::toString).toList());
		}
		return new TenantDocument(enabled, parsed, allow, deny);
	}

	private static List<IpEntry> storedEntries(String json, String pointer, List<Violation> violations) {
		List<IpEntry> fast = storedEntries(json);
		if (fast != null) {
			return fast;
		}
		JsonNode node = parse(json, violations);
		if (node != null && !node.isArray()) {
			violations.add(new Violation(pointer, shown(node), "must be an array of entries"));
			return List.of();
		}
		return (node != null) ? entries(node, pointer, violations) : List.of();
	}

	/**
	 * Reads stored entries in one pass without a tree: the fast path of every startup and poll.
	 * Anything unexpected (a bad value, an unknown field, a duplicate) returns {@code null}, and
	 * the caller reads the text again with {@link #entries}, which names each problem.
	 * @return the entries, {@code null} if the text is not exactly what the store writes
	 */
	static @Nullable List<IpEntry> storedEntries(String json) {
		try (JsonParser parser = MAPPER.createParser(json)) {
			if (parser.nextToken() != JsonToken.START_ARRAY) {
				return null;
			}
			List<IpEntry> result = new ArrayList<>();
			Set<IpPrefix> seen = new HashSet<>();
			JsonToken token;
			while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
				IpEntry entry = (token == JsonToken.VALUE_STRING)
						? new IpEntry(IpPrefix.parse(parser.getString()), null, List.of(), null, ORIGIN)
						: (token == JsonToken.START_OBJECT) ? storedEntry(parser) : null;
				if (entry == null || !seen.add(entry.prefix())) {
					return null;
				}
				result.add(entry);
			}
			return (parser.nextToken() == null) ? result : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static @Nullable IpEntry storedEntry(JsonParser parser) {
		String address = null;
		String description = null;
		Instant expiresAt = null;
		List<String> environments = List.of();
		JsonToken token;
		while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			if (value == JsonToken.VALUE_NULL && !name.equals("address") && ENTRY_FIELDS.contains(name)) {
				continue;
			}
			switch (name) {
				case "address" -> address = (value == JsonToken.VALUE_STRING) ? parser.getString() : null;
				case "description" -> {
					if (value != JsonToken.VALUE_STRING) {
						return null;
					}
					description = parser.getString();
					if (description.length() > MAX_DESCRIPTION_LENGTH || hasControl(description)) {
						return null;
					}
				}
				case "expiresAt" -> {
					if (value != JsonToken.VALUE_STRING) {
						return null;
					}
					expiresAt = Expiry.parse(parser.getString());
				}
				case "environments" -> {
					if (value != JsonToken.START_ARRAY) {
						return null;
					}
					List<String> names = new ArrayList<>(2);
					while ((value = parser.nextToken()) == JsonToken.VALUE_STRING) {
						String normalized = Environments.name(parser.getString());
						if (!names.contains(normalized)) {
							names.add(normalized);
						}
					}
					if (value != JsonToken.END_ARRAY) {
						return null;
					}
					environments = names;
				}
				default -> {
					return null;
				}
			}
		}
		if (token != JsonToken.END_OBJECT || address == null) {
			return null;
		}
		return new IpEntry(IpPrefix.parse(address), description, environments, expiresAt, ORIGIN);
	}

	/**
	 * Reads a policy as a history keeps it.
	 */
	static @Nullable TenantDocument readHistory(@Nullable String json) {
		if (json == null) {
			return null;
		}
		List<Violation> violations = new ArrayList<>();
		JsonNode node = parse(json, violations);
		if (node == null || !node.isObject()) {
			throw new IllegalStateException("A stored history record is not valid: " + violations);
		}
		Mode mode = mode(node.path("mode"), "/mode", violations);
		TenantDocument document = new TenantDocument(node.path("enabled").booleanValue(true),
				(mode != null) ? mode : Mode.STRICT, entries(node.get("entries"), "/entries", violations),
				entries(node.get("deny"), "/deny", violations));
		if (!violations.isEmpty()) {
			throw new IllegalStateException("A stored history record is not valid: " + violations);
		}
		return document;
	}

	/**
	 * Writes a list of entries.
	 * @param entries the entries
	 * @return the JSON array
	 */
	public static ArrayNode write(List<IpEntry> entries) {
		ArrayNode array = MAPPER.createArrayNode();
		for (WrittenEntry written : WrittenEntry.of(entries)) {
			IpEntry entry = written.first();
			ObjectNode object = array.addObject();
			object.put("address", written.address());
			object.put("description", entry.description());
			Instant expiresAt = entry.expiresAt();
			object.put("expiresAt", (expiresAt != null) ? expiresAt.toString() : null);
			ArrayNode environments = object.putArray("environments");
			entry.environments().forEach(environments::add);
		}
		return array;
	}

	/**
	 * Writes a list of entries as the store keeps it: an entry with only an address is just the
	 * address, and absent fields are left out (a million entries load faster).
	 * @param entries the entries
	 * @return the JSON text
	 */
	public static String stored(List<IpEntry> entries) {
		ArrayNode array = MAPPER.createArrayNode();
		for (WrittenEntry written : WrittenEntry.of(entries)) {
			IpEntry entry = written.first();
			String description = entry.description();
			Instant expiresAt = entry.expiresAt();
			if (description == null && expiresAt == null && entry.environments().isEmpty()) {
				array.add(written.address());
				continue;
			}
			ObjectNode object = array.addObject();
			object.put("address", written.address());
			if (description != null) {
				object.put("description", description);
			}
			if (expiresAt != null) {
				object.put("expiresAt", expiresAt.toString());
			}
			if (!entry.environments().isEmpty()) {
				ArrayNode environments = object.putArray("environments");
				entry.environments().forEach(environments::add);
			}
		}
		return MAPPER.writeValueAsString(array);
	}

	/**
	 * Writes a policy: {@code {"enabled","mode","entries","deny"}}.
	 * @param document the policy
	 * @return the JSON object
	 */
	public static ObjectNode write(TenantDocument document) {
		ObjectNode object = MAPPER.createObjectNode();
		object.put("enabled", document.enabled());
		object.put("mode", mode(document.mode()));
		object.set("entries", write(document.allow()));
		object.set("deny", write(document.deny()));
		return object;
	}

	/**
	 * Returns a mode's name in the API.
	 */
	public static String mode(Mode mode) {
		return mode.name().toLowerCase(Locale.ROOT);
	}

	static String text(JsonNode node) {
		return MAPPER.writeValueAsString(node);
	}

	/**
	 * Returns the mapper the API writes its bodies with.
	 */
	public static JsonMapper mapper() {
		return MAPPER;
	}

	/**
	 * Whether a text holds a control character (U+0000 to U+001F, U+007F to U+009F): kept out
	 * of descriptions, reasons and authors, which end up in logs, audit records and databases
	 * (PostgreSQL refuses U+0000).
	 * @param text the text
	 * @return whether it holds one
	 */
	public static boolean hasControl(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (Character.isISOControl(text.charAt(i))) {
				return true;
			}
		}
		return false;
	}

	private static String shown(JsonNode node) {
		return shown(node.isString() ? node.stringValue() : MAPPER.writeValueAsString(node));
	}

	private static String shown(String text) {
		return LogSafe.escape(text, SHOWN_VALUE_LENGTH);
	}

	/**
	 * Returns the JSON pointer of a field of an object, its name escaped for a log line and for
	 * the pointer ({@code ~} and {@code /}).
	 * @param parent the object's pointer ({@code ""} for the body)
	 * @param name the field's name, as the request wrote it
	 * @return the field's pointer
	 */
	public static String pointer(String parent, String name) {
		return parent + "/" + LogSafe.escape(name, 64).replace("~", "~0").replace("/", "~1");
	}

}
