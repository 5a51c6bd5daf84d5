package io.smartspec.slo.prometheus.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.smartspec.slo.Indicator;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Secret;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.config.ReceiverConfig;
import io.smartspec.slo.prometheus.GrafanaDashboard;
import io.smartspec.slo.prometheus.PrometheusRules;
import io.smartspec.slo.prometheus.RuleFile;
import io.smartspec.slo.prometheus.StackDoctor;
import io.smartspec.slo.prometheus.StackDoctor.Check;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The checks of {@link StackDoctor}, over Prometheus's, Alertmanager's and Grafana's HTTP APIs. */
public final class DoctorChecks {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");
    private static final Set<String> KEYWORDS = Set.of("bool", "offset", "and", "or", "unless", "atan2", "inf",
            "nan", "start", "end");
    private static final Pattern MATCHER = Pattern.compile(
            "^\\s*\\{?\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(.*?)\\s*}?\\s*$");

    private final String specId;
    private final SloSet slos;
    private final Optional<String> prometheus;
    private final Map<String, Secret> prometheusHeaders;
    private final Optional<String> alertmanager;
    private final List<ReceiverConfig> receivers;
    private final Optional<String> grafana;
    private final Optional<Secret> grafanaToken;
    private final boolean sendTestAlert;
    private final Duration timeout;
    private HttpClient plainHttp;
    private HttpClient tlsHttp;
    private final List<Check> checks = new ArrayList<>();

    public DoctorChecks(String specId, SloSet slos, Optional<String> prometheus, Map<String, Secret> prometheusHeaders,
                        Optional<String> alertmanager,
                        List<ReceiverConfig> receivers, Optional<String> grafana, Optional<Secret> grafanaToken,
                        boolean sendTestAlert, Duration timeout) {
        this.specId = specId;
        this.slos = slos;
        this.prometheus = prometheus;
        this.prometheusHeaders = prometheusHeaders;
        this.alertmanager = alertmanager;
        this.receivers = receivers;
        this.grafana = grafana;
        this.grafanaToken = grafanaToken;
        this.sendTestAlert = sendTestAlert;
        this.timeout = timeout;
    }

