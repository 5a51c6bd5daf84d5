package io.smartspec.slo.cli;

import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.source.MetricSourceProvider;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.Unit;

/**
 * A test provider ({@code provider: fixed}) whose queries are their own answers: {@code "213.4"}
 * is the value 213.4, {@code "nodata"} has no data, {@code "fail"} fails, {@code "slow"} answers 1 after two seconds,
 * {@code "file:/path"} is the
 * number written in that file when queried (so a test can change it while a daemon runs),
 * {@code "cycle:150,210"} answers 150, 210, 150, ... one value per query. Registered through
 * META-INF/services, so the CLI finds it the way it finds real providers.
 */
public final class FixedValuesSource implements MetricSource, MetricSourceProvider {

    private final java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> cycles =
            new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public String name() {
        return "fixed";
    }

    @Override
    public MetricSource create(ObservabilityConfig config, java.util.Map<String, String> env) {
        return this;
    }

    @Override
    public boolean supportsPastInstants() {
        return true;
    }

    @Override
    public Measurement query(MetricQuery query) {
        if (query.query().startsWith("cycle:")) {
            String[] values = query.query().substring("cycle:".length()).split(",");
            int i = cycles.computeIfAbsent(query.query(), k -> new java.util.concurrent.atomic.AtomicInteger())
                    .getAndIncrement();
            return Measurement.of(Double.parseDouble(values[i % values.length].trim()), Unit.NUMBER);
        }
        return switch (query.query()) {
            case "nodata" -> Measurement.noData("no series");
            case "fail" -> Measurement.failed("bad_data: parse error at char 3");
            case "slow" -> {
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                yield Measurement.of(1, Unit.NUMBER);
            }
            default -> query.query().startsWith("file:") ? fromFile(query.query().substring(5))
                    : Measurement.of(Double.parseDouble(query.query()), Unit.NUMBER);
        };
    }

    /**
     * Per label value: {@code "per:/pay=213.4,/cart=150"} answers 213.4 for the first label's value /pay and
     * 150 for /cart; any other query fails as a source that cannot group.
     */
    @Override
    public io.smartspec.slo.source.GroupedMeasurement queryGrouped(MetricQuery query, java.util.List<String> labels) {
        if (!query.query().startsWith("per:")) {
            return MetricSource.super.queryGrouped(query, labels);
        }
        java.util.Map<java.util.Map<String, String>, Measurement> values = new java.util.LinkedHashMap<>();
        for (String pair : query.query().substring("per:".length()).split(",")) {
            String[] kv = pair.split("=", 2);
            values.put(java.util.Map.of(labels.get(0), kv[0].trim()), Measurement.of(Double.parseDouble(kv[1].trim()),
                    Unit.NUMBER));
        }
        return io.smartspec.slo.source.GroupedMeasurement.perLabels(values);
    }

    private static Measurement fromFile(String path) {
        try {
            String text = java.nio.file.Files.readString(java.nio.file.Path.of(path)).trim();
            return Measurement.of(Double.parseDouble(text), Unit.NUMBER);
        } catch (java.io.IOException | NumberFormatException e) {
            return Measurement.failed("cannot read " + path + ": " + e);
        }
    }
}
