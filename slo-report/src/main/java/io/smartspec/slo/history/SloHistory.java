package io.smartspec.slo.history;

import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.history.internal.HistoryFiles;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An embedded store of monitor rounds: append-only JSON Lines, one directory per spec id and one file
 * per UTC day. Finished days are gzipped; days older than {@link Builder#keepRoundsFor(Duration)}
 * (default 7 days) are compacted to one summary per {@link Builder#summarizeBy(Duration) interval}
 * (default 1 hour), and days older than {@link Builder#keepIntervalSummariesFor(Duration)} (default 90
 * days) to one summary per day, so a year of one-minute rounds for 50 SLOs takes a few MB. Summaries are
 * cut where a breach starts or ends, so reports keep exact breach timings after compaction. Each round is one line written in
 * one call: a crash loses at most the round being written. A corrupt or truncated line is skipped
 * with a warning (logged and listed in {@link HistoryReading#warnings()}), never a failed report.
 *
 * <pre>{@code
 * SloHistory history = SloHistory.in(Path.of("/var/lib/slo/history"));
 * SloMonitor monitor = SloMonitor.builder()...onRound(history::append).build();
 * HistoryReading march = history.read("checkout", from, to);
 * }</pre>
 *
 * Thread-safe.
 *
 * @since 0.1.0
 */
public final class SloHistory {

    public static final Duration DEFAULT_KEEP_ROUNDS = Duration.ofDays(7);
    public static final Duration DEFAULT_SUMMARY_INTERVAL = Duration.ofHours(1);
    public static final Duration DEFAULT_KEEP_SUMMARIES = Duration.ofDays(90);

    private final HistoryFiles files;

    private SloHistory(HistoryFiles files) {
        this.files = files;
    }

    /** A history in {@code directory} with the defaults (rounds for 7 days, hourly summaries after). */
    public static SloHistory in(Path directory) {
        return builder(directory).build();
    }

    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /**
     * Appends every SLO result of a round, grouped by spec id. Usable as {@code onRound(history::append)}.
     *
     * @throws java.io.UncheckedIOException when the file cannot be written (naming it)
     * @throws IllegalArgumentException     when a spec id cannot name a directory
     */
    public void append(EvaluationRound round) {
        Map<String, List<SloResult>> bySpec = new LinkedHashMap<>();
        for (SloResult r : round.results()) {
            bySpec.computeIfAbsent(r.specId(), k -> new ArrayList<>()).add(r);
        }
        bySpec.forEach((specId, results) -> {
            List<SloInfo> infos = new ArrayList<>(results.size());
            List<HistorySample> samples = new ArrayList<>(results.size());
            for (SloResult r : results) {
                infos.add(SloInfo.of(r.slo()));
                samples.add(HistorySample.of(r));
            }
            files.append(specId, round.evaluatedAt(), infos, samples);
        });
    }

    /**
     * Appends one round given as samples (for imports and tests); {@code infos} describe the SLOs.
     */
    public void append(String specId, Instant at, List<SloInfo> infos, List<HistorySample> samples) {
        files.append(specId, at, List.copyOf(infos), List.copyOf(samples));
    }

    /** Reads what the history holds for a spec in {@code [from, to)}. Never fails for a corrupt line. */
    public HistoryReading read(String specId, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("history read: from (" + from + ") must be before to (" + to + ")");
        }
        return files.read(specId, from, to);
    }

    /**
     * Reads for a report: periods longer than two days get runs of rounds merged within each UTC hour
     * (same counts, extremes and breach boundaries; fewer objects).
     */
    public HistoryReading readMerged(String specId, Instant from, Instant to) {
        return files.read(specId, from, to, Duration.between(from, to).compareTo(Duration.ofHours(50)) > 0);
    }

    /** The spec ids that have a history. */
    public List<String> specIds() {
        return files.specIds();
    }

    /** Whether the spec has any rounds on or before the UTC day of {@code instant}. */
    public boolean hasDataBefore(String specId, Instant instant) {
        return files.hasDataBefore(specId, instant);
    }

    /**
     * Gzips finished days and summarises old ones for every spec. Runs by itself when a spec's first
     * round of a new day is appended; call it directly after an import or from a maintenance job.
     */
    public void compact(Instant now) {
        for (String specId : files.specIds()) {
            files.compact(specId, now);
        }
    }

    public Path directory() {
        return files.root();
    }

    @Override
    public String toString() {
        return "SloHistory[" + files.root() + "]";
    }

    /** Builds an {@link SloHistory}; setters fail fast with the bad value. */
    public static final class Builder {
        private final Path directory;
        private Duration keepRounds = DEFAULT_KEEP_ROUNDS;
        private Duration summaryInterval = DEFAULT_SUMMARY_INTERVAL;
        private Duration keepSummaries = DEFAULT_KEEP_SUMMARIES;

        private Builder(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        /** How long single rounds are kept before they are summarised (default 7 days). */
        public Builder keepRoundsFor(Duration keep) {
            if (keep.isNegative()) {
                throw new IllegalArgumentException("keepRoundsFor must not be negative, but was " + keep);
            }
            this.keepRounds = keep;
            return this;
        }

        /** The interval of a summary (default 1 hour); must divide a day. */
        public Builder summarizeBy(Duration interval) {
            if (interval.isNegative() || interval.isZero() || interval.compareTo(Duration.ofDays(1)) > 0
                    || Duration.ofDays(1).toMillis() % interval.toMillis() != 0) {
                throw new IllegalArgumentException("summarizeBy must be positive and divide a day (e.g. 5m, 15m, 1h), "
                        + "but was " + interval);
            }
            this.summaryInterval = interval;
            return this;
        }

        /**
         * How long per-interval summaries are kept before a day is summarised as a whole (default 90 days).
         * Breach starts and ends stay exact; charts and appendix rows of older periods get one point per
         * UTC day.
         */
        public Builder keepIntervalSummariesFor(Duration keep) {
            if (keep.isNegative()) {
                throw new IllegalArgumentException("keepIntervalSummariesFor must not be negative, but was " + keep);
            }
            this.keepSummaries = keep;
            return this;
        }

        public SloHistory build() {
            return new SloHistory(new HistoryFiles(directory, keepRounds, summaryInterval, keepSummaries));
        }
    }
}
