package io.smartspec.slo.openslo;

import io.smartspec.slo.Problem;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.openslo.internal.Exporter;
import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.spec.NfrTable;
import io.smartspec.slo.spec.SpecLoader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A spec's SLOs written as OpenSLO v1 YAML (one document per object): a Service (the spec), a DataSource
 * (its provider), and per SLO an SLO with its SLI inline, budgetingMethod Occurrences over its rolling window
 * and the multi-window burn-rate alerts the monitor raises as inline AlertPolicies (one condition each; the
 * short window in the {@code smartspec.io/short-window} annotation), delivered to the
 * {@code incident_response} receivers that take the SLO's priority.
 *
 * <pre>{@code
 * String yaml = OpenSloExport.export(Path.of("specs/checkout/spec.md"), Path.of("specs/checkout/observability.yaml"),
 *         System.getenv());
 * }</pre>
 *
 * <p>A ratio of events becomes a {@code ratioMetric} (good or bad with total); a threshold on a percentage
 * becomes a raw ratio ({@code rawType} success or failure). A threshold without an error budget (p99 &lt; 200ms)
 * has no OpenSLO form — OpenSLO targets are below 100% — and is an error naming it. The priority, runbook,
 * category, declared {@code min_events} and unit, and the metric's name when it is no RFC 1123 name travel
 * in {@code smartspec.io/} annotations, which {@link OpenSloImport} reads back. No secret of
 * observability.yaml is written. Its maintenance windows, which OpenSLO cannot express, travel as JSON in the
 * Service's {@code smartspec.io/maintenance} annotation (export from the files: {@link #export(Path, Path, Map)}).
 *
 * @since 0.1.0
 */
public final class OpenSloExport {

    private OpenSloExport() {
    }

    /**
     * Loads the spec (as {@code slo validate} does) and writes it as OpenSLO.
     *
     * @throws SloValidationException when the spec does not load, has errors, or has SLOs OpenSLO cannot express
     */
    public static String export(Path specMd, Path observabilityYaml, Map<String, String> env) {
        LoadedSpec spec = SpecLoader.load(specMd, observabilityYaml, env);
        if (!spec.isValid()) {
            throw new SloValidationException(spec.problems());
        }
        String text;
        try {
            text = java.nio.file.Files.readString(observabilityYaml);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + observabilityYaml, e);
        }
        return export(spec, NfrTable.parse(specMd), Exporter.maintenanceOf(observabilityYaml.toString(), text));
    }

    /**
     * Writes a loaded spec as OpenSLO; {@code table} is its NFR table (for the Description and Labels columns).
     *
     * @throws SloValidationException listing every SLO OpenSLO cannot express
     */
    public static String export(LoadedSpec spec, NfrTable table) {
        return export(spec, table, java.util.Optional.empty());
    }

    private static String export(LoadedSpec spec, NfrTable table, java.util.Optional<String> maintenance) {
        List<Problem> problems = new ArrayList<>();
        String yaml = new Exporter(spec, table, maintenance).yaml(problems);
        if (problems.stream().anyMatch(Problem::isError)) {
            throw new SloValidationException(problems);
        }
        return yaml;
    }
}
