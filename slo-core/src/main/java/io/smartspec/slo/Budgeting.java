package io.smartspec.slo;

import java.time.Duration;
import java.util.Objects;

/**
 * How an SLO counts its SLI and error budget over its {@link SloWindow} (OpenSLO's {@code budgetingMethod}):
 *
 * <ul>
 *   <li>{@link Occurrences} — events: the SLI is good events over all events (ratio SLOs; the default);</li>
 *   <li>{@link Timeslices} — time: the window is cut into slices of equal length (aligned to the epoch), a slice
 *       is good when its value meets the {@linkplain Timeslices#sliceObjective() slice objective}, and the SLI is
 *       the share of good slices. This gives a threshold SLO ("p99 &lt; 200ms") an error budget: with a target of
 *       99%, 1% of the slices may be bad. The SLO's {@link Slo#objective() objective} is then the target share of
 *       good slices ({@code >= 99%});</li>
 *   <li>{@link RatioTimeslices} — the SLI is the mean of each slice's ratio of good to all events (ratio SLOs).</li>
 * </ul>
 * A slice without a value (no data) counts neither as good nor as bad.
 *
 * @since 0.1.0
 */
public sealed interface Budgeting permits Budgeting.Occurrences, Budgeting.Timeslices, Budgeting.RatioTimeslices {

    /** The default: count events. */
    Occurrences OCCURRENCES = new Occurrences();

    /** The budgeting methods as written in specs, for error messages. */
    String ACCEPTED = "occurrences, or timeslices followed by the slice length (e.g. timeslices 1m)";

    /** {@code occurrences}, {@code timeslices 1m}: parseable in a spec's {@code Budget} column. */
    String describe();

    /** Events: the SLI is good events over all events. */
    record Occurrences() implements Budgeting {
        @Override
        public String describe() {
            return "occurrences";
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /**
     * Time slices of {@code slice}: a slice is good when its value meets {@code sliceObjective} ({@code < 200 ms}
     * for a threshold SLO, {@code >= 95 %} for the ratio of a ratio SLO); the SLI is the share of good slices.
     */
    record Timeslices(Duration slice, Objective sliceObjective) implements Budgeting {
        public Timeslices {
            Objects.requireNonNull(slice, "slice");
            Objects.requireNonNull(sliceObjective, "sliceObjective");
            if (slice.isNegative() || slice.isZero() || slice.toMillis() % 1000 != 0) {
                throw new IllegalArgumentException("time slice: " + slice + " must be a positive whole number of "
                        + "seconds");
            }
        }

        @Override
        public String describe() {
            return "timeslices " + Windows.format(slice);
        }

        /** {@code 1m slices with api_latency_p99 < 200 ms}, for results and reports. */
        public String describe(String metric) {
            return Windows.format(slice) + " slices with " + metric + " " + sliceObjective;
        }

        @Override
        public String toString() {
            return describe() + " (" + sliceObjective + ")";
        }
    }

    /** Time slices of {@code slice} whose ratios of good to all events are averaged: the SLI is the mean ratio. */
    record RatioTimeslices(Duration slice) implements Budgeting {
        public RatioTimeslices {
            Objects.requireNonNull(slice, "slice");
            if (slice.isNegative() || slice.isZero() || slice.toMillis() % 1000 != 0) {
                throw new IllegalArgumentException("time slice: " + slice + " must be a positive whole number of "
                        + "seconds");
            }
        }

        @Override
        public String describe() {
            return "ratio timeslices " + Windows.format(slice);
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /** Time slices of {@code slice} judged by {@code sliceObjective}. */
    static Timeslices timeslices(Duration slice, Objective sliceObjective) {
        return new Timeslices(slice, sliceObjective);
    }

    /** Mean of the ratios of time slices of {@code slice}. */
    static RatioTimeslices ratioTimeslices(Duration slice) {
        return new RatioTimeslices(slice);
    }
}
