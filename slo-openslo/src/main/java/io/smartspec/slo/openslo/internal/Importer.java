package io.smartspec.slo.openslo.internal;

import io.smartspec.slo.Budgeting;
import io.smartspec.slo.CalendarPeriod;
import io.smartspec.slo.Priority;
import io.smartspec.slo.SloWindow;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Slo;
import io.smartspec.slo.Unit;
import io.smartspec.slo.Windows;
import io.smartspec.slo.evaluation.BurnRatePolicy;
import io.smartspec.slo.openslo.internal.Docs.Either;
import io.smartspec.slo.openslo.internal.Docs.Ref;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Maps checked OpenSLO v1 objects onto specs: one per Service, an NFR row and a metric per SLO objective.
 * References ({@code indicatorRef}, {@code metricSourceRef}, {@code alertPolicyRef}, {@code conditionRef},
 * {@code targetRef}) are resolved by inlining; a dangling or ambiguous one is an error at the reference.
 * What cannot be mapped truthfully is an error naming the field, the value and what is supported.
 */
public final class Importer {

    /** The metric source types read, as OpenSLO writes them. */
    public static final Map<String, String> PROVIDERS = Map.of("prometheus", "Prometheus", "datadog", "Datadog");
    static final String SUPPORTED_TYPES = "Prometheus (provider: prometheus) and Datadog (provider: datadog)";

    private final Docs.All all;
    private final List<Problem> problems;
    private final Set<Object> used = new HashSet<>();

    public Importer(Docs.All all, List<Problem> problems) {
        this.all = all;
        this.problems = problems;
    }

    /** The specs, one per Service with at least one SLO, in the order their first SLO was written. */
    public List<Imported> specs(List<String> files) {
        Map<String, Docs.Service> services = new LinkedHashMap<>();
        for (Docs.Service s : all.services()) {
            Docs.Service first = services.putIfAbsent(s.meta().name(), s);
            if (first != null) {
                problems.add(Problem.warning(s.where().file(), s.where().line(), s.where().subject()
                        + ": defined again (first at " + first.where() + "); the first is used"));
            }
        }
        Map<String, Docs.Slo> sloNames = new LinkedHashMap<>();
        Map<String, List<Docs.Slo>> byService = new LinkedHashMap<>();
        for (Docs.Slo slo : all.slos()) {
            Docs.Slo first = sloNames.putIfAbsent(slo.meta().name(), slo);
            if (first != null) {
                error(slo.where(), "metadata.name", "SLO '" + slo.meta().name() + "' is defined twice (first at "
                        + first.where() + "); SLO names are unique");
                continue;
            }
            byService.computeIfAbsent(slo.service(), k -> new ArrayList<>()).add(slo);
        }
        List<Imported> out = new ArrayList<>();
        for (Map.Entry<String, List<Docs.Slo>> e : byService.entrySet()) {
            service(e.getKey(), Optional.ofNullable(services.get(e.getKey())), e.getValue(), files).ifPresent(out::add);
        }
        unused(services, byService);
        return out;
    }

    private void unused(Map<String, Docs.Service> services, Map<String, List<Docs.Slo>> byService) {
        // references of objects no SLO uses must resolve too (as OpenSLO's inlining requires)
        for (Docs.AlertPolicy p : all.alertPolicies()) {
            if (!used.contains(p)) {
                conditions(p);
                targets(p);
            }
        }
        for (Docs.Service s : services.values()) {
            if (!byService.containsKey(s.meta().name())) {
                warning(s.where(), "no SLO names service '" + s.meta().name() + "'; no spec is written for it");
            }
        }
        for (Docs.Sli s : all.slis()) {
            if (!used.contains(s)) {
                warning(s.where(), "no SLO uses it (indicatorRef); it is not imported");
            }
        }
        for (Docs.AlertPolicy p : all.alertPolicies()) {
            if (!used.contains(p)) {
                warning(p.where(), "no SLO uses it (alertPolicyRef); it is not imported");
            }
        }
    }

