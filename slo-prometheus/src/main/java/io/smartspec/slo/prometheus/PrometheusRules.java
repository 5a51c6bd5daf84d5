package io.smartspec.slo.prometheus;

import io.smartspec.slo.evaluation.BurnRatePolicy;
import io.smartspec.slo.Budgeting;
import io.smartspec.slo.Indicator;
import io.smartspec.slo.MaintenanceWindow;
import io.smartspec.slo.Objective;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.SloWindow;
import io.smartspec.slo.Unit;
import io.smartspec.slo.UnitConvention;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.Windows;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.prometheus.internal.MaintenancePromQl;
import io.smartspec.slo.prometheus.internal.PromQl;
import io.smartspec.slo.spec.LoadedSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Generates Prometheus recording and alerting rules for the SLOs of a spec, so that Prometheus
 * evaluates them itself and Alertmanager routes the alerts:
 *
 * <pre>{@code
 * String yaml = PrometheusRules.forSpec("checkout", slos)
 *     .thresholdAlertsFor(Duration.ofMinutes(5))
 *     .withLabel("team", "payments")
 *     .generate();
 * }</pre>
 *
 * <p>For each ratio SLO (events or latency), over each window of the {@link BurnRatePolicy} that fits
 * in the SLO period, over 5m and over the period itself: the events
 * ({@code slo:sli_total:increase<w>}), the bad events ({@code slo:sli_error:increase<w>}) and their
 * ratio ({@code slo:sli_error:ratio_rate<w>}, recorded only when the window holds at least one event,
 * or {@link Slo#minEvents()}); {@code slo:objective:ratio}, {@code slo:error_budget:ratio},
 * {@code slo:time_period:days}, {@code slo:current_burn_rate:ratio},
 * {@code slo:period_burn_rate:ratio} and {@code slo:period_error_budget_remaining:ratio}; and one
 * multi-window multi-burn-rate alert per severity of the policy: it fires when the error ratio over
 * both the long and the short window of any of its pairs exceeds {@code factor x error budget}, with
 * the factor scaled to the SLO period ({@link BurnRatePolicy.Alert#factor}) and, when the SLO has a
 * minimum, both windows holding at least {@link Slo#minEvents()} events. As in
 * {@link io.smartspec.slo.evaluation.SloEvaluator}: the period's ratio counts the period's events
 * (not Sloth's time average of 5m ratios, NaN for the whole period after an idle 5 minutes), pairs
 * whose long window exceeds the period are left out, and a window without enough events has no
 * ratio. The names are Sloth's, so its dashboards work.
 *
 * <p>For each threshold SLO: the query's value ({@code slo:sli:value}) and an alert when the query
 * misses the objective for the configured {@code for:} (default 5m); P0/P1 page, P2/P3 open a ticket.
 *
 * <p>Every rule carries {@code spec_id} and {@code slo}; alerts also carry {@code priority} and
 * {@code severity} ({@code page} or {@code ticket}), and the annotations {@code summary},
 * {@code description} (with the current value) and {@code runbook_url} when the SLO names one.
 * Ratio queries may use {@code {{window}}}; bare selectors are expanded as {@link PrometheusSource}
 * does (counters, histogram {@code _count} and {@code _bucket{le=...}}).
 *
 * <p>A per-label SLO ({@link Slo#groupBy()}, {@code group_by: [route]}) keeps its labels through every
 * rule: its queries' aggregations are grouped by them ({@code sum by (route) (...)}, as
 * {@link PrometheusSource} sends them), a missing bad- or good-events series is 0 per label value
 * ({@code or 0 * <total>}, never a labelless {@code vector(0)}), the one-per-SLO metadata is joined
 * {@code on (spec_id, slo) group_left}, and alerts fire per label value, their annotations naming it
 * ({@code SLO availability{route="/pay"} of checkout ...}). A label the rules set themselves cannot be
 * grouped by.
 *
 * @since 0.1.0
 */
public final class PrometheusRules {

    /** The {@code for:} of threshold alerts when none is set. */
    public static final Duration DEFAULT_THRESHOLD_FOR = Duration.ofMinutes(5);

    /** The labels every rule carries. */
    public static final String SPEC_ID = "spec_id";
    public static final String SLO = "slo";
    public static final String WINDOW = "window";
    public static final String PRIORITY = "priority";
    public static final String SEVERITY = "severity";
    /** The annotation naming the instance of a per-label SLO an alert is for: {@code availability{route="/pay"}}. */
    public static final String SLO_INSTANCE = "slo_instance";

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Duration SHORTEST = Duration.ofMinutes(5);
    private static final Set<String> PROMQL_PROVIDERS = Set.of("prometheus");

    private final String specId;
    private final SloSet slos;
    private final Optional<ObservabilityConfig> config;
    private Duration thresholdFor = DEFAULT_THRESHOLD_FOR;
    private final Map<String, String> extraLabels = new LinkedHashMap<>();
    private boolean alerts = true;
    private boolean recordings = true;
    private BurnRatePolicy burnRates = BurnRatePolicy.google();
    private final List<MaintenanceWindow> maintenance = new ArrayList<>();

    private PrometheusRules(String specId, SloSet slos, Optional<ObservabilityConfig> config) {
        this.specId = Objects.requireNonNull(specId, "specId");
        this.slos = Objects.requireNonNull(slos, "slos");
        this.config = config;
        config.ifPresent(c -> maintenance.addAll(c.maintenance()));
    }

    /**
     * Maintenance windows the rules leave out (besides those of the spec's observability.yaml): for each
     * SLO they cover, {@code slo_maintenance} (1 in a window, else 0) is recorded, the events of every
     * window are summed over 5m steps whose start is outside maintenance
     * ({@code sum_over_time((events5m * (1 - in_maintenance(time() - 300)))[w - 1ms:5m])}, 1ms short so that
     * Prometheus 2, which closes the range at both ends, sums w / 5m steps), and every alert is
     * silent inside a window ({@code unless on() in_maintenance(time())}). Windows announced at run time
     * ({@code slo maintenance start}) reach only the in-process monitor.
     *
     * @since 0.1.0
     */
    public PrometheusRules maintenance(List<? extends MaintenanceWindow> windows) {
        maintenance.addAll(windows);
        return this;
    }

    private List<MaintenanceWindow> maintenanceOf(Slo slo) {
        return maintenance.stream().filter(w -> w.appliesTo(slo.name())).toList();
    }

    /** {@code slo_maintenance}: 1 while a window of the SLO is in force, else 0. */
    private RuleFile.Recording maintenanceRecording(Slo slo) {
        return new RuleFile.Recording("slo_maintenance",
                MaintenancePromQl.activeVector(maintenanceOf(slo), "time()") + "\n", labels(slo, Map.of()));
    }

    /** The alert's condition, silent while a maintenance window of the SLO is in force. */
    private String outsideMaintenance(Slo slo, String condition) {
        List<MaintenanceWindow> m = maintenanceOf(slo);
        if (m.isEmpty()) {
            return condition;
        }
        return "(\n" + condition.strip() + "\n)\nunless on() (" + MaintenancePromQl.activeVector(m, "time()")
                + " > 0)\n";
    }

    /** The events of a window, less those of the 5m steps that start inside a maintenance window. */
    private String events(Slo slo, Duration w, boolean bad) {
        List<MaintenanceWindow> m = maintenanceOf(slo);
        if (m.isEmpty()) {
            return bad ? badEventsExpr(slo, w) : totalEventsExpr(slo, w);
        }
        String step = (bad ? badEventsExpr(slo, SHORTEST) : totalEventsExpr(slo, SHORTEST)).strip();
        // a per-label SLO's steps have a series per label value: the one labelless factor applies to each
        String times = slo.groupBy().isEmpty() ? "* " : "* on() group_left() ";
        // the range is 1ms short of the window: Prometheus 2 closes a subquery's range at both ends, so [30d:5m]
        // at an instant on the 5m grid would also sum the step that ends where the window starts (8,641 steps)
        return "sum_over_time((\n(" + step + ")\n" + times + "(1 - " + MaintenancePromQl.activeVector(m, "(time() - "
                + SHORTEST.getSeconds() + ")") + ")\n)[" + PromQl.justUnder(w) + ":" + Windows.format(SHORTEST) + "])\n";
    }

    /** Rules for the SLOs of one spec, labelled {@code spec_id=<specId>}; their queries must be PromQL. */
    public static PrometheusRules forSpec(String specId, SloSet slos) {
        return new PrometheusRules(specId, slos, Optional.empty());
    }

    /** Rules for an SLO set, labelled with the set's name; its queries must be PromQL. */
    public static PrometheusRules forSpec(SloSet slos) {
        return new PrometheusRules(slos.name(), slos, Optional.empty());
    }

    /**
     * Rules for a loaded spec, labelled {@code spec_id=<its id>}. {@link #build()} refuses a spec
     * whose provider does not speak PromQL (see {@link #speaksPromQl(String)}): its queries would
     * be written into rules Prometheus cannot parse.
     */
    public static PrometheusRules forSpec(LoadedSpec spec) {
        return new PrometheusRules(spec.specId(), spec.slos(), Optional.of(spec.config()));
    }

    /**
     * Whether a provider's queries are PromQL, so that they can go into Prometheus rules:
     * {@code prometheus} (and everything configured as it: Thanos, Mimir, Cortex, VictoriaMetrics).
     */
    public static boolean speaksPromQl(String provider) {
        return PROMQL_PROVIDERS.contains(provider.strip().toLowerCase(Locale.ROOT));
    }

    /** The {@code for:} of threshold alerts: how long the objective must be missed before firing. */
    public PrometheusRules thresholdAlertsFor(Duration duration) {
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException("thresholdAlertsFor must be zero or positive, but was " + duration);
        }
        this.thresholdFor = duration;
        return this;
    }

    /** A label added to every rule (e.g. {@code team}). */
    public PrometheusRules withLabel(String name, String value) {
        extraLabels.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    public PrometheusRules withLabels(Map<String, String> labels) {
        labels.forEach(this::withLabel);
        return this;
    }

    /** Only recording rules (as Sloth's {@code --disable-alerts}). */
    public PrometheusRules withoutAlerts() {
        this.alerts = false;
        return this;
    }

    /**
     * Only alerts (as Sloth's {@code --disable-recordings}); burn-rate alerts then read the error
     * ratios from rules recorded elsewhere, so keep the recordings loaded somewhere.
     */
    public PrometheusRules withoutRecordings() {
        this.recordings = false;
        return this;
    }

    /** The multi-window multi-burn-rate alerts (default {@link BurnRatePolicy#google()}). */
    public PrometheusRules burnRates(BurnRatePolicy policy) {
        this.burnRates = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /** The rules file as YAML. @throws SloValidationException listing every problem */
    public String generate() {
        return build().toYaml();
    }

    /** The rules as data. @throws SloValidationException listing every problem */
    public RuleFile build() {
        List<Problem> problems = new ArrayList<>();
        if (config.isPresent() && !speaksPromQl(config.get().provider())) {
            // one problem says it all: every query of the spec is in the provider's language
            throw new SloValidationException(List.of(Problem.error(config.get().file(), 0, "provider: '"
                    + config.get().provider() + "' does not speak PromQL, so its queries cannot become Prometheus "
                    + "rules; rules are for specs whose provider is one of " + new TreeSet<>(PROMQL_PROVIDERS)
                    + " (Prometheus, Thanos, Mimir, Cortex, VictoriaMetrics)")));
        }
        checkLabels("extra label", extraLabels, problems);
        for (Slo slo : slos) {
            checkLabels("slo '" + slo.name() + "': label", slo.labels(), problems);
            if (slo.windowOrDefault() instanceof SloWindow.Calendar c && slo.hasErrorBudget()) {
                problems.add(Problem.error("slo '" + slo.name() + "': window: " + c.describe() + " cannot be "
                        + "written as Prometheus rules: PromQL has no range that starts at a calendar boundary"));
            }
            if (!(slo.budgeting() instanceof Budgeting.Occurrences) && !(slo.indicator() instanceof Indicator.Threshold)) {
                problems.add(Problem.error("slo '" + slo.name() + "': budgeting: " + slo.budgeting().describe()
                        + " of a ratio SLO is not written as Prometheus rules yet (slo monitor evaluates it on "
                        + "Prometheus); time slices are, for threshold metrics"));
            } else if (!(slo.budgeting() instanceof Budgeting.Occurrences) && !slo.groupBy().isEmpty()) {
                problems.add(Problem.error("slo '" + slo.name() + "': budgeting: " + slo.budgeting().describe()
                        + " of a per-label SLO is not written as Prometheus rules yet; time slices are, for an SLO "
                        + "without group_by"));
            }
            for (String label : slo.groupBy()) {
                // a rule's own label would overwrite the series' value: every route one series, a
                // duplicate-series error
                if (List.of(SPEC_ID, SLO, WINDOW, PRIORITY, SEVERITY).contains(label)
                        || slo.labels().containsKey(label) || extraLabels.containsKey(label)) {
                    problems.add(Problem.error("slo '" + slo.name() + "': group_by: label '" + label + "' is also "
                            + "set by the generated rules (" + (extraLabels.containsKey(label) ? "an extra label"
                            : slo.labels().containsKey(label) ? "a label of the SLO" : "reserved") + "), which would "
                            + "overwrite its values; group by another label"));
                }
            }
            if (slo.indicator() instanceof Indicator.LatencyRatio l) {
                try {
                    PromQl.fasterThan(l.query(), l.threshold(), SHORTEST);
                } catch (IllegalArgumentException e) {
                    problems.add(Problem.error("slo '" + slo.name() + "': latency: " + e.getMessage()));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new SloValidationException(problems);
        }
        List<RuleFile.Group> groups = new ArrayList<>();
        for (Slo slo : slos) {
            if (slo.hasErrorBudget()) {
                ratio(slo, groups);
                continue;
            }
            if (recordings) {
                // the query's value as the evaluator reads it: NaN or absent is no data, never met
                List<RuleFile.Rule> value = new ArrayList<>(List.of(new RuleFile.Recording(
                        "slo:sli:value", grouped(slo, ((Indicator.Threshold) slo.indicator()).query().strip()) + "\n",
                        labels(slo, Map.of()))));
                if (!maintenanceOf(slo).isEmpty()) {
                    value.add(maintenanceRecording(slo));
                }
                groups.add(new RuleFile.Group(groupName("sli-recordings", slo), value));
            }
            if (alerts) {
                groups.add(new RuleFile.Group(groupName("alerts", slo), List.of(thresholdAlert(slo))));
            }
        }
        return new RuleFile("Generated by SmartSpec SLO for spec '" + specId + "'. DO NOT EDIT.", groups);
    }

    private void checkLabels(String what, Map<String, String> labels, List<Problem> problems) {
        for (String name : labels.keySet()) {
            if (!LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
                problems.add(Problem.error(what + " '" + name + "': not a Prometheus label name; expected letters, "
                        + "digits and '_', not starting with a digit or '__'"));
            } else if (List.of(SPEC_ID, SLO, WINDOW, PRIORITY, SEVERITY).contains(name)) {
                problems.add(Problem.error(what + " '" + name + "': reserved for the generated rules; use "
                        + "another name"));
            }
        }
    }

    // ----- ratio SLOs -------------------------------------------------------------------------------

    /**
     * The windows recorded for a ratio SLO: the burn-rate windows that fit in the period, 5m (the
     * current burn rate), and the period itself. A window longer than the period is never evaluated
     * by {@link io.smartspec.slo.evaluation.SloEvaluator} either.
     */
    private TreeSet<Duration> windows(Duration period, Optional<Duration> slice) {
        TreeSet<Duration> windows = new TreeSet<>();
        for (Duration w : burnRates.windows()) {
            if (w.compareTo(period) <= 0) {
                windows.add(w);
            }
        }
        if (SHORTEST.compareTo(period) <= 0) {
            windows.add(SHORTEST);
        }
        windows.add(period);
        // a window shorter than a time slice holds no whole slice (as in the evaluator)
        slice.ifPresent(s -> windows.removeIf(w -> w.compareTo(s) < 0));
        return windows;
    }

    private void ratio(Slo slo, List<RuleFile.Group> groups) {
        Duration period = ((SloWindow.Rolling) slo.windowOrDefault()).length(); // calendar refused in build()
        double target = slo.objective().bound().canonicalValue();
        String budget = PromQl.number(1 - target);
        String sel = selector(slo);
        Optional<Duration> slice = slo.timeslices().map(Budgeting.Timeslices::slice);
        TreeSet<Duration> windows = windows(period, slice);
        if (recordings) {
            List<RuleFile.Rule> sli = new ArrayList<>();
            for (Duration w : windows) {
                Map<String, String> labels = labels(slo, Map.of(WINDOW, Windows.format(w)));
                sli.add(new RuleFile.Recording(totalEvents(w), events(slo, w, false), labels));
                sli.add(new RuleFile.Recording(badEvents(w), events(slo, w, true), labels));
                // a window with no events (or fewer than min events) has no error ratio, as in the
                // evaluator: absent, never NaN and never 0
                sli.add(new RuleFile.Recording(errorRatio(w), badEvents(w) + sel + "\n/\n("
                        + totalEvents(w) + sel + " " + enoughEvents(slo) + ")\n", labels));
            }
            groups.add(new RuleFile.Group(groupName("sli-recordings", slo), sli));

            Map<String, String> meta = labels(slo, Map.of());
            String on = "/ on(" + SPEC_ID + ", " + SLO + ") group_left\n";
            List<RuleFile.Rule> rules = new ArrayList<>();
            rules.add(new RuleFile.Recording("slo:objective:ratio", "vector(" + PromQl.number(target) + ")", meta));
            rules.add(new RuleFile.Recording("slo:error_budget:ratio", "vector(" + budget + ")", meta));
            rules.add(new RuleFile.Recording("slo:time_period:days",
                    "vector(" + PromQl.number(period.getSeconds() / 86400.0) + ")", meta));
            rules.add(new RuleFile.Recording("slo:current_burn_rate:ratio",
                    errorRatio(windows.first()) + sel + "\n" + on + "slo:error_budget:ratio" + sel + "\n", meta));
            rules.add(new RuleFile.Recording("slo:period_burn_rate:ratio",
                    errorRatio(period) + sel + "\n" + on + "slo:error_budget:ratio" + sel + "\n", meta));
            rules.add(new RuleFile.Recording("slo:period_error_budget_remaining:ratio",
                    "1 - slo:period_burn_rate:ratio" + sel, meta));
            Map<String, String> info = new LinkedHashMap<>(meta);
            info.put("objective", Quantity.formatNumber(target * 100));
            info.put(PRIORITY, slo.priority().name());
            rules.add(new RuleFile.Recording("slo_info", "vector(1)", info));
            if (!maintenanceOf(slo).isEmpty()) {
                rules.add(maintenanceRecording(slo));
            }
            groups.add(new RuleFile.Group(groupName("meta-recordings", slo), rules));
        }
        if (alerts) {
            List<RuleFile.Rule> rules = new ArrayList<>();
            for (BurnRatePolicy.Severity severity : BurnRatePolicy.Severity.values()) {
                List<String> pairs = new ArrayList<>();
                for (BurnRatePolicy.Alert a : burnRates.alerts()) {
                    if (a.severity() != severity || !windows.contains(a.longWindow())
                            || !windows.contains(a.shortWindow())) {
                        continue; // as the evaluator: a pair whose long window exceeds the period is not judged
                    }
                    String threshold = "(" + PromQl.number(a.factor(period)) + " * " + budget + ")";
                    StringBuilder pair = new StringBuilder("(\n")
                            .append(windowed(errorRatio(a.shortWindow()) + sel + " > " + threshold))
                            .append("    and\n")
                            .append(windowed(errorRatio(a.longWindow()) + sel + " > " + threshold));
                    if (slo.minEvents() > 0) {
                        String n = Long.toString(slo.minEvents());
                        pair.append("    and\n").append(windowed(totalEvents(a.shortWindow()) + sel + " >= " + n))
                                .append("    and\n").append(windowed(totalEvents(a.longWindow()) + sel + " >= " + n));
                    }
                    pairs.add(pair.append(")").toString());
                }
                if (pairs.isEmpty()) {
                    continue;
                }
                String sev = severity.name().toLowerCase(Locale.ROOT);
                Map<String, String> annotations = new LinkedHashMap<>();
                annotations.put("summary", "SLO {{ $labels.slo }}" + instance(slo) + " of {{ $labels.spec_id }} is "
                        + "burning its error budget too fast (" + sev + ")");
                annotations.put("description", "Error ratio {{ $value | humanizePercentage }} over the short window; "
                        + "objective " + Quantity.formatNumber(target * 100) + "% over "
                        + Windows.format(period) + "." + sentence(slo.description()));
                slo.runbook().ifPresent(r -> annotations.put("runbook_url", r));
                instanceAnnotation(slo, annotations);
                rules.add(new RuleFile.Alert(alertName(slo, "ErrorBudgetBurn"),
                        outsideMaintenance(slo, String.join("\nor\n", pairs) + "\n"),
                        Optional.empty(), alertLabels(slo, sev), annotations));
            }
            if (!rules.isEmpty()) {
                groups.add(new RuleFile.Group(groupName("alerts", slo), rules));
            }
        }
    }

    private static String windowed(String condition) {
        return "    max(" + condition + ") without (" + WINDOW + ")\n";
    }

    /** {@code > 0}, or {@code >= minEvents}: the events a window needs to have an error ratio. */
    private static String enoughEvents(Slo slo) {
        return slo.minEvents() > 0 ? ">= " + slo.minEvents() : "> 0";
    }

    /**
     * The time slices of a threshold SLO, judged as the evaluator judges them: a plain number from the query is in
     * the metric's declared unit, else in Prometheus's base units (seconds, a fraction 0..1).
     */
    private static MetricQuery.Slices slices(Slo slo, Budgeting.Timeslices ts) {
        Indicator.Threshold t = (Indicator.Threshold) slo.indicator();
        Unit.Dimension dimension = ts.sliceObjective().bound().dimension();
        return new MetricQuery.Slices(ts.slice(), ts.sliceObjective(),
                t.unit().or(() -> UnitConvention.BASE_UNITS.plainNumberUnit(dimension)));
    }

    /** All events over a window, from the SLO's total query (or its histogram's count). */
    private static String totalEventsExpr(Slo slo, Duration w) {
        if (slo.indicator() instanceof Indicator.Threshold t && slo.budgeting() instanceof Budgeting.Timeslices ts) {
            // the slices with a value
            return labelless(PromQl.slices(t.query(), slices(slo, ts), w, false)) + "\n";
        }
        return summed(slo, PromQl.events(totalQuery(slo), w)) + "\n";
    }

    private static String totalQuery(Slo slo) {
        return slo.indicator() instanceof Indicator.EventsRatio r ? r.totalQuery()
                : ((Indicator.LatencyRatio) slo.indicator()).query();
    }

    /**
     * The expression summed into one series, or for a per-label SLO one series per label value
     * ({@code sum by (route) (...)}, every aggregation of the query grouped as {@link PrometheusSource} does).
     */
    private static String summed(Slo slo, String expr) {
        return grouped(slo, labelless(expr));
    }

    private static String grouped(Slo slo, String expr) {
        return slo.groupBy().isEmpty() ? expr : PromQl.groupedBy(expr, slo.groupBy());
    }

    /**
     * What stands in for a missing bad- or good-events series: 0, per label value of the total for a
     * per-label SLO (a labelless {@code vector(0)} would match no route).
     */
    private static String zero(Slo slo, Duration w) {
        return slo.groupBy().isEmpty() ? "vector(0)" : "0 * " + summed(slo, PromQl.events(totalQuery(slo), w));
    }

    /**
     * {@code slo_instance: availability{route="/pay"}} on the alerts of a per-label SLO: the instance's name
     * ({@link Slo#instanceName()}), by which the incident store keys the alert as the monitor keys its breach.
     */
    private static void instanceAnnotation(Slo slo, Map<String, String> annotations) {
        if (!slo.groupBy().isEmpty()) {
            annotations.put(SLO_INSTANCE, slo.name() + instance(slo));
        }
    }

    /** {@code {route="{{ $labels.route }}"}}: the label values of an alert, for its annotations. */
    private static String instance(Slo slo) {
        if (slo.groupBy().isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (String label : slo.groupBy()) {
            parts.add(label + "=\"{{ $labels." + label + " }}\"");
        }
        return "{" + String.join(",", parts) + "}";
    }

    /**
     * Bad events over a window. As in the evaluator, no series for the counted events while there
     * are events at all means none happened (Prometheus has no series for a code that never
     * occurred): 0 bad events, or all events bad when the good ones have no series.
     */
    private static String badEventsExpr(Slo slo, Duration w) {
        if (slo.indicator() instanceof Indicator.Threshold t && slo.budgeting() instanceof Budgeting.Timeslices ts) {
            // the slices whose value misses the objective; none when the total has slices and this has no series
            return "(\n" + labelless(PromQl.badSlices(t.query(), slices(slo, ts), w)) + "\n) or vector(0)\n";
        }
        String total = summed(slo, PromQl.events(totalQuery(slo), w));
        String good;
        if (slo.indicator() instanceof Indicator.EventsRatio r) {
            if (r.events() == Indicator.Events.BAD) {
                return "(\n" + summed(slo, PromQl.events(r.eventsQuery(), w)) + "\n) or " + zero(slo, w) + "\n";
            }
            good = summed(slo, PromQl.events(r.eventsQuery(), w));
        } else {
            Indicator.LatencyRatio l = (Indicator.LatencyRatio) slo.indicator();
            good = summed(slo, PromQl.fasterThan(l.query(), l.threshold(), w));
        }
        String zero = zero(slo, w);
        return "clamp_min(\n" + total + "\n-\n(" + good + " or " + (zero.startsWith("0 *") ? "(" + zero + ")" : zero)
                + ")\n, 0)\n";
    }

    /**
     * The expression summed into one series without labels, so that bad and total events divide
     * one-to-one and {@code or vector(0)} stands in for a missing one; a single {@code sum(...)}
     * is left as it is.
     */
    private static String labelless(String expr) {
        String e = expr.strip();
        java.util.regex.Matcher scaled = SCALED_RATE.matcher(e);
        if (scaled.matches() && closingParen(e, 0) == scaled.end(1)) {
            // a rate() counted over its window, (q) * seconds (PromQl.events): the sum of q, scaled
            return labelless(scaled.group(1)) + " * " + scaled.group(2);
        }
        if (e.startsWith("sum(") && closingParen(e, 3) == e.length() - 1) {
            return e;
        }
        return "sum(" + e + ")";
    }

    private static final java.util.regex.Pattern SCALED_RATE =
            java.util.regex.Pattern.compile("^\\((.*)\\) \\* (\\d+)$", java.util.regex.Pattern.DOTALL);

    private static int closingParen(String s, int open) {
        int depth = 0;
        boolean quoted = false;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' && (i == 0 || s.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String errorRatio(Duration w) {
        return "slo:sli_error:ratio_rate" + Windows.format(w);
    }

    private static String totalEvents(Duration w) {
        return "slo:sli_total:increase" + Windows.format(w);
    }

    private static String badEvents(Duration w) {
        return "slo:sli_error:increase" + Windows.format(w);
    }

    // ----- threshold SLOs ---------------------------------------------------------------------------

    private RuleFile.Alert thresholdAlert(Slo slo) {
        Indicator.Threshold t = (Indicator.Threshold) slo.indicator();
        Objective objective = slo.objective();
        Quantity bound = objective.bound();
        Unit unit = t.unit().filter(u -> u.dimension() == bound.dimension()).orElse(bound.unit());
        double value = bound.to(unit).value();
        String missed = switch (objective.operator()) {
            case LESS_THAN -> ">=";
            case LESS_THAN_OR_EQUAL -> ">";
            case GREATER_THAN -> "<=";
            case GREATER_THAN_OR_EQUAL -> "<";
        };
        String sev = slo.priority().pages() ? "page" : "ticket";
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", "SLO {{ $labels.slo }}" + instance(slo) + " of {{ $labels.spec_id }} is not met: "
                + t.metric() + " " + objective);
        annotations.put("description", t.metric() + " is {{ $value }}" + (unit.symbol().isEmpty() ? "" : " "
                + unit.symbol()) + "; objective " + objective + "." + sentence(slo.description()));
        slo.runbook().ifPresent(r -> annotations.put("runbook_url", r));
        instanceAnnotation(slo, annotations);
        return new RuleFile.Alert(alertName(slo, "ThresholdMissed"),
                outsideMaintenance(slo, "(" + grouped(slo, t.query().strip()) + ") " + missed + " "
                        + PromQl.number(value)),
                thresholdFor.isZero() ? Optional.empty() : Optional.of(thresholdFor),
                alertLabels(slo, sev), annotations);
    }

    // ----- names and labels -------------------------------------------------------------------------

    private Map<String, String> labels(Slo slo, Map<String, String> more) {
        Map<String, String> labels = new LinkedHashMap<>(extraLabels);
        labels.putAll(slo.labels());
        labels.put(SPEC_ID, specId);
        labels.put(SLO, slo.name());
        labels.putAll(more);
        return labels;
    }

    private Map<String, String> alertLabels(Slo slo, String severity) {
        return labels(slo, Map.of(PRIORITY, slo.priority().name(), SEVERITY, severity));
    }

    private String selector(Slo slo) {
        return "{" + SPEC_ID + "=\"" + escape(specId) + "\", " + SLO + "=\"" + escape(slo.name()) + "\"}";
    }

    private String groupName(String kind, Slo slo) {
        return "slo-" + kind + "-" + specId + "-" + slo.name();
    }

    /** {@code CheckoutAvailabilityErrorBudgetBurn}: a valid alert name from the spec and the SLO. */
    private String alertName(Slo slo, String what) {
        StringBuilder s = new StringBuilder();
        for (String part : (specId + " " + slo.name()).split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                s.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        if (s.length() == 0 || Character.isDigit(s.charAt(0))) {
            s.insert(0, "Slo");
        }
        return s + what;
    }

    private static String sentence(String description) {
        return description.isBlank() ? "" : " " + description.strip();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

}
