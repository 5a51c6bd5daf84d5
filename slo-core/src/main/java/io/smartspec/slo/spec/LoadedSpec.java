package io.smartspec.slo.spec;

import io.smartspec.slo.Problem;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.config.ObservabilityConfig;
import java.util.List;
import java.util.Objects;

/**
 * A spec.md bound to its observability.yaml: the SLOs that could be built, the configuration, and
 * every problem found (warnings for rows with no metric; errors for rows that could not become an
 * SLO — those SLOs are left out, the others still work).
 *
 * @param specId   the spec's id: the name of the directory that holds spec.md
 * @param slos     the SLOs that could be built
 * @param config   the observability configuration
 * @param problems warnings and per-SLO errors, in file order
 * @since 0.1.0
 */
public record LoadedSpec(String specId, SloSet slos, ObservabilityConfig config, List<Problem> problems) {

    public LoadedSpec {
        Objects.requireNonNull(specId, "specId");
        Objects.requireNonNull(slos, "slos");
        Objects.requireNonNull(config, "config");
        problems = Problem.collapse(problems);
    }

    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    public List<Problem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }

    public boolean isValid() {
        return errors().isEmpty();
    }
}