    private Optional<Imported> service(String name, Optional<Docs.Service> service, List<Docs.Slo> slos,
                                       List<String> files) {
        int before = errors();
        List<Imported.Row> rows = new ArrayList<>();
        List<Imported.Binding> bindings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Source first = null;
        Set<String> metrics = new HashSet<>();
        for (Docs.Slo slo : slos) {
            Optional<Docs.Sli> sli = indicator(slo);
            if (sli.isEmpty()) {
                continue;
            }
            Optional<Source> source = source(slo, sli.get());
            if (source.isEmpty()) {
                continue;
            }
            if (first == null) {
                first = source.get();
            } else if (!first.provider.equals(source.get().provider)
                    || !first.dataSource.map(d -> d.meta().name()).equals(source.get().dataSource.map(d -> d.meta().name()))) {
                error(slo.where(), "spec.indicator", "reads " + source.get().describe() + " but SLO '"
                        + slos.get(0).meta().name() + "' of service '" + name + "' reads " + first.describe()
                        + "; a spec has one provider and connection: give these SLOs another service");
                continue;
            }
            sloRows(slo, sli.get(), source.get(), rows, bindings, metrics);
            alerting(slo, notes);
        }
        if (errors() > before || first == null) {
            return Optional.empty();
        }
        return Optional.of(new Imported(name, service.flatMap(s -> s.meta().displayName()),
                service.flatMap(Docs.Service::description), first.provider, first.settings(problems), rows, bindings,
                notes, files, service.map(s -> s.meta().annotations().get(Annotations.MAINTENANCE))
                .filter(m -> !m.isBlank())));
    }

    /** The SLI of an SLO: inline, or the SLI its indicatorRef names. */
    private Optional<Docs.Sli> indicator(Docs.Slo slo) {
        for (Docs.Objective o : slo.objectives()) {
            if (o.composite()) {
                error(o.where(), "indicator", "composite SLOs (an indicator per objective) are not supported; write "
                        + "one SLO per indicator");
                return Optional.empty();
            }
        }
        Either<Docs.Sli> i = slo.indicator();
        if (i.inline().isPresent()) {
            return i.inline();
        }
        return i.ref().flatMap(r -> resolve(r, all.slis(), s -> s.meta().name()));
    }

    /** The one object of a kind a reference names; an error at the reference when none or several. */
    private <T> Optional<T> resolve(Ref ref, List<T> candidates, Function<T, String> name) {
        List<T> found = candidates.stream().filter(c -> name.apply(c).equals(ref.name())).toList();
        if (found.isEmpty()) {
            List<String> names = candidates.stream().map(name).distinct().toList();
            problems.add(Problem.error(ref.where().file(), ref.where().line(), ref.where().subject() + ": "
                    + ref.where().path() + ": " + ref.kind() + " '" + ref.name() + "' does not exist in the files given"
                    + Problem.didYouMean(ref.name(), names) + (names.isEmpty() ? "; they define no " + ref.kind()
                    : "; they define " + String.join(", ", names))));
            return Optional.empty();
        }
        if (found.size() > 1) {
            problems.add(Problem.error(ref.where().file(), ref.where().line(), ref.where().subject() + ": "
                    + ref.where().path() + ": " + ref.kind() + " '" + ref.name() + "' is defined "
                    + found.size() + " times; a reference needs one"));
            return Optional.empty();
        }
        used.add(found.get(0));
        return Optional.of(found.get(0));
    }

    /** Where an SLI's data come from: one provider (and DataSource) for all of its queries. */
    private record Source(String provider, Optional<Docs.DataSource> dataSource) {
        String describe() {
            return PROVIDERS.get(provider) + dataSource.map(d -> " (DataSource '" + d.meta().name() + "')").orElse("");
        }

