package io.smartspec.slo;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when definitions are invalid. Carries <em>every</em> problem found, not just the first,
 * and its message lists them one per line.
 *
 * @since 0.1.0
 */
public class SloValidationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<Problem> problems;

    public SloValidationException(List<Problem> problems) {
        this(Problem.collapse(problems), true);
    }

    private SloValidationException(List<Problem> collapsed, boolean unused) {
        super(render(collapsed));
        this.problems = collapsed;
    }

    /** Every problem found, errors and warnings, in input order; one repeated many times is listed once with a count. */
    public List<Problem> problems() {
        return problems;
    }

    private static String render(List<Problem> problems) {
        long errors = problems.stream().filter(Problem::isError).count();
        return (errors == 1 ? "1 problem" : errors + " problems") + " found:\n"
                + problems.stream().filter(Problem::isError).map(p -> "  " + p).collect(Collectors.joining("\n"));
    }
}
