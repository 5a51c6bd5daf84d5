package io.smartspec.slo.junit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.evaluation.SloResult;

/**
 * The JSON file an {@code @SloCheck} writes for CI to keep: the test, how it was measured, the
 * latency statistics and every SLO result. Written without a JSON library; never contains secrets
 * (results carry queries and values only).
 */
public final class JsonReport {

    private JsonReport() {
    }

    /**
     * Renders a report.
     *
     * @param test  the test's unique id in readable form ({@code com.acme.CheckoutTest.checkout})
     * @param form  {@code measured} or {@code spec}
     * @param run   the measured run, or null for the spec-driven form
     * @param round the evaluated SLOs
     * @param failed whether the check failed
     */
    public static String render(String test, String form, MeasuredRun run, EvaluationRound round, boolean failed) {
        StringBuilder j = new StringBuilder(512);
        j.append("{\n");
        field(j, "test", test).append(",\n");
        field(j, "form", form).append(",\n");
        field(j, "evaluatedAt", round.evaluatedAt().toString()).append(",\n");
        j.append("  \"passed\": ").append(!failed).append(",\n");
        if (run != null) {
            j.append("  \"run\": {");
            j.append("\"invocations\": ").append(run.invocations());
            j.append(", \"warmup\": ").append(run.warmup());
            j.append(", \"threads\": ").append(run.threads());
            j.append(", \"errors\": ").append(run.errors());
            j.append(", \"errorRatePercent\": ").append(number(run.errorRate() * 100));
            j.append(", \"wallTimeMs\": ").append(number(run.wallTime().toNanos() / 1e6));
            j.append("},\n");
            j.append("  \"latencyMs\": {");
            if (run.invocations() > 0) {
                boolean first = true;
                for (MeasuredSlos.Statistic s : MeasuredSlos.Statistic.values()) {
                    j.append(first ? "" : ", ").append(quote(s.label())).append(": ")
                            .append(number(s.nanos(run) / 1e6));
                    first = false;
                }
                j.append(", \"min\": ").append(number(run.latencies().getMinValue() / 1e6));
                j.append(", \"mean\": ").append(number(run.latencies().getMean() / 1e6));
            }
            j.append("},\n");
            if (!run.errorCounts().isEmpty()) {
                j.append("  \"errorTypes\": {");
                boolean first = true;
                for (var e : run.errorCounts().entrySet()) {
                    j.append(first ? "" : ", ").append(quote(e.getKey())).append(": ").append(e.getValue());
                    first = false;
                }
                j.append("},\n");
            }
        }
        j.append("  \"results\": [");
        List<SloResult> results = round.results();
        for (int i = 0; i < results.size(); i++) {
            SloResult r = results.get(i);
            j.append(i == 0 ? "\n" : ",\n").append("    {");
            j.append("\"spec\": ").append(quote(r.specId()));
            j.append(", \"slo\": ").append(quote(r.name()));
            j.append(", \"metric\": ").append(quote(r.slo().metric()));
            j.append(", \"status\": ").append(quote(r.status().name()));
            j.append(", \"objective\": ").append(quote(r.objective().toString()));
            j.append(", \"observed\": ").append(r.observed().map(q -> quote(q.toString())).orElse("null"));
            j.append(", \"observedValue\": ").append(r.observed().map(q -> number(q.value())).orElse("null"));
            j.append(", \"unit\": ").append(r.observed().map(q -> quote(q.unit().symbol())).orElse("null"));
            j.append(", \"margin\": ").append(r.margin().map(q -> quote(q.toString())).orElse("null"));
            j.append(", \"detail\": ").append(quote(r.detail()));
            r.errorBudget().ifPresent(b -> j.append(", \"errorBudgetRemainingPercent\": ")
                    .append(number(b.remaining() * 100)));
            j.append(", \"source\": ").append(quote(r.source()));
            j.append(", \"query\": ").append(quote(r.query()));
            j.append("}");
        }
        j.append(results.isEmpty() ? "]\n" : "\n  ]\n");
        j.append("}\n");
        return j.toString();
    }

    /** Writes the report to {@code dir/<file name of test>.json}; returns the file. */
    public static Path write(Path dir, String test, String json) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(fileName(test) + ".json");
            Files.writeString(file, json, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the SLO report of " + test + " to " + dir, e);
        }
    }

    /** A file name made of the test's name: letters, digits, '.', '_' and '-' only. */
    public static String fileName(String test) {
        String s = test.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("_+$", "");
        return s.length() > 200 ? s.substring(0, 200) + "-" + Integer.toHexString(test.hashCode()) : s;
    }

    private static StringBuilder field(StringBuilder j, String name, String value) {
        return j.append("  ").append(quote(name)).append(": ").append(quote(value));
    }

    private static String number(double v) {
        if (!Double.isFinite(v)) {
            return "null";
        }
        return Quantity.formatNumber(v).toLowerCase(Locale.ROOT);
    }

    /** A JSON string literal. */
    public static String quote(String s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
