package io.smartspec.slo.remediation.internal;

import io.smartspec.slo.Priority;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Secret;
import io.smartspec.slo.config.ConfigSection;
import io.smartspec.slo.config.SectionProvider;
import io.smartspec.slo.remediation.CommandAction;
import io.smartspec.slo.remediation.Guardrails;
import io.smartspec.slo.remediation.HttpAction;
import io.smartspec.slo.remediation.RemediationAction;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Owns {@code observability.yaml}'s {@code remediation:} section: declares its keys (the
 * {@link SectionProvider} that {@code slo validate} runs) and reads them, once, into typed actions,
 * guardrails and routes. Every problem is located ({@code file:line: remediation: actions: x: key: ...}).
 *
 * <pre>{@code
 * remediation:
 *   dry_run: false
 *   actions:
 *     heal-checkout:
 *       command: [curl, -fsS, -X, POST, "http://127.0.0.1:8080/admin/heal"]
 *       env: {ADMIN_TOKEN: "{{env.ADMIN_TOKEN}}"}
 *       after: 1m
 *       cooldown: 10m
 *   slos:
 *     checkout-availability: heal-checkout
 *   priorities:
 *     P0: heal-checkout
 * }</pre>
 */
public final class RemediationSection implements SectionProvider {

    public static final String KEY = "remediation";
    public static final Set<String> KEYS = ConfigSection.keys("dry_run", "actions", "slos", "priorities");
    public static final Set<String> ACTION_KEYS = ConfigSection.keys("command", "env", "directory", "http", "java",
            "after", "cooldown", "max_per_hour", "max_per_day", "timeout", "verify_within", "dry_run");
    public static final Set<String> HTTP_KEYS = ConfigSection.keys("method", "url", "headers", "body");
    private static final List<String> KINDS = List.of("command", "http", "java");

    /**
     * One action of the section.
     *
     * @param action empty for {@code java: true}: registered in code under the name
     */
    public record ActionSpec(String name, String location, Optional<RemediationAction> action, Guardrails guardrails) {
    }

    /** The section, read. */
    public record Parsed(boolean dryRun, Map<String, ActionSpec> actions, Map<String, String> bySlo,
                         Map<String, String> bySloLocation, Map<Priority, String> byPriority) {
    }

