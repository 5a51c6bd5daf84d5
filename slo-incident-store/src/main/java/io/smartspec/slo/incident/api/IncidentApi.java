package io.smartspec.slo.incident.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Secret;
import io.smartspec.slo.incident.api.internal.AlertmanagerWebhook;
import io.smartspec.slo.incident.store.AlertSignal;
import io.smartspec.slo.incident.store.Incident;
import io.smartspec.slo.incident.store.IncidentException;
import io.smartspec.slo.incident.store.IncidentQuery;
import io.smartspec.slo.incident.store.IncidentState;
import io.smartspec.slo.incident.store.Incidents;
import io.smartspec.slo.incident.store.internal.IncidentJson;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.lang.System.Logger.Level.ERROR;

/**
 * The incident API, version 1, as a handler for the JDK {@code HttpServer}
 * ({@code server.createContext("/", IncidentApi.of(incidents).writeToken(token))}); documented in
 * {@code docs/incident-api.md}:
 * <ul>
 * <li>{@code GET /v1/incidents?state=&spec=&priority=&since=&limit=} — newest first, without timelines</li>
 * <li>{@code GET /v1/incidents/{id}} — one incident with its timeline ({@code id} or {@code spec/slo})</li>
 * <li>{@code POST /v1/incidents/{id}/acknowledge}, {@code .../resolve} — body {@code {"by":..,"reason":..}}</li>
 * <li>{@code POST /v1/incidents/{id}/notes} — body {@code {"by":..,"text":..}}</li>
 * <li>{@code POST /v1/alertmanager} — Alertmanager's webhook: alerts of the generated rules open and
 *     recover incidents</li>
 * </ul>
 * Writes (every {@code POST}) need {@code Authorization: Bearer <token>}, compared in constant time;
 * without a configured token they are refused (401). Errors are JSON {@code {"error": "..."}} with
 * 400 (malformed), 401 (not authenticated), 404, 405, 409 (state does not allow it), 413 or 503.
 *
 * @since 0.1.0
 */
