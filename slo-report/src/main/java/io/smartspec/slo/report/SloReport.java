package io.smartspec.slo.report;

import io.smartspec.slo.history.SloInfo;
import io.smartspec.slo.history.HistoryReading;
import io.smartspec.slo.history.SloHistory;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.Unit;
import io.smartspec.slo.report.internal.ReportCalculator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A report on the SLOs of one spec over a {@link ReportPeriod}: an executive summary, one section per
 * SLO (target vs actual, compliance, error budget, breaches, trend against the previous period, charts
 * data and an appendix of detailed numbers) and action items derived from the data. Immutable; render
 * it with {@link ReportFormat}. Numbers that do not exist are {@code NaN} (never null).
 *
 * <p>Compliance is the share of judged rounds (MET, AT_RISK or BREACHED) that were within the SLO;
 * rounds with NO_DATA or ERROR are counted apart. The error budget of a ratio SLO is the one over its
 * rolling window as of the last round of the period; a threshold SLO gets a time-slice budget: the
 * share of rounds allowed out of the SLO is {@code 1 - thresholdCompliance} (default 99%).
 *
 * <pre>{@code
 * SloReport report = SloReport.forSpec("checkout")
 *     .over(ReportPeriod.month(YearMonth.of(2026, 3), ZoneId.of("Europe/Berlin")))
 *     .from(history)
 *     .build();
 * Files.writeString(Path.of("checkout-2026-03.html"), ReportFormat.HTML.render(report));
 * }</pre>
 *
 * @param schemaVersion the version of the JSON schema ({@value #SCHEMA_VERSION})
 * @param specId        the spec
 * @param period        the period covered
 * @param generatedAt   when the report was made
 * @param summary       the executive summary
 * @param slos          one section per SLO, in definition order
 * @param actionItems   what to do, most urgent first
 * @param warnings      history lines that were skipped and other data problems
 * @param maintenance   the maintenance windows in the period, whose events the SLIs left out
 * @since 0.1.0
 */
public record SloReport(int schemaVersion, String specId, ReportPeriod period, Instant generatedAt, Summary summary,
                        List<SloSection> slos, List<ActionItem> actionItems, List<String> warnings,
                        List<Maintenance> maintenance) {

    /** The version of the report's JSON schema, see {@code docs/report-schema.md}. */
    public static final int SCHEMA_VERSION = 1;

    /** The default share of rounds a threshold SLO must be within its objective for its time-slice budget. */
    public static final double DEFAULT_THRESHOLD_COMPLIANCE = 0.99;

    public SloReport {
        Objects.requireNonNull(specId, "specId");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(summary, "summary");
        slos = List.copyOf(slos);
        actionItems = List.copyOf(actionItems);
        warnings = List.copyOf(warnings);
        maintenance = List.copyOf(maintenance);
    }

    /** A report without maintenance windows. */
    public SloReport(int schemaVersion, String specId, ReportPeriod period, Instant generatedAt, Summary summary,
                     List<SloSection> slos, List<ActionItem> actionItems, List<String> warnings) {
        this(schemaVersion, specId, period, generatedAt, summary, slos, actionItems, warnings, List.of());
    }

    /**
     * A maintenance window with time in the period: its events are left out of the SLIs it covers, and no
     * breach fired inside it.
     *
     * @param reason   why
     * @param slos     the SLOs it covers; empty: all of the spec
     * @param schedule {@code once}, or the weekly schedule ({@code '0 2 * * SUN' for 2h in Europe/Berlin})
     * @param spans    its time in the period
     * @param excluded the time of the period it left out
     * @since 0.1.0
     */
    public record Maintenance(String reason, java.util.Set<String> slos, String schedule,
                              List<io.smartspec.slo.MaintenanceWindow.Span> spans, java.time.Duration excluded) {
        public Maintenance {
            Objects.requireNonNull(reason, "reason");
            slos = java.util.Set.copyOf(slos);
            Objects.requireNonNull(schedule, "schedule");
            spans = List.copyOf(spans);
            Objects.requireNonNull(excluded, "excluded");
        }

        static List<Maintenance> of(io.smartspec.slo.MaintenanceCalendar calendar, String specId, ReportPeriod period) {
            List<Maintenance> list = new java.util.ArrayList<>();
            for (io.smartspec.slo.MaintenanceWindow w : calendar.windows(specId)) {
                List<io.smartspec.slo.MaintenanceWindow.Span> spans = w.spans(period.from(), period.to());
                if (spans.isEmpty()) {
                    continue;
                }
                java.time.Duration total = spans.stream().map(io.smartspec.slo.MaintenanceWindow.Span::length)
                        .reduce(java.time.Duration.ZERO, java.time.Duration::plus);
                String schedule = w instanceof io.smartspec.slo.MaintenanceWindow.Recurring r
                        ? "'" + r.starts() + "' for " + io.smartspec.slo.Windows.format(r.duration()) + " in " + r.zone()
                        : "once";
                list.add(new Maintenance(w.reason(), w.slos(), schedule, spans, total));
            }
            return list;
        }
    }

    /** Starts a report on a spec. */
    public static Builder forSpec(String specId) {
        return new Builder(specId);
    }

    public Optional<SloSection> slo(String name) {
        return slos.stream().filter(s -> s.info().name().equals(name)).findFirst();
    }

    /** The verdict on an SLO over a period. */
    public enum Verdict {
        /** Judged at least once and never breached. */
        MET,
        /** Breached at least once. */
        BREACHED,
        /** Never judged: every round was NO_DATA or ERROR, or there were no rounds. */
        NO_DATA
    }

    /**
     * @param slos       how many SLOs
     * @param met        SLOs that were never breached
     * @param breached   SLOs breached at least once
     * @param noData     SLOs never judged
     * @param compliance the share of all judged rounds of all SLOs within their SLO (NaN when none)
     * @param worstSlo   the SLO with the lowest compliance (then the most budget spent)
     */
    public record Summary(int slos, int met, int breached, int noData, double compliance, Optional<String> worstSlo) {
        public Summary {
            Objects.requireNonNull(worstSlo, "worstSlo");
        }
    }

    /**
     * One SLO over the period.
     *
     * @param info          the SLO
     * @param verdict       met, breached or no data
     * @param rounds        all rounds in the period
     * @param judged        rounds that were MET, AT_RISK or BREACHED
     * @param within        rounds that were MET or AT_RISK
     * @param unknown       rounds that were NO_DATA or ERROR
     * @param compliance    within / judged (NaN when nothing was judged)
     * @param actual        for a ratio SLO the SLI over its window at the end of the period; for a threshold
     *                      the mean observed value; in the objective's unit (NaN when none)
     * @param worst         the worst observed value (NaN when none)
     * @param budget        the error budget
     * @param breaches      each stretch of breached rounds
     * @param trend         compliance against the previous period
     * @param sli           the SLI over time for charts: the worst value per chart slot
     * @param budgetRemaining the share of the error budget left over time
     * @param appendix      detailed numbers per hour (daily reports) or per day
     */
    public record SloSection(SloInfo info, Verdict verdict, int rounds, int judged, int within, int unknown,
                             double compliance, double actual, double worst, Budget budget, List<Breach> breaches,
                             Trend trend, List<Point> sli, List<Point> budgetRemaining, List<AppendixRow> appendix) {
        public SloSection {
            Objects.requireNonNull(info, "info");
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(budget, "budget");
            breaches = List.copyOf(breaches);
            Objects.requireNonNull(trend, "trend");
            sli = List.copyOf(sli);
            budgetRemaining = List.copyOf(budgetRemaining);
            appendix = List.copyOf(appendix);
        }

        /** The total time spent in breach. */
        public Duration breachedFor() {
            return breaches.stream().map(Breach::duration).reduce(Duration.ZERO, Duration::plus);
        }

        /** A value in the objective's unit: {@code 213.4 ms}. */
        public Quantity quantity(double value) {
            Unit unit = info.objective().bound().unit();
            return Quantity.of(value, unit);
        }
    }

    /**
     * The error budget.
     *
     * @param basis    how it was measured: {@code rolling 30d window} or {@code time slices, 99% of rounds}
     * @param consumed the share spent (may exceed 1; NaN when unknown)
     * @param remaining {@code 1 - consumed} (negative when overspent; NaN when unknown)
     */
    public record Budget(String basis, double consumed, double remaining) {
        public Budget {
            Objects.requireNonNull(basis, "basis");
        }
    }

    /**
     * A stretch of consecutive breached rounds.
     *
     * @param start    the first breached round (or the start of its summary interval)
     * @param end      the first round back within the SLO, or the end of the period when still breached
     * @param duration {@code end - start}
     * @param ongoing  whether it lasted to the end of the period
     * @param priority the SLO's priority
     * @param worst    the worst value observed while breached (NaN when none)
     * @param rounds   breached rounds
     */
    public record Breach(Instant start, Instant end, Duration duration, boolean ongoing, Priority priority,
                         double worst, int rounds) {
        public Breach {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(priority, "priority");
        }
    }

    /** Which way compliance went against the previous period. */
    public enum Direction { IMPROVED, WORSENED, STEADY, UNKNOWN }

    /**
     * @param previousCompliance compliance over the previous period (NaN when it had no data)
     * @param deltaPoints        the change in percentage points (NaN when unknown)
     * @param direction          improved, worsened, steady (within 0.01 points) or unknown
     */
    public record Trend(double previousCompliance, double deltaPoints, Direction direction) {
        public Trend {
            Objects.requireNonNull(direction, "direction");
        }
    }

    /** A point of a chart. */
    public record Point(Instant at, double value) {
        public Point {
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * Detailed numbers of one hour or day.
     *
     * @param label      {@code 2026-03-29 14:00} or {@code 2026-03-29}, local to the period's zone
     * @param from       its start
     * @param rounds     all rounds
     * @param breached   breached rounds
     * @param unknown    NO_DATA or ERROR rounds
     * @param compliance within / judged (NaN when none)
     * @param min        the smallest value (NaN when none)
     * @param mean       the mean value (NaN when none)
     * @param max        the largest value (NaN when none)
     */
    public record AppendixRow(String label, Instant from, int rounds, int breached, int unknown, double compliance,
                              double min, double mean, double max) {
    }

    /** What an action item is about. */
    public enum ActionKind { BREACHED, BUDGET_MORE_THAN_HALF_SPENT, NO_DATA }

    /**
     * Something to do, derived from the data.
     *
     * @param priority the SLO's priority
     * @param kind     why
     * @param slo      the SLO
     * @param text     what happened and what to do, as a sentence
     */
    public record ActionItem(Priority priority, ActionKind kind, String slo, String text) {
        public ActionItem {
            Objects.requireNonNull(priority, "priority");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(slo, "slo");
            Objects.requireNonNull(text, "text");
        }
    }

    /** Builds a report; reads as a sentence: {@code forSpec("checkout").over(month).from(history).build()}. */
    public static final class Builder {
        private final String specId;
        private ReportPeriod period;
        private SloHistory history;
        private HistoryReading current;
        private HistoryReading previous;
        private SloSet expected;
        private Clock clock = Clock.systemUTC();
        private double thresholdCompliance = DEFAULT_THRESHOLD_COMPLIANCE;
        private io.smartspec.slo.MaintenanceCalendar maintenance;

        private Builder(String specId) {
            this.specId = Objects.requireNonNull(specId, "specId");
        }

        public Builder over(ReportPeriod period) {
            this.period = Objects.requireNonNull(period, "period");
            return this;
        }

        /** Reads the period and the previous one from a history. */
        public Builder from(SloHistory history) {
            this.history = Objects.requireNonNull(history, "history");
            return this;
        }

        /** Uses samples read elsewhere (e.g. computed from a provider's range queries). */
        public Builder from(HistoryReading current, HistoryReading previous) {
            this.current = Objects.requireNonNull(current, "current");
            this.previous = Objects.requireNonNull(previous, "previous");
            return this;
        }

        /** The SLOs the spec defines: those absent from the history are reported with no data. */
        public Builder expecting(SloSet slos) {
            this.expected = Objects.requireNonNull(slos, "slos");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The maintenance windows to show: those of the spec with time in the period. */
        public Builder maintenance(io.smartspec.slo.MaintenanceCalendar calendar) {
            this.maintenance = Objects.requireNonNull(calendar, "calendar");
            return this;
        }

        /** The share of rounds a threshold SLO must be within its objective, e.g. {@code percent(99)}. */
        public Builder thresholdCompliance(Quantity share) {
            double v = share.to(Unit.FRACTION).value();
            if (!(v > 0 && v < 1)) {
                throw new IllegalArgumentException("thresholdCompliance must be between 0% and 100% (exclusive), "
                        + "but was " + share);
            }
            this.thresholdCompliance = v;
            return this;
        }

        /**
         * @throws IllegalStateException naming what is missing (the period, the data)
         */
        public SloReport build() {
            if (period == null) {
                throw new IllegalStateException("report on '" + specId + "': no period; call over(ReportPeriod...)");
            }
            HistoryReading cur = current;
            HistoryReading prev = previous;
            if (cur == null) {
                if (history == null) {
                    throw new IllegalStateException("report on '" + specId + "': no data; call from(history) or "
                            + "from(current, previous)");
                }
                cur = history.readMerged(specId, period.from(), period.to());
                prev = history.readMerged(specId, period.previous().from(), period.previous().to());
            }
            SloReport r = ReportCalculator.calculate(specId, period, cur, prev, expected, thresholdCompliance,
                    clock.instant());
            if (maintenance == null) {
                return r;
            }
            return new SloReport(r.schemaVersion(), r.specId(), r.period(), r.generatedAt(), r.summary(), r.slos(),
                    r.actionItems(), r.warnings(), Maintenance.of(maintenance, specId, period));
        }
    }
}
