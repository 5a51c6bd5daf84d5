package io.smartspec.slo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartspec.slo.Priority;
import io.smartspec.slo.cli.internal.Args;
import io.smartspec.slo.incident.api.IncidentApi;
import io.smartspec.slo.incident.store.Incident;
import io.smartspec.slo.incident.store.IncidentException;
import io.smartspec.slo.incident.store.IncidentQuery;
import io.smartspec.slo.incident.store.IncidentState;
import io.smartspec.slo.incident.store.IncidentStore;
import io.smartspec.slo.incident.store.Incidents;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code slo incidents list|show|ack|resolve|note}: the incidents of the embedded store (default
 * {@value #DEFAULT_DB}, where {@code slo monitor} records them), of {@code --incidents-db DIR|URL}, or of
 * a running {@code slo serve} ({@code --url}, writes with the token in {@code SLO_INCIDENTS_TOKEN}).
 */
final class IncidentsCommand {

    /** Where {@code slo monitor} records incidents and {@code slo incidents} reads them, by default. */
    static final String DEFAULT_DB = io.smartspec.slo.cli.internal.MonitorCommand.DEFAULT_INCIDENTS;

    static final String USAGE = "usage: slo incidents list [--state open|acknowledged|resolved] [--spec ID] "
            + "[--priority P0..P3] [--since ISO-8601-INSTANT] [--limit N]\n"
            + "       slo incidents show ID|SPEC/SLO\n"
            + "       slo incidents ack|resolve ID|SPEC/SLO [--by NAME] [--reason TEXT]\n"
            + "       slo incidents note ID|SPEC/SLO --text TEXT [--by NAME]\n"
            + "  each with [--incidents-db DIR|JDBC-URL | --url API-URL] [--format text|json]";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> WHERE = Set.of("incidents-db", "url", "format");

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Clock clock;

    IncidentsCommand(PrintStream out, PrintStream err, Map<String, String> env, Clock clock) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.clock = clock;
    }

    /** Opens the store of {@code --incidents-db} (a directory or a jdbc: URL), default {@code fallback}. */
    static IncidentStore openStore(Optional<String> location, String fallback) {
        return IncidentStore.at(location.orElse(fallback));
    }

    int run(List<String> argv) {
        if (argv.isEmpty() || argv.contains("--help") || argv.get(0).equals("help")) {
            out.println(USAGE);
            out.println("Incidents: one per breach of an SLO, with its state and timeline (breach, deliveries,");
            out.println("acknowledgement, recovery, notes). ID is an incident's id, SPEC/SLO the SLO's latest incident.");
            return argv.isEmpty() ? SloCli.EXIT_USAGE : SloCli.EXIT_OK;
        }
        String sub = argv.get(0);
        List<String> rest = new ArrayList<>(argv.subList(1, argv.size()));
        String ref = null;
        if (!sub.equals("list")) {
            if (rest.isEmpty() || rest.get(0).startsWith("--")) {
                throw new Args.UsageException("slo incidents " + sub + " needs an incident: its ID or SPEC/SLO");
            }
            ref = rest.remove(0);
        }
        Set<String> valued = new java.util.HashSet<>(WHERE);
        switch (sub) {
            case "list" -> valued.addAll(Set.of("state", "spec", "priority", "since", "limit"));
            case "show" -> {
            }
            case "ack", "acknowledge", "resolve" -> valued.addAll(Set.of("by", "reason"));
            case "note" -> valued.addAll(Set.of("by", "text"));
            default -> throw new Args.UsageException("unknown incidents command '" + sub
                    + "'; expected list, show, ack, resolve or note");
        }
        Args args = Args.parse(rest, valued, Set.of());
        String format = args.value("format").orElse("text");
        if (!format.equals("text") && !format.equals("json")) {
            throw new Args.UsageException("--format: '" + format + "'; expected text or json");
        }
        if (args.has("url") && args.has("incidents-db")) {
            throw new Args.UsageException("--url and --incidents-db exclude each other");
        }
        String by = args.value("by").orElse(env.getOrDefault("USER", "cli"));
        try {
            JsonNode result = args.has("url") ? remote(args.value("url").get(), sub, ref, args, by)
                    : local(sub, ref, args, by);
            if (format.equals("json")) {
                out.println(result.toString());
            } else if (sub.equals("list")) {
                printList(result);
            } else {
                printIncident(result);
            }
            return SloCli.EXIT_OK;
        } catch (IncidentException e) {
            err.println("slo: " + e.getMessage());
            return e.reason() == IncidentException.Reason.NOT_FOUND || e.reason() == IncidentException.Reason.CONFLICT
                    ? 1 : SloCli.EXIT_USAGE;
        }
    }

    private JsonNode local(String sub, String ref, Args args, String by) {
        try (IncidentStore store = openStore(args.value("incidents-db"), DEFAULT_DB)) {
            Incidents incidents = Incidents.in(store).clock(clock).build();
            String json = switch (sub) {
                case "list" -> IncidentApi.json(incidents.list(query(args)));
                case "show" -> IncidentApi.json(incidents.find(ref).orElseThrow(() -> new IncidentException(
                        IncidentException.Reason.NOT_FOUND, "no incident '" + ref + "' in " + store.describe()
                        + "; slo incidents list shows them")), true);
                case "resolve" -> IncidentApi.json(incidents.resolve(ref, by, args.value("reason").orElse("")), true);
                case "note" -> IncidentApi.json(incidents.note(ref, by, args.value("text").orElseThrow(
                        () -> new Args.UsageException("note needs --text TEXT"))), true);
                default -> IncidentApi.json(incidents.acknowledge(ref, by, args.value("reason").orElse("")), true);
            };
            return read(json);
        }
    }

    private static IncidentQuery query(Args args) {
        IncidentQuery q = IncidentQuery.all();
        if (args.has("state")) {
            String s = args.value("state").get();
            q = q.state(IncidentState.parse(s).orElseThrow(() -> new Args.UsageException("--state: '" + s
                    + "'; expected open, acknowledged or resolved")));
        }
        if (args.has("spec")) {
            q = q.specId(args.value("spec").get());
        }
        if (args.has("priority")) {
            String p = args.value("priority").get();
            q = q.priority(Priority.parse(p).orElseThrow(() -> new Args.UsageException("--priority: '" + p
                    + "'; expected P0, P1, P2 or P3")));
        }
        if (args.has("since")) {
            String s = args.value("since").get();
            try {
                q = q.since(Instant.parse(s));
            } catch (DateTimeParseException e) {
                throw new Args.UsageException("--since: '" + s + "'; expected an ISO-8601 instant, e.g. "
                        + "2026-11-29T00:00:00Z");
            }
        }
        if (args.has("limit")) {
            String l = args.value("limit").get();
            try {
                q = q.limit(Integer.parseInt(l));
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException("--limit: '" + l + "'; expected a positive number");
            }
        }
        return q;
    }

    private JsonNode remote(String base, String sub, String ref, Args args, String by) {
        String root = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        HttpRequest.Builder request;
        if (sub.equals("list")) {
            StringBuilder q = new StringBuilder();
            for (String k : List.of("state", "spec", "priority", "since", "limit")) {
                args.value(k).ifPresent(v -> q.append(q.length() == 0 ? "?" : "&").append(k).append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            }
            request = HttpRequest.newBuilder(URI.create(root + "/v1/incidents" + q)).GET();
        } else {
            String path = root + "/v1/incidents/" + URLEncoder.encode(ref, StandardCharsets.UTF_8);
            if (sub.equals("show")) {
                request = HttpRequest.newBuilder(URI.create(path)).GET();
            } else {
                ObjectNode body = JSON.createObjectNode().put("by", by);
                String action = switch (sub) {
                    case "note" -> {
                        body.put("text", args.value("text").orElseThrow(
                                () -> new Args.UsageException("note needs --text TEXT")));
                        yield "notes";
                    }
                    case "resolve" -> {
                        body.put("reason", args.value("reason").orElse(""));
                        yield "resolve";
                    }
                    default -> {
                        body.put("reason", args.value("reason").orElse(""));
                        yield "acknowledge";
                    }
                };
                request = HttpRequest.newBuilder(URI.create(path + "/" + action))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
                String token = env.getOrDefault(IncidentApi.TOKEN_ENV, "");
                if (!token.isEmpty()) {
                    request.header("Authorization", "Bearer " + token);
                }
            }
        }
        try {
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = read(r.body());
            if (r.statusCode() / 100 != 2) {
                String message = root + " answered " + r.statusCode() + ": " + body.path("error").asText(r.body());
                throw new IncidentException(switch (r.statusCode()) {
                    case 404 -> IncidentException.Reason.NOT_FOUND;
                    case 409 -> IncidentException.Reason.CONFLICT;
                    default -> IncidentException.Reason.INVALID;
                }, message);
            }
            return body;
        } catch (IOException e) {
            throw new IncidentException(IncidentException.Reason.STORE, "cannot reach the incident API at " + root
                    + " (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IncidentException(IncidentException.Reason.STORE, "interrupted");
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IncidentException(IncidentException.Reason.STORE, "not the incident API's JSON: "
                    + (json.length() > 200 ? json.substring(0, 200) : json));
        }
    }

    // ----- text ---------------------------------------------------------------------------------

    private void printList(JsonNode root) {
        JsonNode list = root.path("incidents");
        if (list.isEmpty()) {
            out.println("no incidents");
            return;
        }
        String format = "%-12s  %-3s  %-12s  %-20s  %-9s  %s%n";
        out.printf(Locale.ROOT, format, "ID", "PRI", "STATE", "OPENED", "SLO IS", "SLO");
        for (JsonNode i : list) {
            String opened = i.path("opened_at").asText();
            try {
                opened = Instant.parse(opened).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
            } catch (DateTimeParseException e) {
                // shown as written
            }
            out.printf(Locale.ROOT, format, i.path("id").asText(), i.path("priority").asText(),
                    i.path("state").asText(), opened, i.path("breaching").asBoolean() ? "breached" : "recovered",
                    i.path("key").asText());
        }
        out.println(list.size() + " incident(s)");
    }

    private void printIncident(JsonNode i) {
        out.println("incident " + i.path("id").asText() + " [" + i.path("priority").asText() + "] "
                + i.path("key").asText() + (i.path("objective").asText().isEmpty() ? ""
                : " (objective " + i.path("objective").asText() + ")") + ": " + i.path("state").asText() + ", "
                + (i.path("breaching").asBoolean() ? "SLO breached" : "SLO recovered"));
        out.println("  opened      " + i.path("opened_at").asText() + snapshot(i.path("at_open")));
        if (i.has("worst")) {
            out.println("  worst       " + i.path("worst").path("at").asText() + snapshot(i.path("worst")));
        }
        if (i.has("at_recovery")) {
            out.println("  recovered   " + i.path("at_recovery").path("at").asText() + snapshot(i.path("at_recovery")));
        }
        if (i.has("error_budget_burned")) {
            out.printf(Locale.ROOT, "  budget      %.2f%% of the error budget burned%n",
                    i.path("error_budget_burned").asDouble() * 100);
        }
        for (String change : List.of("acknowledged", "resolved")) {
            if (i.has(change)) {
                JsonNode c = i.path(change);
                out.printf(Locale.ROOT, "  %-11s %s by %s%s%n", change.equals("acknowledged") ? "acked" : change,
                        c.path("at").asText(), c.path("by").asText(),
                        c.path("why").asText().isEmpty() ? "" : ": " + c.path("why").asText());
            }
        }
        out.println("  timeline:");
        for (JsonNode e : i.path("timeline")) {
            out.printf(Locale.ROOT, "    %-24s  %-12s  %-12s  %s%n", e.path("at").asText(), e.path("kind").asText(),
                    e.path("actor").asText(), e.path("text").asText());
        }
    }

    private static String snapshot(JsonNode s) {
        if (s.isMissingNode()) {
            return "";
        }
        String budget = s.has("error_budget_remaining") ? String.format(Locale.ROOT, ", %.2f%% of the error budget left",
                s.path("error_budget_remaining").asDouble() * 100) : "";
        return "  " + s.path("status").asText() + ": " + s.path("text").asText() + budget;
    }
}
