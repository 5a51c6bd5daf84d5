package io.smartspec.slo.report.internal;

import io.smartspec.slo.Priority;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.Windows;
import io.smartspec.slo.history.HistoryReading;
import io.smartspec.slo.history.HistorySample;
import io.smartspec.slo.report.ReportPeriod;
import io.smartspec.slo.history.SloInfo;
import io.smartspec.slo.report.SloReport;
import io.smartspec.slo.report.SloReport.ActionItem;
import io.smartspec.slo.report.SloReport.ActionKind;
import io.smartspec.slo.report.SloReport.AppendixRow;
import io.smartspec.slo.report.SloReport.Breach;
import io.smartspec.slo.report.SloReport.Budget;
import io.smartspec.slo.report.SloReport.Direction;
import io.smartspec.slo.report.SloReport.Point;
import io.smartspec.slo.report.SloReport.SloSection;
import io.smartspec.slo.report.SloReport.Trend;
import io.smartspec.slo.report.SloReport.Verdict;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Computes an {@link SloReport} from history samples. Stateless. */
public final class ReportCalculator {

    /** How many points a chart gets at most; the worst value of each slot is kept. */
    public static final int CHART_POINTS = 240;

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    private ReportCalculator() {
    }

    public static SloReport calculate(String specId, ReportPeriod period, HistoryReading current,
                                      HistoryReading previous, SloSet expected, double thresholdCompliance,
                                      Instant generatedAt) {
        Map<String, SloInfo> infos = new LinkedHashMap<>();
        if (expected != null) {
            for (Slo slo : expected) {
                infos.put(slo.name(), SloInfo.of(slo));
            }
        }
        current.slos().forEach((name, info) -> {
            if (!infos.containsKey(name) || expected == null) {
                infos.put(name, info);
            }
        });

        List<SloSection> sections = new ArrayList<>();
        for (SloInfo info : infos.values()) {
            sections.add(section(info, period, current.samples(info.name()), previous.samples(info.name()),
                    thresholdCompliance));
        }

        int met = 0;
        int breached = 0;
        int noData = 0;
        long within = 0;
        long judged = 0;
        for (SloSection s : sections) {
            switch (s.verdict()) {
                case MET -> met++;
                case BREACHED -> breached++;
                case NO_DATA -> noData++;
            }
            within += s.within();
            judged += s.judged();
        }
        Optional<String> worst = sections.stream().filter(s -> s.judged() > 0)
                .min(Comparator.comparingDouble(SloSection::compliance)
                        .thenComparing(s -> -nanToZero(s.budget().consumed()))
                        .thenComparing(s -> s.info().priority()))
                .map(s -> s.info().name());
        SloReport.Summary summary = new SloReport.Summary(sections.size(), met, breached, noData,
                judged == 0 ? Double.NaN : (double) within / judged, worst);

        List<String> warnings = new ArrayList<>(current.warnings());
        previous.warnings().stream().filter(w -> !warnings.contains(w)).forEach(warnings::add);
        return new SloReport(SloReport.SCHEMA_VERSION, specId, period, generatedAt, summary, sections,
                actionItems(sections), warnings);
    }

