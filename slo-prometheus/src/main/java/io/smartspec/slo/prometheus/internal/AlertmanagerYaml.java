package io.smartspec.slo.prometheus.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Secret;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.Windows;
import io.smartspec.slo.config.ConfigSection;
import io.smartspec.slo.config.ReceiverConfig;
import io.smartspec.slo.prometheus.AlertmanagerConfig;
import io.smartspec.slo.prometheus.PrometheusRules;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Builds and writes the {@code alertmanager.yml} of {@link AlertmanagerConfig}. */
public final class AlertmanagerYaml {

    /** The receiver of alerts no route takes: Alertmanager keeps them, nobody is notified. */
    public static final String UNROUTED = "slo-unrouted";

    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .dumperOptions(RuleYaml.dumperOptions())
            .build());
    /** {@code ${NAME}}, {@code ${NAME:-x}} or a value that is {@code $NAME}: what a shell would expand. */
    private static final Pattern SHELL_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)[^}]*}"
            + "|^\\s*\\$([A-Za-z_][A-Za-z0-9_]*)\\s*$|\\{\\{\\s*env\\.([A-Za-z_][A-Za-z0-9_]*)[^}]*}}");
    private static final Set<PosixFilePermission> OWNER_RW = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_RWX = PosixFilePermissions.fromString("rwx------");
    private static final String PAGERDUTY_SEVERITY = "{{ if eq .CommonLabels.severity \"page\" }}critical"
            + "{{ else }}warning{{ end }}";

    private final String specId;
    private final Map<String, Object> document;
    private final Map<Path, String> secretFiles;
    private final boolean holdsSecrets;
    private final List<Priority> routed;
    private final String header;

    private AlertmanagerYaml(String specId, Map<String, Object> document, Map<Path, String> secretFiles,
                             boolean holdsSecrets, List<Priority> routed, String header) {
        this.specId = specId;
        this.document = document;
        this.secretFiles = secretFiles;
        this.holdsSecrets = holdsSecrets;
        this.routed = routed;
        this.header = header;
    }

    /** One receiver of incident_response, as Alertmanager integrations. */
    private record Integration(int index, String type, Map<String, Object> config) {
    }

    public static AlertmanagerYaml of(String specId, SloSet slos, List<ReceiverConfig> receivers, boolean inhibitLower,
                                      Optional<Path> secretsDir, String source, Duration groupWait) {
        List<Problem> problems = new ArrayList<>();
        Map<Path, String> secretFiles = new LinkedHashMap<>();
        List<Integration> integrations = new ArrayList<>();
        boolean[] inline = {false};
        for (int i = 0; i < receivers.size(); i++) {
            ReceiverConfig r = receivers.get(i);
            ConfigSection keys = r.settings(); // the receiver's keys, checked by its type when the file was read
            String where = "incident_response[" + i + "] (" + r.type() + "): ";
            int line = r.line();
            if (r.type().equals("alertmanager")) {
                continue;
            }
            int index = i;
            Map<String, Object> config = new LinkedHashMap<>();
            SecretWriter secrets = (key, option, secret) -> {
                Optional<String> reference = unresolved(secret.reveal());
                if (reference.isPresent()) {
                    problems.add(Problem.error(source, line, where + key + ": " + reference.get()));
                    return;
                }
                if (secretsDir.isPresent()) {
                    Path file = secretsDir.get().resolve(safe(specId) + "-" + r.type() + index + "-" + key)
                            .toAbsolutePath();
                    secretFiles.put(file, secret.reveal());
                    config.put(option + "_file", file.toString());
                } else {
                    inline[0] = true;
                    config.put(option, secret.reveal());
                }
            };
            keys.string("channel").flatMap(AlertmanagerYaml::unresolved).ifPresent(message -> problems.add(
                    Problem.error(source, line, where + "channel: " + message)));
            keys.string("url").map(String::trim).flatMap(AlertmanagerYaml::unresolved).ifPresent(message -> problems.add(Problem.error(source,
                    line, where + "url: " + message)));
            switch (r.type()) {
                case "pagerduty" -> {
                    Optional<Secret> key = keys.secret("routing_key");
                    if (key.isEmpty()) {
                        problems.add(Problem.error(source, line, where + "routing_key: missing; PagerDuty needs "
                                + "the integration key of an Events API v2 integration"));
                    } else {
                        secrets.put("routing_key", "routing_key", key.get());
                    }
                    keys.string("url").map(String::trim).ifPresent(u -> config.put("url", u));
                    config.put("severity", PAGERDUTY_SEVERITY);
                    config.put("description", "{{ .CommonAnnotations.summary }}");
                    config.put("send_resolved", true);
                }
                case "slack" -> {
                    Optional<Secret> url = keys.secret("webhook_url").or(() -> keys.string("url").map(String::trim).map(u -> Secret.of(u, "url")));
                    if (url.isEmpty()) {
                        problems.add(Problem.error(source, line, where + "webhook_url: missing; Slack needs an "
                                + "incoming webhook URL"));
                    } else {
                        secrets.put("webhook_url", "api_url", url.get());
                    }
                    keys.string("channel").ifPresent(c -> config.put("channel", c));
                    config.put("title", "[{{ .Status | toUpper }}] {{ .CommonLabels.severity }}: "
                            + "{{ .CommonAnnotations.summary }}");
                    config.put("text", "{{ range .Alerts }}{{ .Annotations.description }}"
                            + "{{ if .Annotations.runbook_url }} Runbook: {{ .Annotations.runbook_url }}{{ end }}\n"
                            + "{{ end }}");
                    config.put("send_resolved", true);
                }
                case "webhook" -> {
                    if (keys.secret("secret").isPresent()) {
                        problems.add(Problem.error(source, line, where + "secret: Alertmanager cannot sign its "
                                + "webhooks with HMAC, so the receiving end would reject them; remove secret from "
                                + "this receiver, or let `slo monitor` forward to it instead"));
                    }
                    if (keys.string("url").map(String::trim).isPresent()) {
                        config.put("url", keys.string("url").map(String::trim).get());
                    } else if (keys.secret("webhook_url").isPresent()) {
                        secrets.put("webhook_url", "url", keys.secret("webhook_url").get());
                    } else {
                        problems.add(Problem.error(source, line, where + "url: missing; a webhook needs the URL to "
                                + "POST to"));
                    }
                    config.put("send_resolved", true);
                }
                default -> problems.add(Problem.error(source, line, where + "type: Alertmanager has no integration "
                        + "for '" + r.type() + "'; expected pagerduty, slack or webhook"));
            }
            integrations.add(new Integration(index, r.type(), config));
        }
        if (integrations.isEmpty() && problems.isEmpty()) {
            problems.add(Problem.error(source, 0, "incident_response: no receiver Alertmanager can notify "
                    + "(pagerduty, slack or webhook); the alerts of spec '" + specId + "' would reach nobody"));
        }
        if (!problems.isEmpty()) {
            throw new SloValidationException(problems);
        }

        // the receivers of each priority; priorities with the same receivers share an Alertmanager receiver
        Map<List<Integer>, List<Priority>> byReceivers = new LinkedHashMap<>();
        for (Priority p : Priority.values()) {
            List<Integer> taking = integrations.stream().filter(in -> receivers.get(in.index()).accepts(p))
                    .map(Integration::index).toList();
            if (!taking.isEmpty()) {
                byReceivers.computeIfAbsent(taking, k -> new ArrayList<>()).add(p);
            }
        }
        List<Object> amReceivers = new ArrayList<>();
        amReceivers.add(Map.of("name", UNROUTED));
        List<Object> routes = new ArrayList<>();
        String spec = "spec_id=" + quote(specId);
        for (Map.Entry<List<Integer>, List<Priority>> e : byReceivers.entrySet()) {
            String name = safe(specId) + "-" + e.getKey().stream().map(i -> integrations.stream()
                    .filter(in -> in.index() == i).findFirst().orElseThrow())
                    .map(in -> in.type() + in.index()).collect(Collectors.joining("-"));
            Map<String, Object> receiver = new LinkedHashMap<>();
            receiver.put("name", name);
            for (String type : List.of("pagerduty", "slack", "webhook")) {
                List<Object> configs = new ArrayList<>();
                for (int i : e.getKey()) {
                    integrations.stream().filter(in -> in.index() == i && in.type().equals(type))
                            .forEach(in -> configs.add(in.config()));
                }
                if (!configs.isEmpty()) {
                    receiver.put(type + "_configs", configs);
                }
            }
            amReceivers.add(receiver);
            String priorities = e.getValue().size() == 1 ? "priority=" + quote(e.getValue().get(0).name())
                    : "priority=~" + quote(e.getValue().stream().map(Enum::name).collect(Collectors.joining("|")));
            for (String severity : List.of("page", "ticket")) {
                Map<String, Object> route = new LinkedHashMap<>();
                route.put("receiver", name);
                route.put("matchers", List.of(priorities, "severity=" + quote(severity)));
                route.put("repeat_interval", Windows.format(severity.equals("page") ? AlertmanagerConfig.PAGE_REPEAT
                        : AlertmanagerConfig.TICKET_REPEAT));
                routes.add(route);
            }
        }
        Map<String, Object> specRoute = new LinkedHashMap<>();
        specRoute.put("matchers", List.of(spec));
        specRoute.put("routes", routes);

        Map<String, Object> route = new LinkedHashMap<>();
        route.put("receiver", UNROUTED);
        route.put("group_by", List.of(PrometheusRules.SPEC_ID, PrometheusRules.SLO));
        route.put("group_wait", Windows.format(groupWait));
        route.put("group_interval", "5m");
        route.put("repeat_interval", Windows.format(AlertmanagerConfig.TICKET_REPEAT));
        route.put("routes", List.of(specRoute));

        List<Object> inhibit = new ArrayList<>();
        Map<String, Object> pageOverTicket = new LinkedHashMap<>();
        pageOverTicket.put("source_matchers", List.of(spec, "severity=\"page\""));
        pageOverTicket.put("target_matchers", List.of(spec, "severity=\"ticket\""));
        pageOverTicket.put("equal", List.of(PrometheusRules.SPEC_ID, PrometheusRules.SLO));
        inhibit.add(pageOverTicket);
        if (inhibitLower) {
            Map<String, Object> p0 = new LinkedHashMap<>();
            p0.put("source_matchers", List.of(spec, "priority=\"P0\"", "severity=\"page\""));
            p0.put("target_matchers", List.of(spec, "priority=~\"P1|P2|P3\""));
            p0.put("equal", List.of(PrometheusRules.SPEC_ID));
            inhibit.add(p0);
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("route", route);
        document.put("inhibit_rules", inhibit);
        document.put("receivers", amReceivers);

        List<Priority> routed = byReceivers.values().stream().flatMap(List::stream).sorted().toList();
        Set<String> unrouted = new LinkedHashSet<>();
        for (Slo slo : slos) {
            if (!routed.contains(slo.priority())) {
                unrouted.add(slo.name() + " (" + slo.priority() + ")");
            }
        }
        StringBuilder header = new StringBuilder("Alertmanager configuration for the SLO alerts of spec '" + specId
                + "'" + (source.isEmpty() ? "" : ", from the incident_response of " + source)
                + ". Generated by SmartSpec SLO (slo alertmanager); regenerate rather than edit.\n");
        if (!unrouted.isEmpty()) {
            header.append("No receiver takes the alerts of: ").append(String.join(", ", unrouted))
                    .append("; they stay in Alertmanager (receiver ").append(UNROUTED).append(").\n");
        }
        if (inline[0]) {
            header.append("Holds secrets: keep it owner-only (as written) and out of version control.\n");
        }
        return new AlertmanagerYaml(specId, document, secretFiles, inline[0], routed, header.toString());
    }

    @FunctionalInterface
    private interface SecretWriter {
        void put(String key, String option, Secret secret);
    }

    public String yaml() {
        StringBuilder out = new StringBuilder();
        header.lines().forEach(l -> out.append("# ").append(l).append('\n'));
        try {
            return out.append(YAML.writeValueAsString(document)).toString();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Priority> routedPriorities() {
        return routed;
    }

    public List<Path> writeTo(Path file) throws IOException {
        List<Path> written = new ArrayList<>();
        if (!secretFiles.isEmpty()) {
            Path dir = secretFiles.keySet().iterator().next().getParent();
            if (!Files.isDirectory(dir)) {
                try {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_RWX));
                } catch (UnsupportedOperationException e) {
                    throw new IOException("cannot make " + dir + " owner-only on this file system");
                }
            }
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (holdsSecrets) {
            writeOwnerOnly(file, yaml());
        } else {
            Files.writeString(file, yaml());
        }
        written.add(file);
        for (Map.Entry<Path, String> e : secretFiles.entrySet()) {
            writeOwnerOnly(e.getKey(), e.getValue());
            written.add(e.getKey());
        }
        return written;
    }

    /** Makes the file owner-only before its content is written, so a secret never sits in a readable file. */
    private static void writeOwnerOnly(Path file, String content) throws IOException {
        try {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_RW));
            } catch (FileAlreadyExistsException e) {
                Files.setPosixFilePermissions(file, OWNER_RW);
            }
        } catch (UnsupportedOperationException e) {
            throw new IOException("cannot make " + file + " owner-only on this file system; it would hold secrets");
        }
        Files.writeString(file, content);
    }

    /**
     * Why a value holds an environment reference nobody resolved (Alertmanager expands none and would send
     * it as written), naming the variable and never the rest of the value; empty when it holds none.
     */
    static Optional<String> unresolved(String value) {
        Matcher m = SHELL_REFERENCE.matcher(value);
        if (!m.find()) {
            return Optional.empty();
        }
        String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
        return Optional.of("'" + m.group().strip() + "' references environment variable " + name + ", which "
                + "Alertmanager never expands: it would be sent as written. Write \"{{env." + name + "}}\" in "
                + "observability.yaml and set " + name + " where slo runs; slo resolves it when it writes the file");
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String safe(String id) {
        return id.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]+", "-");
    }

    @Override
    public String toString() {
        return "AlertmanagerYaml[spec=" + specId + ", secrets not shown]";
    }
}
