package io.smartspec.slo.source;

import io.smartspec.slo.UnitConvention;

/**
 * Where metric values come from: Micrometer in the same JVM, Prometheus, Datadog, ... Implementations
 * are thread-safe; a monitor may call {@link #query} from several threads at once.
 *
 * <p>Providers are found with {@link java.util.ServiceLoader} through {@link MetricSourceProvider}.
 *
 * @since 0.1.0
 */
public interface MetricSource extends AutoCloseable {

    /** A short name for messages and results: {@code micrometer}, {@code prometheus}, {@code datadog}. */
    String name();

    /**
     * Answers one query. Expected failures (HTTP errors, bad queries, timeouts) are returned as
     * {@link Measurement.Failed}, not thrown; an exception is treated the same way by the evaluator.
     */
    Measurement query(MetricQuery query);

    /**
     * What this source's plain numbers mean ({@link io.smartspec.slo.Unit#NUMBER} values compared with an
     * objective in seconds, percent or per second). By default nothing is assumed: such a value needs the
     * metric's declared {@code unit:}, and is an error without one. Sources that wrap another delegate this.
     *
     * @since 0.1.0
     */
    default UnitConvention unitConvention() {
        return UnitConvention.DECLARED;
    }

    /**
     * Answers one query once per combination of the values of {@code labels} (a per-label SLO,
     * {@code group_by:}): a Prometheus source sums {@code by (route)}, Micrometer groups its meters by tag.
     * Expected failures are returned, not thrown, as for {@link #query}. By default a source cannot group:
     * the answer is a failure saying so.
     *
     * @since 0.2.0
     */
    default GroupedMeasurement queryGrouped(MetricQuery query, java.util.List<String> labels) {
        return GroupedMeasurement.whole(Measurement.failed(name() + " cannot evaluate an SLO per label "
                + "(group_by: " + labels + ")"));
    }

    /** Whether {@link MetricQuery#at()} in the past is honoured (for {@code slo monitor --at}). */
    default boolean supportsPastInstants() {
        return false;
    }

    /**
     * Whether an events query for a past interval (its {@link MetricQuery#at()} in the past, ending a
     * closed maintenance window) is answered with the events of that interval, or a failure saying why.
     * By default, when the source {@link #supportsPastInstants() supports past instants}; a source that
     * keeps its own history of counts (micrometer) may answer for intervals without answering every past
     * query. Sources that wrap another delegate this.
     *
     * @since 0.3.0
     */
    default boolean countsPastIntervals() {
        return supportsPastInstants();
    }

    /**
     * Told the maintenance windows a monitor honours, before its first round, so that a source that keeps
     * its own history of counts keeps the samples at the windows' edges (to answer
     * {@link #countsPastIntervals() past intervals} later). By default nothing is kept. Sources that wrap
     * another delegate this.
     *
     * @since 0.3.0
     */
    default void observe(io.smartspec.slo.MaintenanceCalendar maintenance) {
    }

    /** Releases connections and threads. */
    @Override
    default void close() {
    }
}
