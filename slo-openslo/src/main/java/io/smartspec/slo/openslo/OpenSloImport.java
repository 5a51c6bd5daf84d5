package io.smartspec.slo.openslo;

import io.smartspec.slo.Problem;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.openslo.internal.DocReader;
import io.smartspec.slo.openslo.internal.Imported;
import io.smartspec.slo.openslo.internal.Importer;
import io.smartspec.slo.openslo.internal.SpecWriter;
import io.smartspec.slo.openslo.internal.Verifier;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * OpenSLO v1 files read into specs: one {@code spec.md} and {@code observability.yaml} per Service, an NFR
 * row and a metric per SLO objective.
 *
 * <pre>{@code
 * OpenSloImport imported = OpenSloImport.read(List.of(Path.of("openslo/checkout.yaml")));
 * imported.warnings().forEach(System.err::println);
 * for (ImportedSpec spec : imported.specs()) {
 *     spec.writeTo(Path.of("specs"));            // specs/checkout/spec.md, specs/checkout/observability.yaml
 * }
 * }</pre>
 *
 * <p>The files are checked against the specification's rules first (apiVersion {@code openslo/v1}, kinds,
 * RFC 1123 names, required fields, targets above 0 and below 1, exactly one of good and bad, ...); every
 * problem of every file is reported at once, each as {@code file:line: Kind 'name': field.path: message}.
 * References are resolved by inlining. The mapping:
 * <ul>
 *   <li>SLO {@code ratioMetric} good or bad with total, budgetingMethod Occurrences: a ratio metric
 *       ({@code good_query} or {@code bad_query}, {@code total_query}) and a row {@code >= target%} over the
 *       rolling window; {@code {{.window}}} in a query is {@code {{window}}}.</li>
 *   <li>{@code ratioMetric} raw: a threshold on the ratio ({@code unit: ratio}): {@code >= target%} for
 *       rawType success, {@code <= (1 - target)%} for failure.</li>
 *   <li>metric sources of type Prometheus and Datadog (or a DataSource of those types); any other type is an
 *       error naming it. Connection secrets are never copied: the generated file reads them from the
 *       environment ({@code {{env.DATADOG_API_KEY}}}).</li>
 *   <li>{@code metadata.annotations} {@code smartspec.io/priority}, {@code /runbook}, {@code /category},
 *       {@code /min-events}, {@code /metric}, {@code /unit} restore what OpenSLO cannot say (as
 *       {@link OpenSloExport} writes them).</li>
 *   <li>Alert policies that are the burn-rate alerts SmartSpec raises anyway are taken as they are; others
 *       are a warning and listed in spec.md, not applied.</li>
 * </ul>
 *
 * @param specs    the specs, one per Service that has SLOs
 * @param warnings what was read but not imported, and why
 * @since 0.1.0
 */
public record OpenSloImport(List<ImportedSpec> specs, List<Problem> warnings) {

    public OpenSloImport {
        specs = List.copyOf(specs);
        warnings = List.copyOf(warnings);
    }

    /**
     * Reads and imports OpenSLO files (YAML or JSON; single objects, lists or several documents).
     *
     * @throws SloValidationException listing every problem of every file (with the warnings)
     */
    public static OpenSloImport read(List<Path> files) {
        Map<String, String> texts = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (Path file : files) {
            String name = file.toString();
            try {
                if (Files.isDirectory(file)) {
                    problems.add(Problem.error(name, 0, "is a directory; give the OpenSLO files themselves"));
                    continue;
                }
                texts.put(name, Files.readString(file, StandardCharsets.UTF_8));
            } catch (NoSuchFileException e) {
                problems.add(Problem.error(name, 0, "file not found (looked at " + file.toAbsolutePath().normalize()
                        + ")"));
            } catch (MalformedInputException e) {
                problems.add(Problem.error(name, 0, "is not UTF-8 text"));
            } catch (IOException e) {
                problems.add(Problem.error(name, 0, "could not be read: " + e.getClass().getSimpleName()));
            }
        }
        if (!problems.isEmpty()) {
            throw new SloValidationException(problems);
        }
        return parse(texts);
    }

    /**
     * Imports OpenSLO texts, by file name (used in messages), in order.
     *
     * @throws SloValidationException listing every problem (with the warnings)
     */
    public static OpenSloImport parse(Map<String, String> texts) {
        Objects.requireNonNull(texts, "texts");
        List<Problem> problems = new ArrayList<>();
        DocReader reader = new DocReader(problems);
        texts.forEach(reader::read);
        List<Imported> imported = new Importer(reader.all(), problems).specs(List.copyOf(texts.keySet()));
        List<ImportedSpec> specs = new ArrayList<>();
        for (Imported i : imported) {
            ImportedSpec spec = new ImportedSpec(i.service(), SpecWriter.specMd(i), SpecWriter.observabilityYaml(i));
            Verifier.verify(i, spec.specMd(), spec.observabilityYaml(), problems);
            specs.add(spec);
        }
        List<Problem> sorted = new ArrayList<>(problems);
        List<String> order = List.copyOf(texts.keySet());
        sorted.sort(Comparator.comparingInt((Problem p) -> order.indexOf(p.file())).thenComparingInt(Problem::line));
        if (sorted.stream().anyMatch(Problem::isError)) {
            throw new SloValidationException(sorted);
        }
        return new OpenSloImport(specs, sorted);
    }
}
