package io.smartspec.slo.micrometer;

import io.smartspec.slo.MaintenanceCalendar;
import io.smartspec.slo.UnitConvention;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.smartspec.slo.source.GroupedMeasurement;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.internal.micrometer.CountHistory;
import io.smartspec.slo.internal.micrometer.MeterReader;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Objects;

/**
 * A {@link MetricSource} that reads the meters of a {@link MeterRegistry} in the same JVM: the
 * embedded default, no server needed. {@code provider: micrometer} in {@code observability.yaml} reads
 * {@link Metrics#globalRegistry}; in code, {@code MicrometerSource.of(registry)}.
 *
 * <h2>Queries</h2>
 * <pre>
 * http.server.requests{uri=/checkout} p99       the 99th percentile of one timer (seconds); also p50, p99.9
 * http.server.requests{uri=/checkout} mean      total time / count, summed over the matching meters
 * http.server.requests{uri=/checkout} max       the decaying max of the matching meters
 * checkout.requests rate                        events per second over the last minute; rate [5m]
 * jvm.threads.live                              a gauge's value (gauges default to value, counters to count)
 * checkout.errors / checkout.requests           the error ratio over the last 5 minutes; ... [1h]
 * http.server.requests{outcome=SERVER_ERROR} / http.server.requests
 * </pre>
 * Tag conditions are {@code key=value} or {@code key!=value} (values may be double-quoted); counts are
 * summed over every meter that matches. For ratio SLOs the {@code good_query}/{@code bad_query} and
 * {@code total_query} each name one selector, and a latency SLO's query names a timer.
 *
 * <h2>Micrometer's traps, and how this source handles them</h2>
 * <ul>
 *   <li>Client-side percentiles decay over {@code distributionStatisticExpiry} and default to one
 *       significant digit (a p99 of 1..1000 ms reads 1006 ms). Add {@link SloMeterFilter} to the
 *       registry: it gives the meters an SLO uses 3 significant digits and the percentiles asked. A
 *       percentile window with no samples is {@link Measurement.NoData}, never 0 ms.</li>
 *   <li>Registering a meter again with other histogram settings silently keeps the first ones. A
 *       percentile or SLO boundary that the meter does not publish is reported as such, saying why.</li>
 *   <li>Cumulative counts are never mixed with windowed percentiles: events over a window are
 *       differences of cumulative counts (from a bounded {@link CountHistory ring} of samples per
 *       series, fed at each query); "faster than" counts come from SLO-boundary buckets, which
 *       {@link SloMeterFilter} keeps cumulative. A bucket count that falls while the meter's count does
 *       not (a windowed histogram) is reported, not used.</li>
 * </ul>
 *
 * <h2>Maintenance windows</h2>
 * The events of a closed window are {@code count(end) - count(start)} from the samples kept at its edges:
 * told the windows ({@link #observe}, which a monitor and an evaluator with a calendar do), the source
 * pins the samples just before (or at) and just after each edge. Exact when a sample lies on an edge or
 * no event was counted between the two around it; otherwise the events of that gap (one round) count
 * as maintenance. Without the samples the answer is a failure saying why.
 *
 * <p>Memory: at most {@value CountHistory#SLOTS} samples (~7 KB) and {@value CountHistory#PINS} pinned edge
 * samples per queried series, whatever the number of rounds. Counts made before the source's {@code countingSince} instant (by default the
 * JVM's start) are assumed to lie before any window that starts earlier.
 *
 * @since 0.1.0
 */
public final class MicrometerSource implements MetricSource {

    private final MeterRegistry registry;
    private final MeterReader reader;

    private MicrometerSource(MeterRegistry registry, Instant countingSince) {
        this.registry = registry;
        this.reader = new MeterReader(registry, countingSince);
    }

    /** A source over {@code registry}, counting since the JVM started. */
    public static MicrometerSource of(MeterRegistry registry) {
        return builder(registry).build();
    }

    /** A source over Micrometer's global registry. */
    public static MicrometerSource global() {
        return of(Metrics.globalRegistry);
    }

    public static Builder builder(MeterRegistry registry) {
        return new Builder(registry);
    }

    @Override
    public UnitConvention unitConvention() {
        return UnitConvention.EXACT;
    }

    @Override
    public String name() {
        return "micrometer";
    }

    @Override
    public Measurement query(MetricQuery query) {
        return reader.query(query);
    }

    /** Per label value: the meters are grouped by the values of these tags ({@code group_by: [uri]}). */
    @Override
    public GroupedMeasurement queryGrouped(MetricQuery query, java.util.List<String> labels) {
        return reader.queryGrouped(query, labels);
    }

    /**
     * Checks a query's syntax without reading meters.
     *
     * @throws IllegalArgumentException naming the column, the bad token and the syntax
     */
    public static void validate(String query) {
        io.smartspec.slo.internal.micrometer.MeterQueryParser.parse(query);
    }

    /**
     * Yes: the events of a past interval (a closed maintenance window) are the difference of the counts
     * kept at its edges; when they were not kept, the answer is a failure saying why.
     */
    @Override
    public boolean countsPastIntervals() {
        return true;
    }

    /** Keeps the count samples at and around the edges of the calendar's windows (a monitor calls it). */
    @Override
    public void observe(MaintenanceCalendar maintenance) {
        reader.observe(Objects.requireNonNull(maintenance, "maintenance"));
    }

    /** The registry read. */
    public MeterRegistry registry() {
        return registry;
    }

    /** How many series this source keeps count samples for (each bounded by {@value CountHistory#SLOTS}). */
    public int trackedSeries() {
        return reader.trackedSeries();
    }

    @Override
    public String toString() {
        return "MicrometerSource[" + registry.getClass().getSimpleName() + "]";
    }

    /** Builds a {@link MicrometerSource}. */
    public static final class Builder {
        private final MeterRegistry registry;
        private Instant countingSince;

        private Builder(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /**
         * When the meters started counting (default: the JVM's start). A window that begins before it
         * counts every event the meters hold; tests on a virtual clock set it to the clock's start.
         */
        public Builder countingSince(Instant countingSince) {
            this.countingSince = Objects.requireNonNull(countingSince, "countingSince");
            return this;
        }

        public MicrometerSource build() {
            Instant since = countingSince != null ? countingSince
                    : Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
            return new MicrometerSource(registry, since);
        }
    }
}