        /** The provider's keys of observability.yaml: never a secret of connectionDetails. */
        Map<String, String> settings(List<Problem> problems) {
            Map<String, String> s = new LinkedHashMap<>();
            Map<String, YamlNode> details = dataSource.map(Docs.DataSource::connectionDetails).orElse(Map.of());
            if (provider.equals("prometheus")) {
                Optional<String> url = scalar(details.get("url"));
                s.put("url", url.filter(u -> !u.contains("@")).orElse("{{env.PROMETHEUS_URL:-http://localhost:9090}}"));
            } else {
                scalar(details.get("site")).ifPresent(site -> s.put("site", site));
                s.put("api_key", "{{env.DATADOG_API_KEY}}");
                s.put("app_key", "{{env.DATADOG_APP_KEY}}");
            }
            dataSource.ifPresent(d -> {
                for (String key : d.connectionDetails().keySet()) {
                    boolean kept = key.equals("url") && s.get("url").equals(scalar(details.get("url")).orElse(""))
                            || key.equals("site") && provider.equals("datadog");
                    if (!kept) {
                        problems.add(Problem.warning(d.where().file(), d.where().line(), d.where().subject()
                                + ": spec.connectionDetails." + key + ": not copied into observability.yaml (credentials "
                                + "stay out of generated files); " + (provider.equals("prometheus")
                                ? "the url is read from PROMETHEUS_URL, and bearer_token or basic_auth take "
                                + "{{env.NAME}} templates" : "api_key and app_key are read from DATADOG_API_KEY and "
                                + "DATADOG_APP_KEY")));
                    }
                }
            });
            return s;
        }
    }

    private static Optional<String> scalar(YamlNode node) {
        return node instanceof YamlNode.Scalar s && !s.isNull() ? Optional.of(s.text()) : Optional.empty();
    }

    private Optional<Source> source(Docs.Slo slo, Docs.Sli sli) {
        List<Docs.MetricSource> sources = new ArrayList<>();
        sli.threshold().ifPresent(sources::add);
        sli.ratio().ifPresent(r -> {
            r.good().ifPresent(sources::add);
            r.bad().ifPresent(sources::add);
            r.total().ifPresent(sources::add);
            r.raw().ifPresent(sources::add);
        });
        Source found = null;
        for (Docs.MetricSource ms : sources) {
            Optional<Docs.DataSource> ds = Optional.empty();
            if (ms.ref().isPresent()) {
                List<Docs.DataSource> named = all.dataSources().stream()
                        .filter(d -> d.meta().name().equals(ms.ref().get())).toList();
                if (named.size() > 1) {
                    error(ms.where(), "metricSourceRef", "DataSource '" + ms.ref().get() + "' is defined "
                            + named.size() + " times; a reference needs one");
                    return Optional.empty();
                }
                if (named.isEmpty() && ms.type().isEmpty()) {
                    List<String> names = all.dataSources().stream().map(d -> d.meta().name()).toList();
                    error(ms.where(), "metricSourceRef", "DataSource '" + ms.ref().get() + "' does not exist in the "
                            + "files given" + Problem.didYouMean(ms.ref().get(), names) + "; add it, or give the "
                            + "source's type (e.g. type: Prometheus)");
                    return Optional.empty();
                }
                ds = named.stream().findFirst();
                ds.ifPresent(used::add);
            }
            String type = ms.type().orElseGet(() -> all.dataSources().stream()
                    .filter(d -> d.meta().name().equals(ms.ref().get())).findFirst().orElseThrow().type());
            String provider = type.trim().toLowerCase(Locale.ROOT);
            if (!PROVIDERS.containsKey(provider)) {
                int line = ms.type().isPresent() ? ms.typeLine() : ds.map(d -> d.where().line()).orElse(ms.where().line());
                String file = ms.type().isPresent() ? ms.where().file() : ds.map(d -> d.where().file())
                        .orElse(ms.where().file());
                problems.add(Problem.error(file, line, sli.where().subject() + ": " + ms.where().path() + ".type: '"
                        + type + "'" + (ms.type().isEmpty() ? " (of DataSource '" + ms.ref().orElse("") + "')" : "")
                        + " is not a supported metric source; SmartSpec reads " + SUPPORTED_TYPES));
                return Optional.empty();
            }
            if (ds.isPresent() && !ds.get().type().trim().equalsIgnoreCase(type.trim())) {
                error(ms.where(), "type", "'" + type + "' differs from the type '" + ds.get().type() + "' of DataSource '"
                        + ds.get().meta().name() + "' it refers to");
                return Optional.empty();
            }
            Source s = new Source(provider, ds);
            if (found != null && !found.equals(s)) {
                error(ms.where(), "metricSource", "reads " + s.describe() + " while the SLI's other queries read "
                        + found.describe() + "; the queries of one SLI come from one source");
                return Optional.empty();
            }
            found = s;
        }
        return Optional.ofNullable(found);
    }

