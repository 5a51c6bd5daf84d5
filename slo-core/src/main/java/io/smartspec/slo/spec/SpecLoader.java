package io.smartspec.slo.spec;

import io.smartspec.slo.Priority;
import io.smartspec.slo.Problem;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.internal.config.ObservabilityYamlReader;
import io.smartspec.slo.internal.spec.SpecBinder;
import io.smartspec.slo.source.MetricSourceProvider;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads a SmartSpec {@code spec.md} and binds its NFR table to an {@code observability.yaml}: one SLO
 * per NFR row, named after its metric.
 *
 * <pre>{@code
 * LoadedSpec spec = SpecLoader.load(Path.of("specs/checkout/spec.md"), Path.of("observability.yaml"));
 * spec.problems().forEach(System.err::println);   // spec.md:16: api_uptime: no metric named 'api_uptime' in ...
 * SloSet slos = spec.slos();                      // the SLOs that could be bound; the others are errors
 * }</pre>
 *
 * <p>Binding: a metric with a {@code query} becomes a threshold SLO (compared in the metric's
 * {@code unit}); a metric with {@code good_query} or {@code bad_query} and a {@code total_query}
 * becomes an events-ratio SLO with the row's percentage as its target, over the row's window or 30
 * days (a row bounding the metric from above, {@code < 0.1%}, keeps good events at or above
 * {@code 99.9%}). Priority defaults to P2; the row's category and requirement become labels. A row
 * whose metric has no binding, or a binding with no query, is an error for that SLO only; a metric
 * of the YAML that no row uses is a warning.
 *
 * @since 0.1.0
 */
public final class SpecLoader {

    private SpecLoader() {
    }

    /**
     * Reads spec.md and observability.yaml and binds every NFR row to its metric's query. The spec's id
     * is the name of the directory that holds spec.md.
     *
     * @throws SloValidationException for file-level problems (missing file, no NFR table, unreadable
     *                                targets, YAML errors), listing all of them, of both files, at once
     */
    public static LoadedSpec load(Path specMd, Path observabilityYaml) {
        return load(specMd, observabilityYaml, System.getenv());
    }

    /**
     * Like {@link #load(Path, Path)}, with {@code {{env.NAME}}} in observability.yaml replaced from
     * {@code env} instead of the process environment (tests, tools that hold their own settings).
     *
     * <p>Runs every check a monitor runs before its first query: the provider is on the class path and
     * accepts its keys ({@link MetricSourceProvider#check}), every receiver's keys, every
     * {@code {{env.NAME}}}, and (as per-SLO errors of the result) every NFR metric is mapped.
     *
     * @throws SloValidationException for file-level problems of either file, listing all of them at once
     */
    public static LoadedSpec load(Path specMd, Path observabilityYaml, Map<String, String> env) {
        List<Problem> problems = new ArrayList<>();
        NfrTable table = null;
        ObservabilityConfig config = null;
        try {
            table = NfrTable.parse(specMd);
        } catch (SloValidationException e) {
            problems.addAll(e.problems());
        }
        try {
            config = loadConfig(observabilityYaml, env);
        } catch (SloValidationException e) {
            problems.addAll(e.problems());
        }
        if (table != null && config == null) {
            // the spec's SLO names in maintenance windows, reported with the file's other problems
            problems.addAll(io.smartspec.slo.internal.config.MaintenanceReader.unknownSlos(observabilityYaml, env,
                    table.rows().stream().map(NfrRow::metric).collect(java.util.stream.Collectors.toSet())));
        }
        if (table == null || config == null) {
            throw new SloValidationException(problems);
        }
        return bind(table, config, specId(specMd));
    }

    /**
     * Reads an observability.yaml with every check a monitor runs before its first query: the core's keys
     * and the receivers' ({@link ObservabilityConfig#load}), and the provider's ({@link MetricSourceProvider#check}),
     * all reported at once.
     *
     * @throws SloValidationException listing every problem of the file, each as {@code file:line: field: message}
     * @since 0.1.0
     */
    public static ObservabilityConfig loadConfig(Path observabilityYaml, Map<String, String> env) {
        return ObservabilityYamlReader.load(observabilityYaml, env, config -> MetricSourceProvider.check(config, env));
    }

    /**
     * Like {@link #loadConfig}, for YAML text; {@code fileName} names it in messages.
     *
     * @throws SloValidationException listing every problem of the text
     * @since 0.1.0
     */
    public static ObservabilityConfig parseConfig(String fileName, String yaml, Map<String, String> env) {
        return ObservabilityYamlReader.parse(fileName, yaml, env, config -> MetricSourceProvider.check(config, env));
    }

    /**
     * Binds the rows of an NFR table to the metrics of a configuration. Never throws for a row that
     * cannot be bound: that SLO is left out and the {@link LoadedSpec} lists the error.
     *
     * @param specId the spec's id, which names the {@link SloSet}
     */
    public static LoadedSpec bind(NfrTable table, ObservabilityConfig config, String specId) {
        return SpecBinder.bind(table, config, specId);
    }

    /** The name of the directory that holds spec.md, or the file's name without extension. */
    public static String specId(Path specMd) {
        Path parent = specMd.toAbsolutePath().normalize().getParent();
        if (parent != null && parent.getFileName() != null) {
            return parent.getFileName().toString();
        }
        String name = specMd.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