public final class IncidentApi implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(IncidentApi.class.getName());
    /** The environment variable {@code slo serve} and the CLI read the bearer token from. */
    public static final String TOKEN_ENV = "SLO_INCIDENTS_TOKEN";
    static final int MAX_BODY = 1 << 20;
    private static final Pattern INCIDENT = Pattern.compile("/v1/incidents/([^/]+(?:/[^/]+)?)");
    private static final Pattern ACTION = Pattern.compile("/v1/incidents/(.+)/(acknowledge|resolve|notes)");

    private final Incidents incidents;
    private final Optional<Secret> token;

    private IncidentApi(Incidents incidents, Optional<Secret> token) {
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.token = token;
    }

    /** The API over these incidents; writes refused until a {@link #writeToken(Secret)} is set. */
    public static IncidentApi of(Incidents incidents) {
        return new IncidentApi(incidents, Optional.empty());
    }

    /** The bearer token writes need (an empty secret refuses every write). */
    public IncidentApi writeToken(Secret token) {
        return new IncidentApi(incidents, Optional.of(token).filter(t -> !t.isEmpty()));
    }

    /** An incident as the API writes it (version 1), with or without its timeline. */
    public static String json(Incident incident, boolean withTimeline) {
        return IncidentJson.write(IncidentJson.incident(incident, withTimeline));
    }

    /** A list of incidents as {@code GET /v1/incidents} writes it. */
    public static String json(List<Incident> incidents) {
        ObjectNode root = IncidentJson.MAPPER.createObjectNode();
        ArrayNode arr = root.putArray("incidents");
        incidents.forEach(i -> arr.add(IncidentJson.incident(i, false)));
        return IncidentJson.write(root);
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Response r;
            try {
                r = route(ex);
            } catch (IncidentException e) {
                r = error(switch (e.reason()) {
                    case NOT_FOUND -> 404;
                    case CONFLICT -> 409;
                    case INVALID -> 400;
                    case STORE -> 503;
                }, e.getMessage());
                if (e.reason() == IncidentException.Reason.STORE) {
                    LOG.log(ERROR, "incident API: " + e.getMessage());
                }
            } catch (BadRequest e) {
                r = error(e.status, e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(ERROR, "incident API: " + ex.getRequestMethod() + " " + ex.getRequestURI().getPath()
                        + " failed: " + e);
                r = error(500, "internal error: " + e.getClass().getSimpleName());
            }
            byte[] body = IncidentJson.write(r.body).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            if (r.status == 401) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"slo-incidents\"");
            }
            ex.sendResponseHeaders(r.status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private record Response(int status, JsonNode body) {
    }

    private static final class BadRequest extends RuntimeException {
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private Response route(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.equals("/v1/incidents")) {
            requireMethod(method, "GET");
            return new Response(200, list(query(ex.getRequestURI().getRawQuery())));
        }
        if (path.equals("/v1/alertmanager")) {
            requireMethod(method, "POST");
            authenticate(ex);
            return alertmanager(readJson(ex));
        }
        Matcher action = ACTION.matcher(path);
        if (action.matches() && method.equals("POST")) {
            authenticate(ex);
            String ref = decode(action.group(1));
            JsonNode body = readJson(ex);
            String by = field(body, "by", true);
            Incident i = switch (action.group(2)) {
                case "acknowledge" -> incidents.acknowledge(ref, by, field(body, "reason", false));
                case "resolve" -> incidents.resolve(ref, by, field(body, "reason", false));
                default -> incidents.note(ref, by, field(body, "text", true));
            };
            return new Response(200, IncidentJson.incident(i, true));
        }
        Matcher one = INCIDENT.matcher(path);
        if (one.matches() && !action.matches()) {
            requireMethod(method, "GET");
            String ref = decode(one.group(1));
            return incidents.find(ref).map(i -> new Response(200, IncidentJson.incident(i, true)))
                    .orElseThrow(() -> new BadRequest(404, "no incident '" + ref + "'"));
        }
        if (action.matches()) {
            throw new BadRequest(405, method + " " + path + ": expected POST");
        }
        throw new BadRequest(404, "no such resource " + path + "; the API is /v1/incidents, /v1/incidents/{id}, "
                + "/v1/incidents/{id}/acknowledge|resolve|notes, /v1/alertmanager");
    }

    private JsonNode list(IncidentQuery q) {
        ObjectNode root = IncidentJson.MAPPER.createObjectNode();
        ArrayNode arr = root.putArray("incidents");
        incidents.list(q).forEach(i -> arr.add(IncidentJson.incident(i, false)));
        return root;
    }

    private Response alertmanager(JsonNode body) {
        AlertmanagerWebhook.Parsed parsed;
        try {
            parsed = AlertmanagerWebhook.parse(body);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, e.getMessage());
        }
        ObjectNode root = IncidentJson.MAPPER.createObjectNode();
        ArrayNode recorded = root.putArray("incidents");
        for (AlertSignal s : parsed.signals()) {
            incidents.onAlert(s).ifPresent(i -> recorded.addObject().put("id", i.id()).put("key", i.key())
                    .put("state", i.state().id()).put("breaching", i.breaching()));
        }
        ArrayNode ignored = root.putArray("ignored");
        parsed.ignored().forEach(ignored::add);
        return new Response(200, root);
    }

    static IncidentQuery query(String rawQuery) {
        IncidentQuery q = IncidentQuery.all();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> p : params(rawQuery).entrySet()) {
            String v = p.getValue();
            switch (p.getKey()) {
                case "state" -> {
                    Optional<IncidentState> s = IncidentState.parse(v);
                    if (s.isEmpty()) {
                        problems.add("state: '" + v + "'; expected open, acknowledged or resolved");
                    } else {
                        q = q.state(s.get());
                    }
                }
                case "spec" -> q = q.specId(v);
                case "priority" -> {
                    Optional<Priority> pr = Priority.parse(v);
                    if (pr.isEmpty()) {
                        problems.add("priority: '" + v + "'; expected P0, P1, P2 or P3");
                    } else {
                        q = q.priority(pr.get());
                    }
                }
                case "since" -> {
                    try {
                        q = q.since(Instant.parse(v));
                    } catch (DateTimeParseException e) {
                        problems.add("since: '" + v + "'; expected an ISO-8601 instant, e.g. 2026-11-29T00:00:00Z");
                    }
                }
                case "limit" -> {
                    try {
                        int n = Integer.parseInt(v);
                        if (n < 1 || n > 1000) {
                            throw new NumberFormatException();
                        }
                        q = q.limit(n);
                    } catch (NumberFormatException e) {
                        problems.add("limit: '" + v + "'; expected a number from 1 to 1000");
                    }
                }
                default -> problems.add(p.getKey() + ": unknown filter; expected state, spec, priority, since or "
                        + "limit");
            }
        }
        if (!problems.isEmpty()) {
            throw new BadRequest(400, String.join("; ", problems));
        }
        return q;
    }

    private static Map<String, String> params(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.put(k, v);
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static void requireMethod(String method, String expected) {
        if (!method.equals(expected)) {
            throw new BadRequest(405, "method " + method + " not allowed here; expected " + expected);
        }
    }

    private void authenticate(HttpExchange ex) {
        if (token.isEmpty()) {
            throw new BadRequest(401, "writes are disabled: no token is configured (set " + TOKEN_ENV
                    + " where the API runs)");
        }
        String header = Optional.ofNullable(ex.getRequestHeaders().getFirst("Authorization")).orElse("");
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new BadRequest(401, "missing bearer token; send Authorization: Bearer <token>");
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        byte[] expected = token.get().reveal().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, expected)) {
            throw new BadRequest(401, "the bearer token is not the configured one");
        }
    }

    private static JsonNode readJson(HttpExchange ex) throws IOException {
        byte[] bytes;
        try (InputStream in = ex.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) {
            throw new BadRequest(413, "body larger than " + MAX_BODY + " bytes");
        }
        if (bytes.length == 0) {
            throw new BadRequest(400, "body: empty; expected a JSON object");
        }
        try {
            JsonNode n = IncidentJson.MAPPER.readTree(bytes);
            if (n == null || !n.isObject()) {
                throw new BadRequest(400, "body: expected a JSON object");
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequest(400, "body: not JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
    }

    private static String field(JsonNode body, String name, boolean required) {
        JsonNode v = body.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                throw new BadRequest(400, name + ": missing; expected a string");
            }
            return "";
        }
        if (!v.isTextual()) {
            throw new BadRequest(400, name + ": expected a string, but was " + v.getNodeType().name().toLowerCase());
        }
        if (required && v.asText().isBlank()) {
            throw new BadRequest(400, name + ": empty; expected a non-empty string");
        }
        return v.asText();
    }

    private static Response error(int status, String message) {
        ObjectNode n = IncidentJson.MAPPER.createObjectNode();
        n.put("error", message);
        n.put("status", status);
        return new Response(status, n);
    }
}
