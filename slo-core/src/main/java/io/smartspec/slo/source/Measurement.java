package io.smartspec.slo.source;

import io.smartspec.slo.Quantity;
import io.smartspec.slo.Unit;
import java.util.Objects;

/**
 * What a {@link MetricSource} answered: a value with its unit, no data, or a failure. Sources
 * never throw for an expected failure (an HTTP error, a bad query): they return
 * {@link Failed} with the provider's own message.
 *
 * @since 0.1.0
 */
public sealed interface Measurement permits Measurement.Value, Measurement.NoData, Measurement.Failed {

    /**
     * A value. Its unit is {@link Unit#NUMBER} when the source does not know it; the evaluator then
     * applies the unit declared for the metric, else the source's {@link MetricSource#unitConvention()};
     * never the objective's unit.
     */
    record Value(Quantity quantity) implements Measurement {
        public Value {
            Objects.requireNonNull(quantity, "quantity");
        }
    }

    /** The source has no value (no series, no samples, no events, NaN). Never counted as met. */
    record NoData(String reason) implements Measurement {
        public NoData {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The query failed; {@code message} is the provider's own explanation (never a secret). */
    record Failed(String message) implements Measurement {
        public Failed {
            Objects.requireNonNull(message, "message");
        }
    }

    /** A value; NaN and infinities become {@link NoData}, never a number that passes or fails. */
    static Measurement of(Quantity quantity) {
        if (!quantity.isFinite()) {
            return new NoData("the value is " + quantity.value() + ", not a number");
        }
        return new Value(quantity);
    }

    static Measurement of(double value, Unit unit) {
        return of(new Quantity(value, unit));
    }

    static Measurement noData(String reason) {
        return new NoData(reason);
    }

    static Measurement failed(String message) {
        return new Failed(message);
    }
}