    /** The query of a metric source ({@code spec.query}), with {@code {{.window}}} as {@code {{window}}}. */
    private Optional<String> query(Docs.MetricSource ms) {
        YamlNode q = ms.spec().get("query");
        for (String key : ms.spec().keySet()) {
            if (!key.equals("query")) {
                problems.add(Problem.warning(ms.where().file(), ms.where().line(), ms.where().subject() + ": "
                        + ms.where().path() + ".spec." + key + ": not imported; SmartSpec reads the query of a "
                        + "Prometheus or Datadog source (spec.query)"));
            }
        }
        Optional<String> text = scalar(q).map(String::strip).filter(s -> !s.isEmpty());
        if (text.isEmpty()) {
            error(ms.where(), "spec.query", q == null ? "missing; SmartSpec reads the source's query (spec.query: "
                    + "a PromQL expression or a Datadog query)" : "is " + q.describe() + "; expected the query's text");
        }
        return text.map(Importer::window);
    }

    static String window(String query) {
        return query.replaceAll("\\{\\{\\s*\\.window\\s*}}", "{{window}}");
    }

    private void sloRows(Docs.Slo slo, Docs.Sli sli, Source source, List<Imported.Row> rows,
                         List<Imported.Binding> bindings, Set<String> metrics) {
        int before = errors();
        Map<String, String> ann = new LinkedHashMap<>(sli.meta().annotations());
        ann.putAll(slo.meta().annotations());
        // the window
        String window = "";
        Optional<SloWindow> sloWindow = Optional.empty();
        if (slo.timeWindow().isPresent()) {
            Docs.TimeWindow tw = slo.timeWindow().get();
            if (!tw.rolling()) {
                sloWindow = calendar(tw);
                window = sloWindow.map(SloWindow::describe).orElse("");
            } else if (tw.duration().fixed().isEmpty()) {
                error(tw.where(), "duration", "a rolling window of '" + tw.duration().text() + "' has no fixed length "
                        + "(months, quarters and years vary); write it in days or weeks (e.g. 30d, 4w), or use a "
                        + "calendar window (isRolling: false, calendar: {startTime, timeZone})");
            } else {
                window = Windows.format(tw.duration().fixed().get());
                sloWindow = Optional.of(SloWindow.rolling(tw.duration().fixed().get()));
            }
        }
        Docs.Ratio ratio = sli.ratio().orElse(null);
        if (ratio != null && ratio.raw().isPresent() && !slo.budgetingMethod().equals("Occurrences")) {
            error(slo.where(), "spec.budgetingMethod", slo.budgetingMethod() + " of a raw ratio is not supported; "
                    + "SmartSpec reads a raw ratio with Occurrences (the ratio over the window against the target)");
        }
        if (ratio == null && slo.budgetingMethod().equals("RatioTimeslices")) {
            error(slo.where(), "spec.budgetingMethod", "RatioTimeslices averages the ratios of time slices; a "
                    + "thresholdMetric has no ratio: use Timeslices");
        }
        if (ratio == null && slo.budgetingMethod().equals("Occurrences")) {
            error(slo.where(), "spec.budgetingMethod", "Occurrences with a thresholdMetric counts the occurrences of "
                    + "a value, which SmartSpec cannot count; a threshold SLO is budgeted with Timeslices (a slice is "
                    + "good when the value meets the objective)");
        }
        Optional<String> good = ratio == null ? Optional.empty() : ratio.good().flatMap(this::query);
        Optional<String> bad = ratio == null ? Optional.empty() : ratio.bad().flatMap(this::query);
        Optional<String> total = ratio == null ? Optional.empty() : ratio.total().flatMap(this::query);
        Optional<String> raw = ratio == null ? Optional.empty() : ratio.raw().flatMap(this::query);
        if (raw.isPresent() && window.isEmpty()) {
            window = Windows.format(Slo.DEFAULT_RATIO_WINDOW);
            sloWindow = Optional.of(SloWindow.rolling(Slo.DEFAULT_RATIO_WINDOW));
        }
        if (raw.isPresent() && sloWindow.orElse(null) instanceof SloWindow.Calendar) {
            error(slo.where(), "spec.timeWindow", "a raw ratio over a calendar window is not supported; SmartSpec "
                    + "reads a raw ratio over a rolling window ({{.window}} in its query is that window)");
            return;
        }
        // a raw ratio is read as it is at each evaluation (a threshold): its {{.window}} is the SLO's window
        String rawWindow = window;
        raw = raw.map(q -> q.replace("{{window}}", rawWindow));
        Optional<String> threshold = sli.threshold().flatMap(this::query);
        if (ratio != null && ratio.counter().orElse(false) && source.provider.equals("prometheus")) {
            for (Optional<String> q : List.of(good, bad, total)) {
                if (q.isPresent() && !q.get().contains("{{window}}") && !bareSelector(q.get())) {
                    warning(sli.where(), "ratioMetric: counter: true, but the query '" + q.get() + "' is sent as "
                            + "written for every window; write it over {{.window}} (e.g. sum(increase(x[{{.window}}]))) "
                            + "or as a bare selector, which is read as its increase");
                }
            }
        }
        Optional<Priority> priority = Optional.empty();
        if (ann.containsKey(Annotations.PRIORITY)) {
            priority = Priority.parse(ann.get(Annotations.PRIORITY));
            if (priority.isEmpty()) {
                error(slo.where(), "metadata.annotations." + Annotations.PRIORITY, "'" + ann.get(Annotations.PRIORITY)
                        + "' is not a priority; expected P0, P1, P2 or P3");
            }
        }
        Optional<Long> minEvents = Optional.empty();
        if (ann.containsKey(Annotations.MIN_EVENTS)) {
            try {
                minEvents = Optional.of(Long.parseLong(ann.get(Annotations.MIN_EVENTS).trim()));
                if (minEvents.get() < 0) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                error(slo.where(), "metadata.annotations." + Annotations.MIN_EVENTS, "'" + ann.get(Annotations.MIN_EVENTS)
                        + "' is not a count; expected a whole number, 0 or more");
            }
        }
        Optional<String> unit = Optional.ofNullable(ann.get(Annotations.UNIT));
        if (unit.isPresent() && Unit.parse(unit.get()).isEmpty()) {
            error(slo.where(), "metadata.annotations." + Annotations.UNIT, "'" + unit.get() + "' is not a unit; "
                    + "accepted: " + Unit.ACCEPTED);
        }
        Optional<String> operator = Optional.ofNullable(ann.get(Annotations.OPERATOR));
        if (operator.isPresent() && !DocReader.OPERATORS.contains(operator.get())) {
            error(slo.where(), "metadata.annotations." + Annotations.OPERATOR, "'" + operator.get()
                    + "' is not an operator; expected lt, lte, gt or gte");
        }
        if (errors() > before) {
            return;
        }
        List<Docs.Objective> objectives = slo.objectives();
        for (int i = 0; i < objectives.size(); i++) {
            Docs.Objective o = objectives.get(i);
            String metric = objectives.size() == 1
                    ? Optional.ofNullable(ann.get(Annotations.METRIC)).orElse(slo.meta().name())
                    : slo.meta().name() + "-" + o.displayName().map(Importer::slug).filter(s -> !s.isEmpty())
                    .orElse(String.valueOf(i + 1));
            if (!Slo.NAME.matcher(metric).matches()) {
                error(slo.where(), "metadata.annotations." + Annotations.METRIC, "'" + metric + "' is not a metric "
                        + "name; expected letters, digits, '_', '.', ':' or '-'");
                return;
            }
            if (!metrics.add(metric)) {
                error(o.where(), "", "metric '" + metric + "' is already a row of service '" + slo.service()
                        + "'; give the objectives distinct displayNames");
                return;
            }
            String target;
            String budget = "";
            Budgeting budgeting = Budgeting.OCCURRENCES;
            Imported.Binding binding;
            Optional<Duration> slice = o.timeSliceWindow().flatMap(Docs.Shorthand::fixed);
            if (o.timeSliceWindow().isPresent() && slice.isEmpty()) {
                error(o.where(), "timeSliceWindow", "'" + o.timeSliceWindow().get().text() + "' has no fixed length; "
                        + "a time slice is minutes, hours or days (e.g. 1m, 5m)");
                return;
            }
            if (raw.isPresent()) {
                boolean success = ratio.rawType().orElse("success").equals("success");
                String op = operator.orElse(success ? "gte" : "lte");
                target = symbol(op) + " " + (success ? percent(o.target()) : new BigDecimal("100").subtract(
                        new BigDecimal(percent(o.target()))).stripTrailingZeros().toPlainString()) + "%";
                binding = new Imported.Binding(metric, raw, Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.of(unit.orElse("ratio")), Optional.empty());
            } else if (ratio != null) {
                binding = new Imported.Binding(metric, Optional.empty(), good, bad, total, Optional.empty(), minEvents);
                if (slo.budgetingMethod().equals("Timeslices")) {
                    // the Target judges each slice; the Budget is the share of good slices
                    double sliceTarget = o.timeSliceTarget().orElse(1.0);
                    target = ">= " + percent(sliceTarget) + "%";
                    budget = percent(o.target()) + "% of " + Windows.format(slice.get()) + " slices";
                    budgeting = Budgeting.timeslices(slice.get(), io.smartspec.slo.Objective.atLeast(
                            io.smartspec.slo.Quantity.percent(Double.parseDouble(percent(sliceTarget)))));
                } else if (slo.budgetingMethod().equals("RatioTimeslices")) {
                    target = ">= " + percent(o.target()) + "%";
                    budget = "mean of " + Windows.format(slice.get()) + " slices";
                    budgeting = Budgeting.ratioTimeslices(slice.get());
                } else {
                    target = ">= " + percent(o.target()) + "%";
                }
            } else {
                // a thresholdMetric with Timeslices: a slice is good when the value meets op value
                if (o.timeSliceTarget().isPresent() && o.timeSliceTarget().get() < 1) {
                    error(o.where(), "timeSliceTarget", plain(o.timeSliceTarget().get()) + " is not supported for a "
                            + "thresholdMetric: SmartSpec judges a slice by the metric's value for the slice (op value), "
                            + "which is timeSliceTarget: 1");
                    return;
                }
                Optional<Unit> valueUnit = Optional.ofNullable(ann.get(Annotations.VALUE_UNIT)).flatMap(Unit::parse);
                String op = symbol(o.op().orElse("lt"));
                double value = o.value().orElse(0.0);
                target = valueUnit.map(u -> u.dimension() == Unit.Dimension.RATIO
                        ? op + " " + percent(io.smartspec.slo.Quantity.of(value, u).canonicalValue()) + "%"
                        : op + " " + plain(value) + (u.symbol().isEmpty() ? "" : " " + u.symbol()))
                        .orElse(op + " " + plain(value));
                budget = percent(o.target()) + "% of " + Windows.format(slice.get()) + " slices";
                try {
                    budgeting = Budgeting.timeslices(slice.get(), io.smartspec.slo.Objective.parse(target));
                } catch (IllegalArgumentException e) {
                    error(o.where(), "value", e.getMessage());
                    return;
                }
                // OpenSLO's value is in the unit the query returns: that is the metric's unit
                binding = new Imported.Binding(metric, threshold, Optional.empty(), Optional.empty(), Optional.empty(),
                        unit.or(() -> valueUnit.filter(u -> u != Unit.NUMBER).map(Importer::unitName)), Optional.empty());
            }
            String requirement = Optional.ofNullable(ann.get(Annotations.REQUIREMENT)).or(() -> slo.meta().displayName()).orElse("")
                    + (objectives.size() > 1 ? o.displayName().map(d -> " — " + d).orElse(" — objective " + (i + 1)) : "");
            String description = slo.description().or(sli::description).orElse("");
            // a raw ratio's window is the one its query computes the ratio over (Ratio window), not one the
            // threshold is judged over (a threshold's current value is judged)
            boolean isRaw = raw.isPresent();
            rows.add(new Imported.Row(ann.getOrDefault(Annotations.CATEGORY, ""), requirement.strip(), metric,
                    target, isRaw ? "" : window, budget, isRaw ? window : "", priority.map(Enum::name).orElse(""),
                    ann.getOrDefault(Annotations.RUNBOOK, ""), description, labels(slo.meta().labels()),
                    new Imported.Expected(isRaw ? Optional.empty() : sloWindow, budgeting, slo.where())));
            bindings.add(binding);
        }
    }

