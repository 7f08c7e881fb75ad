package io.github.ipwhitelist.admin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.github.ipwhitelist.address.InvalidSyntaxException;
import io.github.ipwhitelist.address.IpPrefix;
import io.github.ipwhitelist.address.IpRange;
import io.github.ipwhitelist.address.LogSafe;
import io.github.ipwhitelist.audit.DenialHistory;
import io.github.ipwhitelist.audit.DenialQueries;
import io.github.ipwhitelist.rules.IpEntry;
import io.github.ipwhitelist.rules.Mode;
import io.github.ipwhitelist.rules.TenantIds;
import io.github.ipwhitelist.source.ListKind;
import io.github.ipwhitelist.store.InvalidTenantChangeException;
import io.github.ipwhitelist.store.StaleVersionException;
import io.github.ipwhitelist.store.StoredTenant;
import io.github.ipwhitelist.store.TenantChange;
import io.github.ipwhitelist.store.TenantConfiguredElsewhereException;
import io.github.ipwhitelist.store.TenantDocument;
import io.github.ipwhitelist.store.TenantJson;
import io.github.ipwhitelist.store.TenantNotFoundException;
import io.github.ipwhitelist.store.TenantStoreUnavailableException;
import io.github.ipwhitelist.store.Violation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The HTTP management API of tenant policies ({@code ip-whitelist.admin.*}), on top of
 * {@link IpWhitelistAdminService}: JSON in and out, errors as {@code application/problem+json},
 * {@code ETag}/{@code If-Match} on the policy's version.
 * <p>
 * The caller must be authenticated by the application's security and hold the configured
 * authority ({@code 401} otherwise, {@code 403} without the authority); the address gates
 * have already run, as for every request. The principal's name is recorded as the author of
 * each change.
 */
public final class IpWhitelistAdminHandler {

	/** Largest request body read. */
	static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

	private static final Log logger = LogFactory.getLog(IpWhitelistAdminHandler.class);

	private static final Set<String> REPLACE_FIELDS = Set.of("enabled", "mode", "entries", "deny", "reason");

	private static final Set<String> ADD_FIELDS = Set.of("entries", "list", "reason");

	private static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;

	private final IpWhitelistAdminService service;

	private final String authority;

	private final SecurityContextHolderStrategy security;

	private final @Nullable DenialHistory denials;

	/**
	 * Creates the handler.
	 * @param service the service
	 * @param authority the authority a caller must hold
	 * @param security where the caller's authentication is read
	 */
	public IpWhitelistAdminHandler(IpWhitelistAdminService service, String authority,
			SecurityContextHolderStrategy security) {
		this(service, authority, security, null);
	}

	/**
	 * Creates the handler of an application with a durable denial log.
	 * @param service the service
	 * @param authority the authority a caller must hold
	 * @param security where the caller's authentication is read
	 * @param denials the durable denial log, {@code null} without {@code audit.store=jdbc}
	 */
	public IpWhitelistAdminHandler(IpWhitelistAdminService service, String authority,
			SecurityContextHolderStrategy security, @Nullable DenialHistory denials) {
		this.service = service;
		this.authority = authority;
		this.security = security;
		this.denials = denials;
	}

	/**
	 * Returns the routes of the API under a base path.
	 * @param basePath the base path, e.g. {@code /admin/ip-whitelist}
	 * @return the routes
	 */
	public RouterFunction<ServerResponse> routes(String basePath) {
		String tenant = basePath + "/tenants/{tenant}";
		return RouterFunctions.route()
			.GET(tenant, (request) -> guarded(request, this::get))
			.PUT(tenant, (request) -> guarded(request, this::replace))
			.DELETE(tenant, (request) -> guarded(request, this::delete))
			.POST(tenant + "/entries", (request) -> guarded(request, this::addEntries))
			.DELETE(tenant + "/entries", (request) -> guarded(request, this::removeEntry))
			.GET(tenant + "/history", (request) -> guarded(request, this::history))
			.GET(tenant + "/denials", (request) -> guarded(request, this::denials))
			.build();
	}

