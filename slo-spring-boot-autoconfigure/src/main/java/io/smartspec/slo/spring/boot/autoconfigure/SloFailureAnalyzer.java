package io.smartspec.slo.spring.boot.autoconfigure;

import io.smartspec.slo.Problem;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.spring.boot.internal.SpecLoadingException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import java.util.stream.Collectors;

/**
 * Turns a startup that failed on SLO definitions into the library's located messages — one line per
 * problem, {@code spec.md:7: checkout_latency_p99: Target ...} — instead of a bean-creation stack trace.
 *
 * @since 0.1.0
 */
public class SloFailureAnalyzer extends AbstractFailureAnalyzer<SloValidationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SloValidationException cause) {
        String problems = cause.problems().stream().filter(Problem::isError).map(p -> "    " + p)
                .collect(Collectors.joining("\n"));
        long count = cause.problems().stream().filter(Problem::isError).count();
        String what = cause instanceof SpecLoadingException s && !s.location().isEmpty()
                ? "The SLO spec " + s.location() + " (" + SloProperties.PREFIX + ".spec) cannot be monitored"
                : "The SLO definitions cannot be monitored";
        String description = what + "; " + (count == 1 ? "1 problem" : count + " problems") + ":\n\n" + problems;
        String action = "Correct the lines above in the spec.md, observability.yaml or " + SloProperties.PREFIX
                + ".* properties they name, or set " + SloProperties.PREFIX
                + ".enabled=false to start without SLO monitoring.";
        return new FailureAnalysis(description, action, cause);
    }
}