    /**
     * A calendar window SmartSpec's calendar periods express: one day, week, month, quarter or year that starts
     * at midnight on the first day of such a period (a Monday for weeks) in the window's zone.
     */
    private Optional<SloWindow> calendar(Docs.TimeWindow tw) {
        Docs.Calendar c = tw.calendar().orElseThrow();
        Docs.Shorthand d = tw.duration();
        Optional<CalendarPeriod> period = d.value() != 1 ? Optional.empty() : switch (d.unit()) {
            case 'd' -> Optional.of(CalendarPeriod.DAY);
            case 'w' -> Optional.of(CalendarPeriod.WEEK);
            case 'M' -> Optional.of(CalendarPeriod.MONTH);
            case 'Q' -> Optional.of(CalendarPeriod.QUARTER);
            case 'Y' -> Optional.of(CalendarPeriod.YEAR);
            default -> Optional.empty();
        };
        if (period.isEmpty()) {
            error(tw.where(), "duration", "a calendar window of '" + d.text() + "' is not supported; SmartSpec's "
                    + "calendar windows are one day, week, month, quarter or year: 1d, 1w, 1M, 1Q or 1Y");
            return Optional.empty();
        }
        java.time.LocalDate day = c.startTime().toLocalDate();
        if (!c.startTime().toLocalTime().equals(java.time.LocalTime.MIDNIGHT)
                || !period.get().firstDay(day).equals(day)) {
            error(tw.where(), "calendar.startTime", "'" + day + " " + c.startTime().toLocalTime()
                    + "' does not start a calendar " + period.get().word() + "; SmartSpec's calendar windows start at "
                    + "midnight of the " + switch (period.get()) {
                        case DAY -> "day";
                        case WEEK -> "week's Monday";
                        case MONTH -> "month's 1st";
                        case QUARTER -> "quarter's 1st (January, April, July, October)";
                        case YEAR -> "year's January 1st";
                    } + " (e.g. 2024-01-01 00:00:00)");
            return Optional.empty();
        }
        return Optional.of(SloWindow.calendar(period.get(), c.timeZone()));
    }

