package io.smartspec.slo.internal.micrometer;

/**
 * A bounded, multi-resolution ring of (time, cumulative count) samples of one series, so the events
 * of any window from seconds to ~100 days are {@code count(now) - count(at or just before now - window)}
 * while memory stays fixed.
 *
 * <p>Tiers, finest first (spacing between kept samples x slots = reach):
 * every sample x 16, 1 min x 64 (~1 h), 10 min x 40 (~6.6 h), 1 h x 80 (~3.3 d), 6 h x 128 (~32 d),
 * 1 d x 100 (~100 d). A sample enters every tier whose last sample is at least its spacing old.
 * The bound is {@value #SLOTS} samples (two primitive arrays, about 7 KB) per series, whatever the
 * number of rounds. The error of a window's start is at most the spacing of the finest tier that
 * reaches back that far (1 min for 1 h windows, 6 h for 30 d windows).
 *
 * <p>Besides, up to {@value #PINS} <em>pinned</em> samples are kept apart from the tiers, whatever their
 * age: those at and around the edges of maintenance windows ({@link #pin}), so that the events of a
 * window that closed days ago are still {@code count(end) - count(start)} from the samples taken then.
 *
 * <p>Thread-safe.
 */
public final class CountHistory {

    private static final long[] SPACING_MILLIS = {0, 60_000, 600_000, 3_600_000, 21_600_000, 86_400_000};
    private static final int[] CAPACITY = {16, 64, 40, 80, 128, 100};
    /** The number of samples kept per series at most. */
    public static final int SLOTS = 428;
    /** The number of pinned samples kept at most (the oldest is dropped first). */
    public static final int PINS = 64;

    private final long[][] times = new long[CAPACITY.length][];
    private final double[][] counts = new double[CAPACITY.length][];
    private final int[] size = new int[CAPACITY.length];
    private final int[] head = new int[CAPACITY.length]; // index of the next write
    private double lastAux = Double.NaN;
    private final long[] pinTimes = new long[PINS];
    private final double[] pinCounts = new double[PINS];
    private int pins;
    private int pinHead;

    public CountHistory() {
        for (int t = 0; t < CAPACITY.length; t++) {
            times[t] = new long[CAPACITY[t]];
            counts[t] = new double[CAPACITY[t]];
        }
    }

    /** A sample found at or before an instant. */
    public record Sample(long epochMillis, double count) {
    }

    /**
     * Records a sample. A sample at the same instant as the latest replaces it; a sample older than
     * the latest is ignored (the ring only moves forward).
     */
    public synchronized void record(long epochMillis, double count) {
        for (int t = 0; t < CAPACITY.length; t++) {
            if (size[t] > 0) {
                int last = index(t, size[t] - 1);
                long lastTime = times[t][last];
                if (epochMillis == lastTime) {
                    counts[t][last] = count;
                    continue;
                }
                if (epochMillis < lastTime || epochMillis - lastTime < SPACING_MILLIS[t]) {
                    continue;
                }
            }
            times[t][head[t]] = epochMillis;
            counts[t][head[t]] = count;
            head[t] = (head[t] + 1) % CAPACITY[t];
            if (size[t] < CAPACITY[t]) {
                size[t]++;
            }
        }
    }

    /** The latest sample with a time at or before {@code epochMillis}, or null when there is none. */
    public synchronized Sample atOrBefore(long epochMillis) {
        long bestTime = Long.MIN_VALUE;
        double bestCount = 0;
        boolean found = false;
        for (int t = 0; t < CAPACITY.length; t++) {
            int n = size[t];
            if (n == 0 || times[t][index(t, 0)] > epochMillis) {
                continue;
            }
            int lo = 0;
            int hi = n - 1; // times[index(lo)] <= epochMillis holds
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (times[t][index(t, mid)] <= epochMillis) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            long time = times[t][index(t, lo)];
            if (!found || time > bestTime) {
                bestTime = time;
                bestCount = counts[t][index(t, lo)];
                found = true;
            }
        }
        for (int i = 0; i < pins; i++) {
            if (pinTimes[i] <= epochMillis && (!found || pinTimes[i] > bestTime)) {
                bestTime = pinTimes[i];
                bestCount = pinCounts[i];
                found = true;
            }
        }
        return found ? new Sample(bestTime, bestCount) : null;
    }

    /** The earliest sample with a time at or after {@code epochMillis}, or null when there is none. */
    public synchronized Sample atOrAfter(long epochMillis) {
        long bestTime = Long.MAX_VALUE;
        double bestCount = 0;
        boolean found = false;
        for (int t = 0; t < CAPACITY.length; t++) {
            for (int i = 0; i < size[t]; i++) {
                int k = index(t, i);
                if (times[t][k] >= epochMillis) {
                    if (!found || times[t][k] < bestTime) {
                        bestTime = times[t][k];
                        bestCount = counts[t][k];
                        found = true;
                    }
                    break; // a tier is in time order
                }
            }
        }
        for (int i = 0; i < pins; i++) {
            if (pinTimes[i] >= epochMillis && (!found || pinTimes[i] < bestTime)) {
                bestTime = pinTimes[i];
                bestCount = pinCounts[i];
                found = true;
            }
        }
        return found ? new Sample(bestTime, bestCount) : null;
    }

    /**
     * Keeps a sample apart from the tiers (the sample just before or at a maintenance window's edge, and
     * the one just after), until {@value #PINS} later pins have replaced it. Pinning the same instant
     * again replaces its count.
     */
    public synchronized void pin(long epochMillis, double count) {
        for (int i = 0; i < pins; i++) {
            if (pinTimes[i] == epochMillis) {
                pinCounts[i] = count;
                return;
            }
        }
        pinTimes[pinHead] = epochMillis;
        pinCounts[pinHead] = count;
        pinHead = (pinHead + 1) % PINS;
        if (pins < PINS) {
            pins++;
        }
    }

    /** Whether a sample of this instant is pinned. */
    public synchronized boolean isPinned(long epochMillis) {
        for (int i = 0; i < pins; i++) {
            if (pinTimes[i] == epochMillis) {
                return true;
            }
        }
        return false;
    }

    /** The oldest sample kept, or null when empty. */
    public synchronized Sample oldest() {
        Sample oldest = null;
        for (int t = 0; t < CAPACITY.length; t++) {
            if (size[t] > 0) {
                int i = index(t, 0);
                if (oldest == null || times[t][i] < oldest.epochMillis()) {
                    oldest = new Sample(times[t][i], counts[t][i]);
                }
            }
        }
        for (int i = 0; i < pins; i++) {
            if (oldest == null || pinTimes[i] < oldest.epochMillis()) {
                oldest = new Sample(pinTimes[i], pinCounts[i]);
            }
        }
        return oldest;
    }

    /** The latest sample, or null when empty. */
    public synchronized Sample latest() {
        if (size[0] == 0) {
            return null;
        }
        int i = index(0, size[0] - 1);
        return new Sample(times[0][i], counts[0][i]);
    }

    /** How many samples are kept now (at most {@link #SLOTS}). */
    public synchronized int samples() {
        int n = 0;
        for (int s : size) {
            n += s;
        }
        return n;
    }

    /** A second number kept with the latest sample (the meter's total count next to a bucket count). */
    public synchronized double swapAux(double aux) {
        double previous = lastAux;
        lastAux = aux;
        return previous;
    }

    private int index(int tier, int i) {
        int start = size[tier] < CAPACITY[tier] ? 0 : head[tier];
        return (start + i) % CAPACITY[tier];
    }
}