    /** For the ServiceLoader. */
    public RemediationSection() {
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public List<Problem> check(ConfigSection top) {
        List<Problem> problems = new ArrayList<>();
        read(top, problems);
        return problems;
    }

    /** Reads the section; empty when the file has none. Problems are added to {@code problems}. */
    public static Optional<Parsed> read(ConfigSection top, List<Problem> problems) {
        if (!top.has(KEY)) {
            return Optional.empty();
        }
        Optional<ConfigSection> section = top.section(KEY);
        if (section.isEmpty()) {
            problems.addAll(top.problems());
            return Optional.empty();
        }
        ConfigSection r = section.get();
        r.rejectUnknownKeys(KEYS);
        boolean dryRun = r.bool("dry_run").orElse(false);
        Map<String, ActionSpec> actions = new LinkedHashMap<>();
        Optional<ConfigSection> as = r.section("actions");
        if (as.isEmpty() && !r.has("actions")) {
            r.error("actions: missing; name at least one action, e.g. actions: {heal: {command: [./heal.sh]}}");
        }
        as.ifPresent(a -> {
            for (String name : a.keys()) {
                a.section(name).flatMap(s -> action(name, s)).ifPresent(spec -> actions.put(name, spec));
            }
        });
        Set<String> names = as.map(ConfigSection::keys).orElse(Set.of());
        Map<String, String> bySlo = new LinkedHashMap<>();
        Map<String, String> bySloLocation = new LinkedHashMap<>();
        r.section("slos").ifPresent(s -> {
            for (String slo : s.keys()) {
                s.string(slo).map(String::trim).ifPresent(action -> {
                    if (known(s, slo, action, names)) {
                        bySlo.put(slo, action);
                        bySloLocation.put(slo, s.file() + ":" + s.line(slo));
                    }
                });
            }
        });
        Map<Priority, String> byPriority = new EnumMap<>(Priority.class);
        r.section("priorities").ifPresent(s -> {
            for (String p : s.keys()) {
                Optional<Priority> priority = Priority.parse(p);
                if (priority.isEmpty()) {
                    s.error(p, "'" + p + "' is not a priority; expected P0, P1, P2 or P3");
                    continue;
                }
                s.string(p).map(String::trim).ifPresent(action -> {
                    if (known(s, p, action, names)) {
                        byPriority.put(priority.get(), action);
                    }
                });
            }
        });
        if (!r.has("slos") && !r.has("priorities")) {
            r.error("no action is routed; add slos: (an SLO's name: an action) or priorities: (P1: an action)");
        }
        problems.addAll(r.problems());
        return Optional.of(new Parsed(dryRun, actions, bySlo, bySloLocation, byPriority));
    }

    private static boolean known(ConfigSection s, String key, String action, Set<String> names) {
        if (names.contains(action)) {
            return true;
        }
        s.error(key, "'" + action + "' is not an action of remediation: actions; expected one of "
                + (names.isEmpty() ? "none (define it under actions:)" : String.join(", ", names))
                + Problem.didYouMean(action, names));
        return false;
    }

    private static Optional<ActionSpec> action(String name, ConfigSection s) {
        int before = s.errorCount();
        s.rejectUnknownKeys(ACTION_KEYS);
        List<String> kinds = KINDS.stream().filter(s::has).toList();
        Optional<RemediationAction> action = Optional.empty();
        if (kinds.isEmpty()) {
            s.error("what to run: missing; give one of command: [program, args...], http: {method, url} or "
                    + "java: true (an action registered in code)");
        } else if (kinds.size() > 1) {
            s.error(kinds.get(1), "given with " + kinds.get(0) + "; an action is one of command, http or java");
        } else if (kinds.get(0).equals("command")) {
            action = command(s);
        } else if (kinds.get(0).equals("http")) {
            action = s.section("http").flatMap(RemediationSection::http);
        } else {
            s.bool("java").filter(b -> !b).ifPresent(b -> s.error("java", "'false' is not accepted; write "
                    + "java: true for an action registered in code (Remediation.Builder.action), or remove it"));
        }
        if (!kinds.contains("command")) {
            for (String k : List.of("env", "directory")) {
                if (s.has(k)) {
                    s.error(k, "goes with command:; remove it");
                }
            }
        }
        Guardrails g = Guardrails.ofDefaults();
        g = g.after(s.durationOrZero("after").orElse(g.after()));
        g = g.cooldown(s.durationOrZero("cooldown").orElse(g.cooldown()));
        g = g.maxPerHour(s.integer("max_per_hour", 1, 1000).orElse(g.maxPerHour()));
        g = g.maxPerDay(s.integer("max_per_day", 1, 10_000).orElse(g.maxPerDay()));
        g = g.timeout(s.duration("timeout").orElse(g.timeout()));
        g = g.verifyWithin(s.duration("verify_within").orElse(g.verifyWithin()));
        g = g.dryRun(s.bool("dry_run").orElse(false));
        if (g.maxPerDay() < g.maxPerHour()) {
            s.error("max_per_day", "'" + g.maxPerDay() + "' is less than max_per_hour (" + g.maxPerHour()
                    + "); expected at least " + g.maxPerHour());
        }
        if (s.errorCount() > before) {
            return Optional.empty();
        }
        return Optional.of(new ActionSpec(name, s.file() + ":" + s.line(), action, g));
    }

    private static Optional<RemediationAction> command(ConfigSection s) {
        Optional<List<String>> args = s.list("command", "arguments, the program first (never a shell string; "
                + "e.g. command: [kubectl, rollout, restart, deployment/checkout])");
        Map<String, Secret> env = s.secrets("env");
        for (String name : env.keySet()) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                s.error("env", "'" + name + "' is not a variable name; expected letters, digits and _");
            }
        }
        Optional<String> dir = s.string("directory").map(String::trim);
        if (args.isEmpty()) {
            return Optional.empty();
        }
        if (args.get().isEmpty() || args.get().get(0).isBlank()) {
            s.error("command", "is empty; expected the program and its arguments");
            return Optional.empty();
        }
        if (args.get().size() == 1 && args.get().get(0).trim().contains(" ")) {
            s.error("command", "'" + args.get().get(0) + "' looks like a shell string; expected a list of arguments "
                    + "(e.g. [curl, -X, POST, URL]), or [sh, -c, '...'] to ask for a shell");
            return Optional.empty();
        }
        CommandAction c = CommandAction.of(args.get());
        for (Map.Entry<String, Secret> e : env.entrySet()) {
            c = c.env(e.getKey(), e.getValue());
        }
        if (dir.isPresent()) {
            c = c.directory(java.nio.file.Path.of(dir.get()));
        }
        return Optional.of(c);
    }

    private static Optional<RemediationAction> http(ConfigSection h) {
        h.rejectUnknownKeys(HTTP_KEYS);
        Optional<String> method = h.oneOf("method", List.of("get", "post", "put", "patch", "delete"));
        Optional<java.net.URI> url = h.url("url");
        h.require("url", "the URL to call, e.g. url: https://flags.example/api/flags/new-checkout");
        Map<String, Secret> headers = h.secrets("headers");
        Optional<Secret> body = h.secret("body");
        if (url.isEmpty()) {
            return Optional.empty();
        }
        HttpAction a = HttpAction.to(method.orElse("post").toUpperCase(Locale.ROOT), url.get());
        for (Map.Entry<String, Secret> e : headers.entrySet()) {
            a = a.header(e.getKey(), e.getValue());
        }
        if (body.isPresent()) {
            a = a.body(body.get());
        }
        return Optional.of(a);
    }
}
