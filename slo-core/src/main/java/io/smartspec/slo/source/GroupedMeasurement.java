package io.smartspec.slo.source;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link MetricSource} answered to a query grouped by labels ({@link MetricSource#queryGrouped}): a
 * measurement per combination of label values, or one measurement (no data, a failure) for the whole
 * query.
 *
 * @since 0.2.0
 */
public sealed interface GroupedMeasurement permits GroupedMeasurement.PerLabels, GroupedMeasurement.Whole {

    /**
     * A measurement per combination of label values; each key maps every label grouped by to its value.
     * No entry for a combination means the source has no series for it.
     */
    record PerLabels(Map<Map<String, String>, Measurement> values) implements GroupedMeasurement {
        public PerLabels {
            Map<Map<String, String>, Measurement> copy = new LinkedHashMap<>();
            values.forEach((k, v) -> copy.put(Map.copyOf(k), Objects.requireNonNull(v, "measurement")));
            values = java.util.Collections.unmodifiableMap(copy);
        }
    }

    /** One answer for every label value: no series at all, or a failure. */
    record Whole(Measurement measurement) implements GroupedMeasurement {
        public Whole {
            Objects.requireNonNull(measurement, "measurement");
        }
    }

    static GroupedMeasurement perLabels(Map<Map<String, String>, Measurement> values) {
        return new PerLabels(values);
    }

    static GroupedMeasurement whole(Measurement measurement) {
        return new Whole(measurement);
    }
}
