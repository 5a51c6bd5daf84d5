package io.smartspec.slo.junit.internal;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.smartspec.slo.Quantity;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;

/**
 * How SLO results read in failure messages, AssertJ-style:
 * {@code Expecting p99 latency of checkout: 213.4 ms to be < 200 ms (over by 13.4 ms)}.
 */
public final class SloMessages {

    private SloMessages() {
    }

    /**
     * What a result is about: {@code p99 latency of checkout} for a measured statistic,
     * {@code p99 Latency of checkout [api_latency_p99]} for an SLO of a spec.
     */
    public static String subject(SloResult r) {
        String description = r.slo().description();
        String what = description.isBlank() ? r.slo().metric() : description;
        String subject = what + " of " + r.specId();
        boolean measured = MeasuredSlos.SOURCE.equals(r.slo().labels().get("source"));
        if (!measured && !r.slo().name().equals(what)) {
            subject += " [" + r.slo().name() + "]";
        }
        return subject;
    }

    /** One line saying why a result does not meet its objective (or that it does). */
    public static String expecting(SloResult r) {
        String head = "Expecting " + subject(r);
        String objective = r.objective().toString();
        if (r.status() == Status.NO_DATA) {
            return head + " to be " + objective + ", but there was no data" + detail(r);
        }
        if (r.status() == Status.ERROR) {
            return head + " to be " + objective + ", but it could not be evaluated" + detail(r);
        }
        if (r.observed().isEmpty()) {
            return head + " to be " + objective + ", but it was " + r.status() + detail(r);
        }
        StringBuilder s = new StringBuilder(head).append(": ").append(r.observed().get())
                .append(" to be ").append(objective);
        Quantity margin = r.margin().orElse(null);
        if (margin != null && margin.value() < 0) {
            s.append(r.objective().operator().isUpperBound() ? " (over by " : " (short by ")
                    .append(margin.abs()).append(")");
        } else if (r.status() == Status.BREACHED && !r.detail().isEmpty()) {
            s.append(", but ").append(r.detail());
        }
        return s.toString();
    }

    private static String detail(SloResult r) {
        return r.detail().isEmpty() ? "" : ": " + r.detail();
    }

    /** Whether a result fails a check: a breach, or (when {@code unknownFails}) no data or an error. */
    public static boolean fails(SloResult r, boolean unknownFails) {
        return r.status().isBreach() || (unknownFails && r.status().isUnknown());
    }

    /** Every failing result, one per line. */
    public static String lines(List<SloResult> failing) {
        return failing.stream().map(SloMessages::expecting).collect(Collectors.joining("\n"));
    }

    /** {@code 3 of 100 invocations threw: IllegalStateException ×2, TimeoutException ×1}. */
    public static String errors(MeasuredRun run) {
        if (run.errors() == 0) {
            return "";
        }
        String types = run.errorCounts().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(e -> simpleName(e.getKey()) + " ×" + e.getValue())
                .collect(Collectors.joining(", "));
        return run.errors() + " of " + run.invocations() + " invocations threw: " + types
                + "; first: " + run.firstErrors().get(0);
    }

    /** {@code 1000 invocations on 4 threads after 100 warm-up}. */
    public static String runSummary(MeasuredRun run) {
        return run.invocations() + (run.invocations() == 1 ? " invocation" : " invocations") + " on " + run.threads()
                + (run.threads() == 1 ? " thread" : " threads")
                + (run.warmup() > 0 ? " after " + run.warmup() + " warm-up" : "");
    }

    private static String simpleName(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? className : className.substring(dot + 1);
    }
}