    /**
     * The client for {@code uri}, made on first use: one that never sets up TLS for {@code http://} (the JDK's
     * client otherwise initialises the default {@code SSLContext} when it is built), one with the default TLS
     * for {@code https://}.
     */
    private HttpClient http(URI uri) {
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            if (plainHttp == null) {
                try {
                    // never initialised: an https request through it would fail, not go out unchecked
                    plainHttp = HttpClient.newBuilder().connectTimeout(timeout)
                            .sslContext(javax.net.ssl.SSLContext.getInstance("TLS"))
                            .sslParameters(new javax.net.ssl.SSLParameters()).build();
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException("this JDK has no TLS", e);
                }
            }
            return plainHttp;
        }
        if (tlsHttp == null) {
            tlsHttp = HttpClient.newBuilder().connectTimeout(timeout).build();
        }
        return tlsHttp;
    }

    public List<Check> run() {
        prometheus.ifPresentOrElse(this::prometheusChecks, () -> checks.add(Check.fail("prometheus reachable",
                "no Prometheus URL", "set url: in observability.yaml (provider: prometheus)")));
        alertmanager.ifPresent(this::alertmanagerChecks);
        grafana.ifPresent(this::grafanaCheck);
        return List.copyOf(checks);
    }

    // ----- Prometheus --------------------------------------------------------------------------------

    private void prometheusChecks(String url) {
        String shown = Secret.redactUrl(url);
        JsonNode build;
        try {
            build = getJson(url + "/api/v1/status/buildinfo", prometheusHeaders);
        } catch (IOException e) {
            checks.add(Check.fail("prometheus reachable", "cannot reach " + shown + ": " + e.getMessage(),
                    "start Prometheus, or correct url: in observability.yaml"));
            return;
        }
        checks.add(Check.pass("prometheus reachable", shown + " (Prometheus "
                + build.path("data").path("version").asText("?") + ")"));
        RuleFile expected = PrometheusRules.forSpec(specId, slos).build();
        seriesChecks(url);
        ruleChecks(url, expected);
        alertmanager.ifPresent(am -> sendsAlertsTo(url, am));
    }

    /** Whether Prometheus sends its alerts to this Alertmanager (its /api/v1/alertmanagers). */
    private void sendsAlertsTo(String url, String am) {
        String name = "prometheus sends alerts to alertmanager";
        URI target = URI.create(am);
        String hostPort = target.getHost() + ":" + (target.getPort() < 0 ? ("https".equals(target.getScheme()) ? 443
                : 80) : target.getPort());
        String fix = "add to prometheus.yml: alerting: {alertmanagers: [{static_configs: [{targets: [\"" + hostPort
                + "\"]}]}]} and reload Prometheus";
        try {
            JsonNode active = getJson(url + "/api/v1/alertmanagers", prometheusHeaders).path("data")
                    .path("activeAlertmanagers");
            List<String> urls = new ArrayList<>();
            active.forEach(a -> urls.add(a.path("url").asText()));
            boolean sends = urls.stream().map(URI::create).anyMatch(u -> target.getHost().equals(u.getHost())
                    && hostPort.endsWith(":" + (u.getPort() < 0 ? ("https".equals(u.getScheme()) ? 443 : 80)
                    : u.getPort())));
            if (sends) {
                checks.add(Check.pass(name, Secret.redactUrl(am)));
            } else {
                checks.add(Check.fail(name, urls.isEmpty() ? "Prometheus has no Alertmanager"
                        : "Prometheus sends to " + String.join(", ", urls.stream().map(Secret::redactUrl).toList())
                        + ", not to " + hostPort, fix));
            }
        } catch (IOException | IllegalArgumentException e) {
            checks.add(Check.fail(name, "cannot read " + Secret.redactUrl(url) + "/api/v1/alertmanagers: "
                    + e.getMessage(), fix));
        }
    }

    /**
     * For each SLO, whether the series its queries select exist now. The events of a ratio ({@code bad} or
     * {@code good}) may have none yet (a counter of errors appears with the first error) as long as the
     * metric itself exists; every other selector must have series.
     */
    private void seriesChecks(String url) {
        Duration w = Duration.ofMinutes(5);
        for (Slo slo : slos) {
            Set<String> required = new LinkedHashSet<>();
            Set<String> relaxed = new LinkedHashSet<>();
            try {
                if (slo.indicator() instanceof Indicator.EventsRatio r) {
                    relaxed.addAll(selectors(PromQl.events(r.eventsQuery(), w)));
                    required.addAll(selectors(PromQl.events(r.totalQuery(), w)));
                } else if (slo.indicator() instanceof Indicator.LatencyRatio l) {
                    required.addAll(selectors(PromQl.fasterThan(l.query(), l.threshold(), w)));
                    required.addAll(selectors(PromQl.events(l.query(), w)));
                } else {
                    required.addAll(selectors(((Indicator.Threshold) slo.indicator()).query()));
                }
            } catch (IllegalArgumentException e) {
                checks.add(Check.fail("series of " + slo.name(), e.getMessage(), "correct the query of " + slo.name()
                        + " in observability.yaml"));
                continue;
            }
            relaxed.removeAll(required);
            List<String> found = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            String error = null;
            for (String selector : concat(required, relaxed)) {
                try {
                    Optional<String> count = count(url, selector);
                    if (count.isPresent()) {
                        found.add(selector + " (" + count.get() + " series)");
                    } else if (relaxed.contains(selector) && metricName(selector).isPresent()
                            && count(url, metricName(selector).get()).isPresent()) {
                        found.add(selector + " (none yet; " + metricName(selector).get() + " exists)");
                    } else {
                        missing.add(selector);
                    }
                } catch (IOException e) {
                    error = selector + ": " + e.getMessage();
                }
            }
            String name = "series of " + slo.name();
            if (error != null) {
                checks.add(Check.fail(name, "query failed: " + error, "correct the query of " + slo.name()
                        + " in observability.yaml"));
            } else if (!missing.isEmpty()) {
                checks.add(Check.fail(name, "no series for " + String.join(", ", missing) + " in the last 5 minutes",
                        "check that Prometheus scrapes it (Status > Targets) and that the metric name and labels in "
                                + "the query of " + slo.name() + " in observability.yaml match what it exposes"));
            } else if (found.isEmpty()) {
                checks.add(Check.fail(name, "no series selector found in its queries", "write its query in PromQL "
                        + "with the metric's name"));
            } else {
                checks.add(Check.pass(name, String.join(", ", found)));
            }
        }
    }

    private static List<String> concat(Set<String> a, Set<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Optional<String> metricName(String selector) {
        int brace = selector.indexOf('{');
        return brace > 0 ? Optional.of(selector.substring(0, brace)) : Optional.empty();
    }

    /** How many series the selector has now, or empty when none. */
    private Optional<String> count(String url, String selector) throws IOException {
        JsonNode body = getJson(url + "/api/v1/query?query=" + encode("count(" + selector + ")"), prometheusHeaders);
        if (!"success".equals(body.path("status").asText())) {
            throw new IOException(body.path("error").asText("failed"));
        }
        JsonNode result = body.path("data").path("result");
        return result.isEmpty() ? Optional.empty() : Optional.of(result.get(0).path("value").get(1).asText());
    }

    private void ruleChecks(String url, RuleFile expected) {
        JsonNode groups;
        try {
            groups = getJson(url + "/api/v1/rules", prometheusHeaders).path("data").path("groups");
        } catch (IOException e) {
            checks.add(Check.fail("rules loaded", "cannot read " + Secret.redactUrl(url) + "/api/v1/rules: "
                    + e.getMessage(), "check that Prometheus is healthy"));
            return;
        }
        Map<String, JsonNode> loaded = new LinkedHashMap<>();
        groups.forEach(g -> loaded.put(g.path("name").asText(), g));
        String regenerate = regenerate("");
        List<String> missingGroups = new ArrayList<>();
        List<String> missingRules = new ArrayList<>();
        List<String> unhealthy = new ArrayList<>();
        int seen = 0;
        Map<String, String> alertStates = new LinkedHashMap<>();
        for (RuleFile.Group group : expected.groups()) {
            JsonNode g = loaded.get(group.name());
            if (g == null) {
                missingGroups.add(group.name());
                continue;
            }
            Map<String, JsonNode> rules = new LinkedHashMap<>();
            g.path("rules").forEach(r -> rules.put(r.path("name").asText(), r));
            for (RuleFile.Rule rule : group.rules()) {
                String name = rule instanceof RuleFile.Recording r ? r.record() : ((RuleFile.Alert) rule).alert();
                JsonNode r = rules.get(name);
                if (r == null) {
                    missingRules.add(group.name() + "/" + name);
                    continue;
                }
                seen++;
                if ("err".equals(r.path("health").asText())) {
                    unhealthy.add(name + " (" + group.name() + "): " + r.path("lastError").asText());
                }
                if (rule instanceof RuleFile.Alert a) {
                    String state = r.path("state").asText("inactive");
                    alertStates.merge(a.alert(), state, (x, y) -> x.equals("firing") || y.equals("firing") ? "firing"
                            : x.equals("pending") || y.equals("pending") ? "pending" : x);
                }
            }
        }
        int total = expected.rules().size();
        if (!missingGroups.isEmpty() || !missingRules.isEmpty()) {
            List<String> what = new ArrayList<>();
            if (!missingGroups.isEmpty()) {
                what.add(missingGroups.size() + " of " + expected.groups().size() + " rule groups are not loaded ("
                        + abbreviate(missingGroups) + ")");
            }
            if (!missingRules.isEmpty()) {
                what.add(missingRules.size() + " rules are missing from loaded groups (" + abbreviate(missingRules)
                        + "), which were written by another version or edited");
            }
            checks.add(Check.fail("rules loaded", "the rules of spec '" + specId + "': " + String.join("; ", what),
                    regenerate));
        } else {
            checks.add(Check.pass("rules loaded", "all " + total + " rules of spec '" + specId + "' in "
                    + expected.groups().size() + " groups"));
        }
        if (seen == 0) {
            checks.add(Check.fail("rules healthy", "no rule of spec '" + specId + "' is loaded to check",
                    regenerate));
        } else if (!unhealthy.isEmpty()) {
            checks.add(Check.fail("rules healthy", unhealthy.size() + " rules fail to evaluate: "
                    + abbreviate(unhealthy), "correct the queries in observability.yaml (the error says how), "
                    + "then regenerate the rules and reload Prometheus"));
        } else {
            checks.add(Check.pass("rules healthy", seen + " rules evaluate without error"));
        }
        List<String> expectedAlerts = expected.alerts().stream().map(RuleFile.Alert::alert).distinct().toList();
        List<String> absent = expectedAlerts.stream().filter(a -> !alertStates.containsKey(a)).toList();
        if (!absent.isEmpty()) {
            checks.add(Check.fail("alerts defined", absent.size() + " of " + expectedAlerts.size() + " alerts are not "
                    + "loaded: " + abbreviate(absent), regenerate(" (without --no-alerts)")));
        } else {
            List<String> active = new ArrayList<>();
            alertStates.forEach((name, state) -> {
                if (!state.equals("inactive")) {
                    active.add(name + " " + state);
                }
            });
            checks.add(Check.pass("alerts defined", expectedAlerts.size() + " alerts"
                    + (active.isEmpty() ? ", none firing" : "; now " + String.join(", ", active))));
        }
    }

    private String regenerate(String options) {
        return "write them with `slo rules --spec-id " + specId + " --out FILE`" + options + ", list FILE in "
                + "rule_files of prometheus.yml and reload Prometheus (SIGHUP, or POST /-/reload with "
                + "--web.enable-lifecycle)";
    }

    /** The series selectors of a PromQL expression ({@code name{labels}} or {@code {labels}}), in order. */
    public static List<String> selectors(String expr) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = expr.length();
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(expr, i);
            } else if (c == '[') {
                int end = expr.indexOf(']', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '{') {
                int end = closing(expr, i);
                out.add(expr.substring(i, end));
                i = end;
            } else if (Character.isDigit(c) || c == '.') {
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_'
                        || expr.charAt(i) == ':')) {
                    i++;
                }
                String word = expr.substring(start, i);
                int next = i;
                while (next < n && Character.isWhitespace(expr.charAt(next))) {
                    next++;
                }
                boolean call = next < n && expr.charAt(next) == '(';
                if (LABEL_LISTS.contains(word) && call) {
                    int end = expr.indexOf(')', next);
                    i = end < 0 ? n : end + 1;
                } else if (call || AGGREGATIONS.contains(word) || KEYWORDS.contains(word.toLowerCase())) {
                    continue;
                } else if (next < n && expr.charAt(next) == '{') {
                    int end = closing(expr, next);
                    out.add(word + expr.substring(next, end));
                    i = end;
                } else {
                    out.add(word);
                }
            } else {
                i++;
            }
        }
        return out;
    }

    private static int skipString(String s, int start) {
        char quote = s.charAt(start);
        int i = start + 1;
        while (i < s.length() && s.charAt(i) != quote) {
            i += s.charAt(i) == '\\' && quote != '`' ? 2 : 1;
        }
        return Math.min(i + 1, s.length());
    }

    private static int closing(String s, int open) {
        int i = open + 1;
        while (i < s.length() && s.charAt(i) != '}') {
            char c = s.charAt(i);
            i = c == '"' || c == '\'' || c == '`' ? skipString(s, i) : i + 1;
        }
        return Math.min(i + 1, s.length());
    }

    // ----- Alertmanager ------------------------------------------------------------------------------

    private void alertmanagerChecks(String url) {
        String shown = Secret.redactUrl(url);
        JsonNode status;
        try {
            status = getJson(url + "/api/v2/status", Map.of());
        } catch (IOException e) {
            checks.add(Check.fail("alertmanager reachable", "cannot reach " + shown + ": " + e.getMessage(),
                    "start Alertmanager, or correct the url of the alertmanager receiver in observability.yaml "
                            + "(or --alertmanager URL)"));
            return;
        }
        checks.add(Check.pass("alertmanager reachable", shown + " (Alertmanager "
                + status.path("versionInfo").path("version").asText("?") + ")"));
        JsonNode config;
        try {
            config = YAML.readTree(status.path("config").path("original").asText(""));
        } catch (IOException e) {
            checks.add(Check.fail("alertmanager routes", "cannot read its loaded configuration: " + e.getMessage(),
                    "check Alertmanager's status page"));
            return;
        }
        routeChecks(config);
        if (sendTestAlert) {
            testAlert(url);
        }
    }

    private void routeChecks(JsonNode config) {
        Set<String> combos = new LinkedHashSet<>();
        for (Slo slo : slos) {
            if (slo.hasErrorBudget()) {
                combos.add(slo.priority() + " page");
                combos.add(slo.priority() + " ticket");
            } else {
                combos.add(slo.priority() + (slo.priority().pages() ? " page" : " ticket"));
            }
        }
        List<ReceiverConfig> notifying = receivers.stream().filter(r -> !r.type().equals("alertmanager")).toList();
        Map<String, JsonNode> amReceivers = new LinkedHashMap<>();
        config.path("receivers").forEach(r -> amReceivers.put(r.path("name").asText(), r));
        List<String> untaken = new ArrayList<>();
        for (String combo : combos) {
            Priority priority = Priority.valueOf(combo.substring(0, 2));
            String severity = combo.substring(3);
            if (!notifying.isEmpty() && notifying.stream().noneMatch(r -> r.accepts(priority))) {
                untaken.add(combo);
                continue;
            }
            Map<String, String> labels = Map.of("alertname", "SloCheck", PrometheusRules.SPEC_ID, specId,
                    PrometheusRules.SLO, "any", PrometheusRules.PRIORITY, priority.name(), PrometheusRules.SEVERITY,
                    severity);
            String receiver = route(config.path("route"), labels, config.path("route").path("receiver").asText());
            JsonNode r = amReceivers.get(receiver);
            List<String> integrations = new ArrayList<>();
            if (r != null) {
                for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
                    String field = it.next();
                    if (field.endsWith("_configs") && r.path(field).size() > 0) {
                        integrations.add(field.substring(0, field.length() - "_configs".length()));
                    }
                }
            }
            String name = "alertmanager routes " + combo;
            String fix = "load the file written by `slo alertmanager --spec-id " + specId + " --out FILE` "
                    + "(or merge its route and receivers into yours) and reload Alertmanager";
            if (r == null) {
                checks.add(Check.fail(name, "alerts {spec_id=\"" + specId + "\", priority=\"" + priority
                        + "\", severity=\"" + severity + "\"} reach receiver '" + receiver + "', which is not "
                        + "defined", fix));
            } else if (integrations.isEmpty()) {
                checks.add(Check.fail(name, "alerts {spec_id=\"" + specId + "\", priority=\"" + priority
                        + "\", severity=\"" + severity + "\"} reach receiver '" + receiver + "', which notifies "
                        + "nobody", fix));
            } else {
                checks.add(Check.pass(name, "to receiver '" + receiver + "' (" + String.join(", ", integrations)
                        + ")"));
            }
        }
        if (!untaken.isEmpty()) {
            checks.add(Check.pass("alertmanager routes", "not checked: " + String.join(", ", untaken)
                    + " (no incident_response receiver takes " + (untaken.size() == 1 ? "it" : "them") + ")"));
        }
    }

    /** The receiver Alertmanager picks for these labels: the deepest matching route (first match unless continue). */
    static String route(JsonNode node, Map<String, String> labels, String inherited) {
        String receiver = node.path("receiver").asText(inherited);
        for (JsonNode child : node.path("routes")) {
            if (matches(child, labels)) {
                return route(child, labels, receiver);
            }
        }
        return receiver;
    }

    private static boolean matches(JsonNode route, Map<String, String> labels) {
        for (JsonNode m : route.path("matchers")) {
            Matcher matcher = MATCHER.matcher(m.asText());
            if (!matcher.matches()) {
                return false;
            }
            String value = matcher.group(3);
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                try {
                    value = JSON.readValue(value, String.class);
                } catch (IOException e) {
                    return false;
                }
            }
            if (!test(matcher.group(2), labels.getOrDefault(matcher.group(1), ""), value)) {
                return false;
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = route.path("match").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!labels.getOrDefault(e.getKey(), "").equals(e.getValue().asText())) {
                return false;
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = route.path("match_re").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!test("=~", labels.getOrDefault(e.getKey(), ""), e.getValue().asText())) {
                return false;
            }
        }
        return true;
    }

    private static boolean test(String op, String actual, String value) {
        return switch (op) {
            case "=" -> actual.equals(value);
            case "!=" -> !actual.equals(value);
            case "=~" -> Pattern.compile("^(?:" + value + ")$").matcher(actual).matches();
            default -> !Pattern.compile("^(?:" + value + ")$").matcher(actual).matches();
        };
    }

    private void testAlert(String url) {
        Priority priority = receivers.stream().filter(r -> !r.type().equals("alertmanager"))
                .flatMap(r -> r.priorities().isEmpty() ? java.util.stream.Stream.of(Priority.values())
                        : r.priorities().stream()).max(Enum::compareTo).orElse(Priority.P3);
        Instant now = Instant.now();
        Map<String, Object> alert = Map.of(
                "labels", Map.of("alertname", StackDoctor.TEST_ALERT, PrometheusRules.SPEC_ID, specId,
                        PrometheusRules.SLO, "slo-doctor", PrometheusRules.PRIORITY, priority.name(),
                        PrometheusRules.SEVERITY, "ticket"),
                "annotations", Map.of("summary", "Test alert from slo doctor for spec " + specId
                        + "; it resolves itself within 2 minutes"),
                "startsAt", now.toString(),
                "endsAt", now.plus(Duration.ofMinutes(2)).toString());
        String name = "alertmanager test alert";
        try {
            URI alertsApi = URI.create(url + "/api/v2/alerts");
            HttpResponse<String> r = http(alertsApi).send(HttpRequest.newBuilder(alertsApi)
                    .timeout(timeout).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(List.of(alert)))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                checks.add(Check.fail(name, "Alertmanager answered " + r.statusCode() + ": " + r.body(),
                        "check Alertmanager's log"));
                return;
            }
            String filter = "?filter=" + encode("alertname=\"" + StackDoctor.TEST_ALERT + "\"") + "&filter="
                    + encode("spec_id=\"" + specId + "\"");
            long deadline = System.nanoTime() + timeout.toNanos();
            do {
                JsonNode alerts = getJson(url + "/api/v2/alerts" + filter, Map.of());
                if (alerts.size() > 0) {
                    List<String> to = new ArrayList<>();
                    alerts.get(0).path("receivers").forEach(x -> to.add(x.path("name").asText()));
                    checks.add(Check.pass(name, StackDoctor.TEST_ALERT + " (" + priority + " ticket) arrived; "
                            + "routed to " + String.join(", ", to)));
                    return;
                }
                Thread.sleep(200);
            } while (System.nanoTime() < deadline);
            checks.add(Check.fail(name, StackDoctor.TEST_ALERT + " was accepted but is not listed within "
                    + timeout.toSeconds() + "s", "check Alertmanager's log"));
        } catch (IOException e) {
            checks.add(Check.fail(name, "cannot send it: " + e.getMessage(), "check that Alertmanager is up"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            checks.add(Check.fail(name, "interrupted", "run it again"));
        }
    }

    // ----- Grafana -----------------------------------------------------------------------------------

    private void grafanaCheck(String url) {
        String uid = GrafanaDashboard.forSpec(specId, slos).uid();
        String name = "grafana dashboard";
        String fix = "import the file written by `slo dashboard --spec-id " + specId + " --out FILE` (Dashboards > "
                + "New > Import), or provision it with `slo dashboard --spec-id " + specId + " --provisioning DIR`";
        try {
            URI dashboard = URI.create(url + "/api/dashboards/uid/" + uid);
            HttpRequest.Builder request = HttpRequest.newBuilder(dashboard).timeout(timeout);
            grafanaToken.ifPresent(t -> request.header("Authorization", "Bearer " + t.reveal()));
            HttpResponse<String> r = http(dashboard).send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                JsonNode d = JSON.readTree(r.body()).path("dashboard");
                checks.add(Check.pass(name, "'" + d.path("title").asText() + "' (uid " + uid + ", version "
                        + d.path("version").asText("?") + ") at " + Secret.redactUrl(url)));
            } else if (r.statusCode() == 404) {
                checks.add(Check.fail(name, "no dashboard with uid " + uid + " at " + Secret.redactUrl(url), fix));
            } else if (r.statusCode() == 401 || r.statusCode() == 403) {
                checks.add(Check.fail(name, "Grafana refused the request (" + r.statusCode() + ")",
                        "set GRAFANA_TOKEN to a service account token that may read dashboards"));
            } else {
                checks.add(Check.fail(name, "Grafana answered " + r.statusCode(), "check Grafana's log"));
            }
        } catch (IOException e) {
            checks.add(Check.fail(name, "cannot reach " + Secret.redactUrl(url) + ": " + e.getMessage(),
                    "start Grafana, or correct --grafana URL"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            checks.add(Check.fail(name, "interrupted", "run it again"));
        }
    }

    // ----- HTTP --------------------------------------------------------------------------------------

    private JsonNode getJson(String url, Map<String, Secret> headers) throws IOException {
        URI uri = URI.create(url);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout);
        headers.forEach((name, value) -> request.header(name, value.reveal()));
        HttpResponse<String> r;
        try {
            r = http(uri).send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IOException(e instanceof java.net.ConnectException ? "connection refused" : message, e);
        }
        if (r.statusCode() != 200 && r.statusCode() != 400 && r.statusCode() != 422) {
            throw new IOException("HTTP " + r.statusCode() + (r.statusCode() == 401 || r.statusCode() == 403
                    ? " (check bearer_token, basic_auth or headers in observability.yaml)" : ""));
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IOException("not JSON (is it the right server?)", e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String abbreviate(List<String> items) {
        return items.size() <= 3 ? String.join(", ", items)
                : String.join(", ", items.subList(0, 3)) + " and " + (items.size() - 3) + " more";
    }
}
