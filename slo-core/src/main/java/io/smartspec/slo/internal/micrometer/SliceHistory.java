package io.smartspec.slo.internal.micrometer;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.DoublePredicate;

/**
 * The values read of one query, one per time slice: the last value read within each slice (what a Prometheus
 * subquery takes at the slice's end). Slices are aligned to the epoch: the slice that ends at step {@code k}
 * covers {@code ((k-1)*S, k*S]}. A ring of slots, grown to the longest window asked (at most {@link #MAX_SLICES}).
 * Thread-safe.
 */
final class SliceHistory {

    /** The most slices kept per query: a quarter of 1-minute slices is 132,480. */
    static final int MAX_SLICES = 400_000;

    private final long sliceMillis;
    private long[] steps = new long[0];
    private double[] values = new double[0];
    private Instant latestRead = Instant.MIN;

    SliceHistory(Duration slice) {
        this.sliceMillis = slice.toMillis();
    }

    /** How many slices a window holds. */
    long slicesIn(Duration window) {
        return Math.max(1, (window.toMillis() + sliceMillis - 1) / sliceMillis);
    }

    /** Records the value read at {@code at} as its slice's value (the last read in a slice wins). */
    synchronized void record(Instant at, double value, Duration window) {
        if (at.isBefore(latestRead)) {
            // a count asked for a past instant (a maintenance span's end): the value read now is not that slice's
            return;
        }
        latestRead = at;
        int wanted = (int) Math.min(MAX_SLICES, slicesIn(window) + 2);
        if (wanted > steps.length) {
            grow(wanted);
        }
        long step = Math.floorDiv(at.toEpochMilli() + sliceMillis - 1, sliceMillis);
        int slot = (int) Math.floorMod(step, (long) steps.length);
        steps[slot] = step;
        values[slot] = value;
    }

    /** The slices that ended in {@code (at - window, at]}: how many have a value, and how many of those are good. */
    synchronized long[] count(Instant at, Duration window, DoublePredicate good) {
        long last = Math.floorDiv(at.toEpochMilli(), sliceMillis);
        long all = 0;
        long goodSlices = 0;
        for (int i = 0; i < steps.length; i++) {
            long step = steps[i];
            if (step <= last && step * sliceMillis > at.toEpochMilli() - window.toMillis()) {
                all++;
                if (good.test(values[i])) {
                    goodSlices++;
                }
            }
        }
        return new long[] {all, goodSlices};
    }

    /** The sum of the values of the slices that ended in {@code (at - window, at]}. */
    synchronized double sum(Instant at, Duration window) {
        long last = Math.floorDiv(at.toEpochMilli(), sliceMillis);
        double sum = 0;
        for (int i = 0; i < steps.length; i++) {
            long step = steps[i];
            if (step <= last && step * sliceMillis > at.toEpochMilli() - window.toMillis()) {
                sum += values[i];
            }
        }
        return sum;
    }

    private void grow(int size) {
        long[] oldSteps = steps;
        double[] oldValues = values;
        steps = new long[size];
        values = new double[size];
        Arrays.fill(steps, Long.MIN_VALUE);
        for (int i = 0; i < oldSteps.length; i++) {
            if (oldSteps[i] != Long.MIN_VALUE) {
                int slot = (int) Math.floorMod(oldSteps[i], (long) size);
                if (steps[slot] == Long.MIN_VALUE || steps[slot] < oldSteps[i]) {
                    steps[slot] = oldSteps[i];
                    values[slot] = oldValues[i];
                }
            }
        }
    }
}
