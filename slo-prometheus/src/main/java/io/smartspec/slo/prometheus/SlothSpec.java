package io.smartspec.slo.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.SloValidationException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Sloth's {@code prometheus/v1} spec format (github.com/slok/sloth) into an {@link SloSet}, so
 * teams moving from Sloth keep their files:
 *
 * <pre>{@code
 * SloSet slos = SlothSpec.read(Path.of("slos/checkout.yaml"));
 * String rules = PrometheusRules.forSpec(slos).generate();
 * }</pre>
 *
 * <p>The mapping: {@code service} is the set's name (the spec id); {@code labels} of the file and of
 * each SLO become the SLO's labels; {@code objective} is the target in percent; {@code sli.events}
 * ({@code error_query}, {@code total_query}) is a ratio of bad events; {@code sli.raw}
 * ({@code error_ratio_query}) is a ratio of bad "events" over {@code vector(1)}, i.e. the error ratio
 * itself; Sloth's {@code {{.window}}} becomes {@code {{window}}}. {@code sli.plugin} and the
 * {@code alerting} block (alert names, extra alert labels, disabling page or ticket alerts) have no
 * counterpart in this library and are ignored; the period is Sloth's default, 30 days.
 *
 * @since 0.1.0
 */
public final class SlothSpec {

    /** The only version read. */
    public static final String VERSION = "prometheus/v1";
    /** Sloth's default SLO period. */
    public static final Duration PERIOD = Duration.ofDays(30);

    private static final YAMLMapper YAML = new YAMLMapper();

    private SlothSpec() {
    }

    /** @throws SloValidationException listing every problem, each naming the file and the field */
    public static SloSet read(Path file) {
        return read(file, PERIOD);
    }

    /** Reads with another SLO period (Sloth's {@code --default-slo-period}). */
    public static SloSet read(Path file, Duration period) {
        try {
            return read(file.toString(), Files.readString(file), period);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** @throws SloValidationException listing every problem, each naming the file and the field */
    public static SloSet read(String fileName, String yaml) {
        return read(fileName, yaml, PERIOD);
    }

    /** Reads YAML text; {@code fileName} is for messages. */
    public static SloSet read(String fileName, String yaml, Duration period) {
        List<Problem> problems = new ArrayList<>();
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new SloValidationException(List.of(Problem.error(fileName, 0, "not valid YAML: "
                    + e.getMessage())));
        }
        if (root == null || !root.isObject()) {
            throw new SloValidationException(List.of(Problem.error(fileName, 0, "expected a Sloth spec (a mapping "
                    + "with version, service and slos)")));
        }
        String version = root.path("version").asText("");
        if (!VERSION.equals(version)) {
            problems.add(Problem.error(fileName, 0, "version: '" + version + "' is not supported; expected '"
                    + VERSION + "'"));
        }
        String service = root.path("service").asText("");
        if (service.isBlank()) {
            problems.add(Problem.error(fileName, 0, "service: missing; Sloth specs name their service"));
        }
        Map<String, String> globalLabels = strings(root.path("labels"));
        JsonNode slos = root.path("slos");
        if (!slos.isArray() || slos.isEmpty()) {
            problems.add(Problem.error(fileName, 0, "slos: missing or empty; expected a list of SLOs"));
        }
        SloSet.Builder set = SloSet.named(service.isBlank() ? "unnamed" : service);
        int i = 0;
        for (JsonNode s : slos) {
            String where = "slos[" + i++ + "]";
            String name = s.path("name").asText("");
            String field = where + " '" + name + "'";
            JsonNode objective = s.path("objective");
            if (!objective.isNumber()) {
                problems.add(Problem.error(fileName, 0, field + ".objective: '" + objective.asText()
                        + "' is not a number; expected a percentage such as 99.9"));
                continue;
            }
            JsonNode sli = s.path("sli");
            Slo.EventsQuery events;
            Slo.TotalQuery total;
            if (sli.has("events")) {
                events = Slo.bad(window(sli.path("events").path("error_query").asText("")));
                total = Slo.total(window(sli.path("events").path("total_query").asText("")));
            } else if (sli.has("raw")) {
                events = Slo.bad(window(sli.path("raw").path("error_ratio_query").asText("").strip()));
                total = Slo.total("vector(1)");
            } else {
                problems.add(Problem.error(fileName, 0, field + ".sli: expected 'events' (error_query, total_query) "
                        + "or 'raw' (error_ratio_query); Sloth plugins are not supported"));
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>(globalLabels);
            labels.putAll(strings(s.path("labels")));
            Slo.EventsQuery e = events;
            Slo.TotalQuery t = total;
            set.slo(name, b -> b.description(s.path("description").asText(""))
                    .ratio(e, t)
                    .target(Quantity.percent(objective.asDouble()))
                    .over(period)
                    .labels(labels));
        }
        if (!problems.isEmpty()) {
            throw new SloValidationException(problems);
        }
        try {
            return set.build();
        } catch (SloValidationException e) {
            List<Problem> located = new ArrayList<>();
            e.problems().forEach(p -> located.add(new Problem(p.severity(), fileName, p.line(), p.message())));
            throw new SloValidationException(located);
        }
    }

    private static String window(String query) {
        return query.replace("{{.window}}", "{{window}}").replace("{{ .window }}", "{{window}}");
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            map.put(e.getKey(), e.getValue().asText());
        }
        return map;
    }

}