	private ServerResponse guarded(ServerRequest request, Operation operation) throws IOException {
		Authentication authentication = this.security.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()
				|| authentication instanceof AnonymousAuthenticationToken) {
			return problem(401, "Unauthorized", "The management API needs an authenticated caller", null);
		}
		boolean granted = false;
		for (GrantedAuthority held : authentication.getAuthorities()) {
			granted |= this.authority.equals(held.getAuthority());
		}
		if (!granted) {
			return problem(403, "Forbidden", "The management API needs the authority " + this.authority, null);
		}
		String tenant = request.pathVariable("tenant");
		String method = request.method().name();
		if ((method.equals("PUT") || method.equals("POST")) && !isJson(request)) {
			return problem(415, "Unsupported Media Type",
					"The management API takes JSON: send Content-Type: application/json", null);
		}
		try {
			return operation.handle(request, tenant, authentication.getName());
		}
		catch (InvalidTenantChangeException ex) {
			ObjectNode body = problemBody(400, "Bad Request",
					ex.getViolations().size() + " bad value(s); nothing was changed");
			ArrayNode errors = body.putArray("errors");
			for (Violation violation : ex.getViolations()) {
				ObjectNode error = errors.addObject();
				error.put("pointer", violation.pointer());
				error.put("value", violation.value());
				error.put("detail", violation.message());
			}
			return json(400, PROBLEM, body, null);
		}
		catch (StaleVersionException ex) {
			ObjectNode body = problemBody(412, "Precondition Failed", String.valueOf(ex.getMessage()));
			body.put("currentVersion", ex.getCurrent());
			return json(412, PROBLEM, body, (ex.getCurrent() > 0) ? etag(ex.getCurrent()) : null);
		}
		catch (TenantNotFoundException ex) {
			return problem(404, "Not Found", String.valueOf(ex.getMessage()), null);
		}
		catch (TenantConfiguredElsewhereException ex) {
			ObjectNode body = problemBody(409, "Conflict", String.valueOf(ex.getMessage()));
			body.put("definedBy", ex.getDefinedBy());
			return json(409, PROBLEM, body, null);
		}
		catch (TenantStoreUnavailableException ex) {
			logger.warn("IP whitelist management API: " + ex.getMessage() + ": "
					+ LogSafe.escape(String.valueOf(ex.getCause()), 300));
			return json(503, PROBLEM, problemBody(503, "Service Unavailable",
					ex.getMessage() + "; requests are still decided from the last good policies"),
					HttpHeaders.RETRY_AFTER, "1");
		}
	}

	private static boolean isJson(ServerRequest request) {
		MediaType type = request.headers().contentType().orElse(null);
		return type != null && (MediaType.APPLICATION_JSON.isCompatibleWith(type)
				|| (type.getType().equals("application") && type.getSubtype().endsWith("+json")));
	}

	private ServerResponse get(ServerRequest request, String tenant, String by) throws IOException {
		StoredTenant stored = this.service.get(tenant);
		return json(200, MediaType.APPLICATION_JSON, tenant(stored.tenant(), stored.document(), stored.version(),
				stored.changedAt(), stored.changedBy()), etag(stored.version()));
	}

	private ServerResponse replace(ServerRequest request, String tenant, String by) throws IOException {
		List<Violation> violations = new ArrayList<>();
		Long expected = ifMatch(request);
		JsonNode body = body(request, REPLACE_FIELDS, violations);
		TenantDocument document = null;
		String reason = null;
		if (body != null) {
			JsonNode enabledNode = body.get("enabled");
			boolean enabled = true;
			if (enabledNode != null && !enabledNode.isNull()) {
				if (enabledNode.isBoolean()) {
					enabled = enabledNode.booleanValue();
				}
				else {
					violations.add(new Violation("/enabled", LogSafe.escape(enabledNode.toString(), 80),
							"must be true or false"));
				}
			}
			JsonNode modeNode = body.get("mode");
			Mode mode = (modeNode == null || modeNode.isNull()) ? Mode.STRICT
					: TenantJson.mode(modeNode, "/mode", violations);
			List<IpEntry> allow = TenantJson.entries(body.get("entries"), "/entries", violations);
			List<IpEntry> deny = TenantJson.entries(body.get("deny"), "/deny", violations);
			reason = TenantJson.optionalString(body.get("reason"), "/reason", TenantJson.MAX_REASON_LENGTH, violations);
			document = new TenantDocument(enabled, (mode != null) ? mode : Mode.STRICT, allow, deny);
		}
		if (!violations.isEmpty() || document == null) {
			throw new InvalidTenantChangeException(withTenant(tenant, violations));
		}
		return changed(this.service.replace(tenant, document, expected, by, reason));
	}

	private ServerResponse addEntries(ServerRequest request, String tenant, String by) throws IOException {
		List<Violation> violations = new ArrayList<>();
		Long expected = ifMatch(request);
		JsonNode body = body(request, ADD_FIELDS, violations);
		List<IpEntry> entries = List.of();
		ListKind list = ListKind.ALLOW;
		String reason = null;
		if (body != null) {
			JsonNode entriesNode = body.get("entries");
			if (entriesNode == null || entriesNode.isNull() || (entriesNode.isArray() && entriesNode.isEmpty())) {
				violations.add(new Violation("/entries", null, "at least one entry is needed"));
			}
			else {
				entries = TenantJson.entries(entriesNode, "/entries", violations);
			}
			JsonNode listNode = body.get("list");
			if (listNode != null && !listNode.isNull()) {
				ListKind parsed = list(listNode.isString() ? listNode.stringValue() : listNode.toString());
				if (parsed == null) {
					violations.add(new Violation("/list", LogSafe.escape(listNode.toString(), 80),
							"must be \"allow\" or \"deny\""));
				}
				else {
					list = parsed;
				}
			}
			reason = TenantJson.optionalString(body.get("reason"), "/reason", TenantJson.MAX_REASON_LENGTH, violations);
		}
		if (!violations.isEmpty() || body == null) {
			throw new InvalidTenantChangeException(withTenant(tenant, violations));
		}
		return changed(this.service.addEntries(tenant, list, entries, expected, by, reason));
	}

	private ServerResponse removeEntry(ServerRequest request, String tenant, String by) throws IOException {
		List<Violation> violations = new ArrayList<>();
		Long expected = ifMatch(request);
		String address = request.param("address").orElse(null);
		String prefix = null;
		if (address == null || address.isEmpty()) {
			violations.add(new Violation("address", null, "the query parameter address is needed"));
		}
		else {
			try {
				prefix = IpRange.isRange(address) ? IpRange.canonical(address) : IpPrefix.parse(address).toString();
			}
			catch (InvalidSyntaxException ex) {
				violations.add(new Violation("address", LogSafe.escape(address, 80), ex.getProblem()));
			}
		}
		String listText = request.param("list").orElse("allow");
		ListKind list = list(listText);
		if (list == null) {
			violations.add(new Violation("list", LogSafe.escape(listText, 80), "must be allow or deny"));
		}
		String reason = reason(request, violations);
		if (!violations.isEmpty() || prefix == null || list == null) {
			throw new InvalidTenantChangeException(withTenant(tenant, violations));
		}
		return changed(this.service.removeEntry(tenant, list, prefix, expected, by, reason));
	}

	private ServerResponse delete(ServerRequest request, String tenant, String by) throws IOException {
		List<Violation> violations = new ArrayList<>();
		Long expected = ifMatch(request);
		String reason = reason(request, violations);
		if (!violations.isEmpty()) {
			throw new InvalidTenantChangeException(withTenant(tenant, violations));
		}
		this.service.delete(tenant, expected, by, reason);
		return ServerResponse.noContent().build();
	}

	private ServerResponse history(ServerRequest request, String tenant, String by) throws IOException {
		ArrayNode body = TenantJson.mapper().createArrayNode();
		for (TenantChange change : this.service.history(tenant)) {
			ObjectNode record = body.addObject();
			record.put("version", change.version());
			record.put("at", change.at().toString());
			record.put("by", change.by());
			record.put("action", change.action());
			record.put("reason", change.reason());
			TenantDocument before = change.before();
			TenantDocument after = change.after();
			record.set("before", (before != null) ? TenantJson.write(before) : null);
			record.set("after", (after != null) ? TenantJson.write(after) : null);
		}
		return json(200, MediaType.APPLICATION_JSON, body, null);
	}

	/**
	 * A tenant's denials from the durable log, newest first, in pages:
	 * {@code ?since=&until=&address=&page=&size=}.
	 */
	private ServerResponse denials(ServerRequest request, String tenant, String by) throws IOException {
		List<Violation> violations = new ArrayList<>();
		DenialQueries.Parsed parsed = DenialQueries.parse(tenant, intParam(request, "page", violations),
				intParam(request, "size", violations), request.param("since").orElse(null),
				request.param("until").orElse(null), request.param("address").orElse(null));
		String error = parsed.error();
		if (error != null) {
			violations.add(new Violation(parsed.errorName(), parsed.errorValue(), error));
		}
		if (!violations.isEmpty() || !TenantIds.isValid(tenant)) {
			throw new InvalidTenantChangeException(withTenant(tenant, violations));
		}
		DenialHistory history = this.denials;
		if (history == null) {
			return problem(404, "Not Found", "There is no durable denial log: set ip-whitelist.audit.store=jdbc",
					null);
		}
		DenialHistory.Page page = history.query(parsed.require());
		ObjectNode body = TenantJson.mapper().createObjectNode();
		body.put("tenant", tenant);
		ArrayNode rows = body.putArray("denials");
		for (DenialHistory.Row row : page.denials()) {
			ObjectNode json = rows.addObject();
			json.put("address", row.address());
			json.put("code", row.code());
			json.put("minute", row.minute().toString());
			json.put("count", row.count());
			json.put("firstSeen", row.firstSeen().toString());
			json.put("lastSeen", row.lastSeen().toString());
			json.put("lastPath", row.lastPath());
			json.put("lastRequestId", row.lastRequestId());
		}
		body.put("page", page.page());
		body.put("size", page.size());
		body.put("more", page.more());
		return json(200, MediaType.APPLICATION_JSON, body, null);
	}

	private static @Nullable Integer intParam(ServerRequest request, String name, List<Violation> violations) {
		String text = request.param(name).orElse(null);
		if (text == null) {
			return null;
		}
		try {
			return Integer.valueOf(text);
		}
		catch (NumberFormatException ex) {
			violations.add(new Violation(name, LogSafe.escape(text, 80), "must be a whole number"));
			return null;
		}
	}

	private ServerResponse changed(TenantChange change) throws IOException {
		TenantDocument after = change.after();
		if (after == null) {
			return ServerResponse.noContent().build();
		}
		return json(200, MediaType.APPLICATION_JSON,
				tenant(change.tenant(), after, change.version(), change.at(), change.by()), etag(change.version()));
	}

	private static ObjectNode tenant(String tenant, TenantDocument document, long version, Instant changedAt,
			String changedBy) {
		ObjectNode body = TenantJson.mapper().createObjectNode();
		body.put("tenant", tenant);
		body.setAll(TenantJson.write(document));
		body.put("version", version);
		body.put("changedAt", changedAt.toString());
		body.put("changedBy", changedBy);
		return body;
	}

	/**
	 * Reads the body as a JSON object with known fields only.
	 */
	private static @Nullable JsonNode body(ServerRequest request, Set<String> fields, List<Violation> violations)
			throws IOException {
		byte[] bytes;
		try (InputStream in = request.servletRequest().getInputStream()) {
			bytes = in.readNBytes(MAX_BODY_BYTES + 1);
		}
		if (bytes.length > MAX_BODY_BYTES) {
			violations.add(new Violation("", null, "the body is larger than " + MAX_BODY_BYTES + " bytes"));
			return null;
		}
		JsonNode node = TenantJson.parse(new String(bytes, StandardCharsets.UTF_8), violations);
		if (node == null) {
			return null;
		}
		if (!node.isObject()) {
			violations.add(new Violation("", null, "the body must be a JSON object"));
			return null;
		}
		for (String name : node.propertyNames()) {
			if (!fields.contains(name)) {
				violations.add(new Violation(TenantJson.pointer("", name), null,
						"unknown field; expected " + String.join(", ", new java.util.TreeSet<>(fields))));
			}
		}
		return node;
	}

	private static @Nullable String reason(ServerRequest request, List<Violation> violations) {
		String reason = request.param("reason").orElse(null);
		if (reason != null && reason.length() > TenantJson.MAX_REASON_LENGTH) {
			violations.add(new Violation("reason", LogSafe.escape(reason, 80),
					"longer than " + TenantJson.MAX_REASON_LENGTH + " characters"));
			return null;
		}
		return reason;
	}

	private static @Nullable ListKind list(String text) {
		return switch (text.toLowerCase(Locale.ROOT)) {
			case "allow" -> ListKind.ALLOW;
			case "deny" -> ListKind.DENY;
			default -> null;
		};
	}

	/**
	 * Reads {@code If-Match}: {@code "N"} names a version, {@code *} any existing policy. Weak
	 * tags ({@code W/"N"}) never match (strong comparison, RFC 9110), nor does a tag that is no
	 * version of ours: the change fails with 412. A list of several versions is refused (400):
	 * a change is made from the one version its author read.
	 */
	private static @Nullable Long ifMatch(ServerRequest request) {
		List<String> values = request.headers().header(HttpHeaders.IF_MATCH);
		if (values.isEmpty()) {
			return null;
		}
		java.util.Set<Long> versions = new java.util.TreeSet<>();
		for (String value : values) {
			for (String tag : value.split(",")) {
				String trimmed = tag.trim();
				if (trimmed.equals("*")) {
					return IpWhitelistAdminService.ANY_VERSION;
				}
				long version = 0; // matches no stored version
				if (trimmed.length() >= 3 && trimmed.length() <= 20 && trimmed.startsWith("\"")
						&& trimmed.endsWith("\"")) {
					String digits = trimmed.substring(1, trimmed.length() - 1);
					if (digits.chars().allMatch((c) -> c >= '0' && c <= '9') && digits.charAt(0) != '0') {
						version = Long.parseLong(digits);
					}
				}
				versions.add(version);
			}
		}
		if (versions.size() > 1) {
			throw new InvalidTenantChangeException(List.of(new Violation("If-Match",
					LogSafe.escape(String.join(", ", values), 80), "names several versions; give the one you read")));
		}
		return versions.iterator().next();
	}

	private static List<Violation> withTenant(String tenant, List<Violation> violations) {
		List<Violation> all = new ArrayList<>();
		if (!io.github.ipwhitelist.rules.TenantIds.isValid(tenant)) {
			all.add(Violation.badTenant(tenant));
		}
		all.addAll(violations);
		return all;
	}

	private static String etag(long version) {
		return "\"" + version + "\"";
	}

	private static ObjectNode problemBody(int status, String title, String detail) {
		ObjectNode body = TenantJson.mapper().createObjectNode();
		body.put("type", "about:blank");
		body.put("title", title);
		body.put("status", status);
		body.put("detail", detail);
		return body;
	}

	private static ServerResponse problem(int status, String title, String detail, @Nullable String etag) {
		return json(status, PROBLEM, problemBody(status, title, detail), etag);
	}

	private static ServerResponse json(int status, MediaType type, JsonNode body, @Nullable String etag) {
		return (etag != null) ? json(status, type, body, HttpHeaders.ETAG, etag) : json(status, type, body, null, null);
	}

	/**
	 * Writes a JSON body with at most one extra header ({@code ETag}, {@code Retry-After}).
	 */
	private static ServerResponse json(int status, MediaType type, JsonNode body, @Nullable String header,
			@Nullable String value) {
		byte[] bytes = TenantJson.mapper().writeValueAsBytes(body);
		return ServerResponse.status(status).build((servletRequest, servletResponse) -> {
			servletResponse.setContentType(type.toString());
			servletResponse.setContentLength(bytes.length);
			if (header != null && value != null) {
				servletResponse.setHeader(header, value);
			}
			servletResponse.getOutputStream().write(bytes);
			return null;
		});
	}

	@FunctionalInterface
	private interface Operation {

		ServerResponse handle(ServerRequest request, String tenant, String by) throws IOException;

	}

}