    static String unitName(Unit u) {
        return switch (u) {
            case FRACTION -> "ratio";
            case PERCENT -> "percent";
            case NUMBER -> "number";
            default -> u.symbol();
        };
    }

    private static boolean bareSelector(String q) {
        return q.matches("\\s*[a-zA-Z_:][a-zA-Z0-9_:]*\\s*(\\{[^{}]*})?\\s*");
    }

    static String labels(Map<String, List<String>> labels) {
        List<String> parts = new ArrayList<>();
        labels.forEach((k, v) -> parts.add(k + ": " + String.join(", ", v)));
        return String.join("; ", parts);
    }

    static String slug(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    }

    static String symbol(String op) {
        return switch (op) {
            case "lt" -> "<";
            case "lte" -> "<=";
            case "gt" -> ">";
            default -> ">=";
        };
    }

    /** A fraction as a percentage without float noise: 0.995 is 99.5. */
    static String percent(double fraction) {
        return new BigDecimal(Double.toString(fraction)).movePointRight(2).stripTrailingZeros().toPlainString();
    }

    static String plain(double d) {
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    // ---- alerting

    private List<Docs.AlertCondition> conditions(Docs.AlertPolicy p) {
        List<Docs.AlertCondition> out = new ArrayList<>();
        for (Either<Docs.AlertCondition> c : p.conditions()) {
            c.inline().or(() -> c.ref().flatMap(r -> resolve(r, all.alertConditions(), x -> x.meta().name())))
                    .ifPresent(out::add);
        }
        return out;
    }

    private List<Docs.NotificationTarget> targets(Docs.AlertPolicy p) {
        List<Docs.NotificationTarget> out = new ArrayList<>();
        for (Either<Docs.NotificationTarget> t : p.targets()) {
            t.inline().or(() -> t.ref().flatMap(r -> resolve(r, all.targets(), x -> x.meta().name())))
                    .ifPresent(out::add);
        }
        return out;
    }

    /**
     * The SLO's alert policies: those that are the burn-rate alerts SmartSpec raises anyway (as its export
     * writes them) are taken as they are; any other is reported, kept in spec.md for the record, and not
     * applied.
     */
    private void alerting(Docs.Slo slo, List<String> notes) {
        List<Docs.AlertPolicy> policies = new ArrayList<>();
        for (Either<Docs.AlertPolicy> p : slo.alertPolicies()) {
            p.inline().or(() -> p.ref().flatMap(r -> resolve(r, all.alertPolicies(), x -> x.meta().name())))
                    .ifPresent(policies::add);
        }
        Duration period = slo.timeWindow().flatMap(w -> w.duration().fixed()).orElse(Slo.DEFAULT_RATIO_WINDOW);
        Set<String> expected = new LinkedHashSet<>();
        for (BurnRatePolicy.Alert a : BurnRatePolicy.google().alerts()) {
            expected.add(key(a.severity().name().toLowerCase(Locale.ROOT), a.longWindow(), a.factor(period),
                    Optional.of(a.shortWindow())));
        }
        Set<String> found = new LinkedHashSet<>();
        List<String> listed = new ArrayList<>();
        for (Docs.AlertPolicy p : policies) {
            List<Docs.AlertCondition> conds = conditions(p);
            List<Docs.NotificationTarget> tgts = targets(p);
            for (Docs.AlertCondition c : conds) {
                Optional<Duration> shortWindow = Optional.ofNullable(c.meta().annotations().get(Annotations.SHORT_WINDOW))
                        .flatMap(Importer::duration);
                found.add(c.lookbackWindow().fixed().map(l -> key(c.severity().toLowerCase(Locale.ROOT), l,
                        c.threshold(), shortWindow) + (c.op().startsWith("gt") ? "" : c.op())).orElse(c.lookbackWindow().text()));
                listed.add("| `" + slo.meta().name() + "` | " + p.meta().name() + " | " + c.severity() + " | burn rate "
                        + symbol(c.op()) + " " + plain(c.threshold()) + " over " + c.lookbackWindow().text()
                        + shortWindow.map(w -> " and " + Windows.format(w)).orElse("")
                        + c.alertAfter().map(a -> " for " + a.text()).orElse("") + " | "
                        + String.join(", ", tgts.stream().map(t -> t.target() + " (" + t.meta().name() + ")").toList())
                        + " |");
            }
        }
        if (!policies.isEmpty() && !found.equals(expected)) {
            notes.addAll(listed);
            Docs.Where w = policies.get(0).where();
            problems.add(Problem.warning(slo.where().file(), slo.where().line(), slo.where().subject()
                    + ": spec.alertPolicies: not applied; SmartSpec's monitor and rules alert with the SRE Workbook's "
                    + "multi-window burn rates (page: 14.4x over 1h and 5m, 6x over 6h and 30m; ticket: 3x over 1d "
                    + "and 2h, 1x over 3d and 6h, for a 30d window), and deliver to the incident_response receivers of "
                    + "observability.yaml; the policies are listed in spec.md for the record (first at " + w + ")"));
        }
    }

    private static String key(String severity, Duration window, double factor, Optional<Duration> shortWindow) {
        return severity + "/" + Windows.format(window) + "/" + String.format(Locale.ROOT, "%.6g", factor) + "/"
                + shortWindow.map(Windows::format).orElse("?");
    }

    private static Optional<Duration> duration(String text) {
        try {
            return Optional.of(Windows.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    // ---- problems

    private void error(Docs.Where where, String field, String message) {
        String path = where.path().isEmpty() ? field : field.isEmpty() ? where.path() : where.path() + "." + field;
        problems.add(Problem.error(where.file(), where.line(), where.subject() + ": " + (path.isEmpty() ? "" : path
                + ": ") + message));
    }

    private void warning(Docs.Where where, String message) {
        problems.add(Problem.warning(where.file(), where.line(), where.subject() + ": " + message));
    }

    private int errors() {
        return (int) problems.stream().filter(Problem::isError).count();
    }
}