    private static double nanToZero(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private static SloSection section(SloInfo info, ReportPeriod period, List<HistorySample> samples,
                                      List<HistorySample> previousSamples, double thresholdCompliance) {
        boolean lower = info.lowerIsBetter();
        int rounds = 0;
        int judged = 0;
        int within = 0;
        int unknown = 0;
        int breachedRounds = 0;
        double sum = 0;
        int values = 0;
        double worst = Double.NaN;
        double lastValue = Double.NaN;
        double lastBudget = Double.NaN;
        for (HistorySample s : samples) {
            rounds += s.rounds();
            judged += s.judged();
            within += s.within();
            unknown += s.unknown();
            breachedRounds += s.breached();
            sum += s.sum();
            values += s.values();
            worst = worse(worst, s.worst(lower), lower);
            if (!Double.isNaN(s.last())) {
                lastValue = s.last();
            }
            if (!Double.isNaN(s.budgetRemaining())) {
                lastBudget = s.budgetRemaining();
            }
        }
        double compliance = judged == 0 ? Double.NaN : (double) within / judged;
        double actual = info.ratio() ? lastValue : values == 0 ? Double.NaN : sum / values;
        Verdict verdict = judged == 0 ? Verdict.NO_DATA : breachedRounds > 0 ? Verdict.BREACHED : Verdict.MET;

        Budget budget;
        List<Point> burnDown = new ArrayList<>();
        if (info.ratio()) {
            budget = new Budget(info.window().map(w -> w instanceof io.smartspec.slo.SloWindow.Calendar c
                    ? c.describeAt(period.to().minusMillis(1)) : "rolling " + w.describe() + " window")
                    .orElse("rolling 30d window"),
                    Double.isNaN(lastBudget) ? Double.NaN : 1 - lastBudget, lastBudget);
            for (HistorySample s : downsample(samples, period, lower, true)) {
                burnDown.add(new Point(s.from(), s.budgetRemaining()));
            }
        } else {
            double allowed = 1 - thresholdCompliance;
            double consumed = judged == 0 ? Double.NaN : ((double) breachedRounds / judged) / allowed;
            budget = new Budget("time slices, " + io.smartspec.slo.Quantity.formatNumber(thresholdCompliance * 100)
                    + "% of rounds within the objective", consumed, Double.isNaN(consumed) ? Double.NaN : 1 - consumed);
            if (judged > 0) {
                double allowedRounds = allowed * judged;
                int soFar = 0;
                List<HistorySample> slots = slots(samples, period);
                burnDown.add(new Point(period.from(), 1));
                for (HistorySample s : slots) {
                    soFar += s.breached();
                    burnDown.add(new Point(s.to().equals(s.from()) ? s.from() : s.to(), 1 - soFar / allowedRounds));
                }
            }
        }
        List<Point> sli = new ArrayList<>();
        for (HistorySample s : downsample(samples, period, lower, false)) {
            if (!Double.isNaN(s.worst(lower))) {
                sli.add(new Point(s.from(), s.worst(lower)));
            }
        }
        Trend trend = trend(compliance, previousSamples);
        return new SloSection(info, verdict, rounds, judged, within, unknown, compliance, actual, worst, budget,
                breaches(info, period, samples), trend, sli, burnDown, appendix(period, samples, lower));
    }

    private static double worse(double a, double b, boolean lowerIsBetter) {
        if (Double.isNaN(a)) {
            return b;
        }
        if (Double.isNaN(b)) {
            return a;
        }
        return lowerIsBetter ? Math.max(a, b) : Math.min(a, b);
    }

    private static Trend trend(double compliance, List<HistorySample> previous) {
        int judged = 0;
        int within = 0;
        for (HistorySample s : previous) {
            judged += s.judged();
            within += s.within();
        }
        double prev = judged == 0 ? Double.NaN : (double) within / judged;
        if (Double.isNaN(prev) || Double.isNaN(compliance)) {
            return new Trend(prev, Double.NaN, Direction.UNKNOWN);
        }
        double delta = (compliance - prev) * 100;
        Direction d = Math.abs(delta) < 0.01 ? Direction.STEADY : delta > 0 ? Direction.IMPROVED : Direction.WORSENED;
        return new Trend(prev, delta, d);
    }

    private static List<Breach> breaches(SloInfo info, ReportPeriod period, List<HistorySample> samples) {
        boolean lower = info.lowerIsBetter();
        List<Breach> breaches = new ArrayList<>();
        Instant start = null;
        double worst = Double.NaN;
        int rounds = 0;
        for (HistorySample s : samples) {
            if (s.breached() > 0) {
                if (start == null) {
                    start = s.from();
                    worst = Double.NaN;
                    rounds = 0;
                }
                worst = worse(worst, s.worst(lower), lower);
                rounds += s.breached();
                if (!s.isRound() && s.within() > 0) {
                    // a summary with rounds in and out of the SLO: the stretch ends within its interval
                    Instant end = s.from().plus(Duration.between(s.from(), s.to()).multipliedBy(s.breached())
                            .dividedBy(Math.max(1, s.rounds())));
                    breaches.add(new Breach(start, end, Duration.between(start, end), false, info.priority(), worst,
                            rounds));
                    start = null;
                }
            } else if (s.judged() > 0 && start != null) {
                breaches.add(new Breach(start, s.from(), Duration.between(start, s.from()), false, info.priority(),
                        worst, rounds));
                start = null;
            }
        }
        if (start != null) {
            breaches.add(new Breach(start, period.to(), Duration.between(start, period.to()), true, info.priority(),
                    worst, rounds));
        }
        return breaches;
    }

    /** Samples merged into at most {@link #CHART_POINTS} equal slots of the period. */
    private static List<HistorySample> downsample(List<HistorySample> samples, ReportPeriod period, boolean lower,
                                                  boolean budget) {
        List<HistorySample> out = new ArrayList<>();
        long slot = Math.max(1, period.length().toMillis() / CHART_POINTS);
        HistorySample cur = null;
        long curSlot = Long.MIN_VALUE;
        for (HistorySample s : samples) {
            if (budget && Double.isNaN(s.budgetRemaining())) {
                continue;
            }
            long k = (s.from().toEpochMilli() - period.from().toEpochMilli()) / slot;
            if (cur != null && k == curSlot) {
                cur = cur.merge(s, cur.from(), s.to());
            } else {
                if (cur != null) {
                    out.add(cur);
                }
                cur = s;
                curSlot = k;
            }
        }
        if (cur != null) {
            out.add(cur);
        }
        return out;
    }

    private static List<HistorySample> slots(List<HistorySample> samples, ReportPeriod period) {
        return downsample(samples, period, true, false);
    }

    private static List<AppendixRow> appendix(ReportPeriod period, List<HistorySample> samples, boolean lower) {
        boolean hourly = period.length().compareTo(Duration.ofHours(50)) <= 0;
        List<AppendixRow> rows = new ArrayList<>();
        ZonedDateTime t = period.from().atZone(period.zone());
        int i = 0;
        while (t.toInstant().isBefore(period.to())) {
            ZonedDateTime next = hourly ? t.plusHours(1) : t.toLocalDate().plusDays(1).atStartOfDay(period.zone());
            Instant end = next.toInstant().isAfter(period.to()) ? period.to() : next.toInstant();
            int rounds = 0;
            int breached = 0;
            int unknown = 0;
            int judged = 0;
            int within = 0;
            double min = Double.NaN;
            double max = Double.NaN;
            double sum = 0;
            int values = 0;
            while (i < samples.size() && samples.get(i).from().isBefore(end)) {
                HistorySample s = samples.get(i++);
                rounds += s.rounds();
                breached += s.breached();
                unknown += s.unknown();
                judged += s.judged();
                within += s.within();
                min = Double.isNaN(min) ? s.min() : Double.isNaN(s.min()) ? min : Math.min(min, s.min());
                max = Double.isNaN(max) ? s.max() : Double.isNaN(s.max()) ? max : Math.max(max, s.max());
                sum += s.sum();
                values += s.values();
            }
            String label = hourly ? HOUR.format(t) : DAY.format(t);
            rows.add(new AppendixRow(label, t.toInstant(), rounds, breached, unknown,
                    judged == 0 ? Double.NaN : (double) within / judged, min, values == 0 ? Double.NaN : sum / values,
                    max));
            t = next;
        }
        return rows;
    }

    private static List<ActionItem> actionItems(List<SloSection> sections) {
        List<ActionItem> items = new ArrayList<>();
        for (SloSection s : sections) {
            String name = s.info().name();
            Priority p = s.info().priority();
            if (s.verdict() == Verdict.BREACHED) {
                items.add(new ActionItem(p, ActionKind.BREACHED, name, name + " breached its objective "
                        + s.info().objective() + " " + times(s.breaches().size()) + " for "
                        + Format.duration(s.breachedFor()) + " in total"
                        + (Double.isNaN(s.worst()) ? "" : " (worst " + MarkdownRenderer.value(s, s.worst()) + ")")
                        + "; compliance " + Format.percent(s.compliance())
                        + ". Find the cause of the longest breach and plan a fix."));
            } else if (s.budget().consumed() > 0.5) {
                items.add(new ActionItem(p, ActionKind.BUDGET_MORE_THAN_HALF_SPENT, name, name + " has spent "
                        + Format.percent(s.budget().consumed()) + " of its error budget (" + s.budget().basis()
                        + "). Slow down risky changes until it recovers."));
            }
            if (s.verdict() == Verdict.NO_DATA) {
                items.add(new ActionItem(p, ActionKind.NO_DATA, name, name + " had no data in the period ("
                        + (s.rounds() == 0 ? "no rounds recorded" : s.unknown() + " rounds with no data or an error")
                        + "). Check its metric, query and the monitor."));
            }
        }
        items.sort(Comparator.comparing(ActionItem::priority).thenComparing(ActionItem::kind));
        return items;
    }

    private static String times(int n) {
        return n == 1 ? "once" : n == 2 ? "twice" : n + " times";
    }

    /** Local time of an instant in the period's zone, for humans. */
    public static String local(Instant at, ReportPeriod period) {
        return HOUR.format(at.atZone(period.zone()));
    }

    static LocalDateTime localDateTime(Instant at, ReportPeriod period) {
        return LocalDateTime.ofInstant(at, period.zone());
    }
}
