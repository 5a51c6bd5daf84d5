package io.smartspec.slo.prometheus.internal;

import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Unit;
import io.smartspec.slo.Windows;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the library's queries become PromQL. A query that is a full PromQL expression is sent as it is
 * (with {@code {{window}}} already replaced). A query that is a bare series selector
 * ({@code name} or {@code name{label="x"}}) is expanded:
 *
 * <ul>
 *   <li>events of a counter ({@code *_total}, {@code *_count}):
 *       {@code sum(increase(name{sel}[w]))};</li>
 *   <li>events of a histogram named by its base name: {@code sum(increase(name_count{sel}[w]))};</li>
 *   <li>events faster than a threshold T (latency SLOs):
 *       {@code sum(increase(name_bucket{sel,le=~"T"}[w]))}, T in seconds (milliseconds when the base
 *       name ends with {@code _milliseconds}); T must be one of the histogram's bucket bounds.</li>
 * </ul>
 * A full expression may contain {@code {{le}}}, replaced by T as Prometheus writes it ({@code 0.3}).
 */
public final class PromQl {

    /** The placeholder for a latency threshold in a full PromQL expression. */
    public static final String LE_PLACEHOLDER = "{{le}}";

    private static final Pattern SELECTOR =
            Pattern.compile("^\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(?:\\{([^{}]*)\\})?\\s*$");

    private PromQl() {
    }

    /** A bare series selector: a metric name and its label matchers (maybe empty). */
    public record Selector(String name, String matchers) {
        String with(String suffixName, String extraMatcher) {
            String m = matchers.isBlank() ? extraMatcher
                    : extraMatcher.isEmpty() ? matchers.trim() : matchers.trim() + "," + extraMatcher;
            return suffixName + (m.isEmpty() ? "" : "{" + m + "}");
        }
    }

    public static Optional<Selector> selector(String query) {
        Matcher m = SELECTOR.matcher(query);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Selector(m.group(1), m.group(2) == null ? "" : m.group(2)));
    }

    /** The PromQL sent for a query of the library. */
    public static String toPromQl(MetricQuery query) {
        return switch (query.kind()) {
            case VALUE -> query.query();
            case EVENTS -> events(query.query(), query.window().orElseThrow());
            case EVENTS_FASTER_THAN -> fasterThan(query.query(), query.latencyThreshold().orElseThrow(),
                    query.window().orElseThrow());
            case SLICES -> slices(query.query(), query.slices().orElseThrow(), query.window().orElseThrow(), false);
            case GOOD_SLICES -> slices(query.query(), query.slices().orElseThrow(), query.window().orElseThrow(), true);
        };
    }

    /**
     * Time slices of a value query over a window, as a subquery: {@code count_over_time(v[W:S])} counts the slices
     * with a value, {@code sum_over_time((v < bool 0.2)[W:S])} those that meet the objective. {@code v} is the query
     * without NaN and infinite values ({@code > -Inf < +Inf}: no data counts neither way, as in the evaluator). The
     * subquery's steps are the slices' ends, multiples of S since the epoch; the range is one millisecond short of
     * W so that the slice ending exactly W ago — the last one before the window — is left out also by Prometheus
     * 2.x, whose ranges include their start (3.x leaves it out by itself).
     */
    public static String slices(String query, MetricQuery.Slices slices, Duration window, boolean good) {
        Optional<MetricQuery.EventRatio> ratio = slices.eventRatio();
        String values = "(" + (ratio.isPresent() ? sliceRatio(ratio.get(), slices.slice()) : query.strip())
                + ") > -Inf < +Inf";
        String range = "[" + (window.toMillis() - 1) + "ms:" + Windows.format(slices.slice()) + "]";
        if (!good) {
            return "count_over_time((" + values + ")" + range + ")";
        }
        if (ratio.isPresent() && ratio.get().mean()) {
            return "sum_over_time((" + values + ")" + range + ")";
        }
        return "sum_over_time((" + values + " " + comparison(slices.objective().operator()) + " bool "
                + number(slices.boundInPlainNumbers()) + ")" + range + ")";
    }

    /**
     * A slice's ratio of good to all events, each counted over the slice alone: {@code sum(increase(good[1m])) /
     * sum(increase(total[1m]))}, or {@code 1 - bad / total}. A slice without events is 0 / 0, NaN: no value.
     */
    public static String sliceRatio(MetricQuery.EventRatio ratio, Duration slice) {
        String share = "(" + events(ratio.eventsTemplate(), slice) + ") / (" + events(ratio.totalTemplate(), slice)
                + ")";
        return ratio.bad() ? "1 - " + share : share;
    }

    /** The slices of the window with a value that misses the objective: {@code sum_over_time((v >= bool 0.2)[W:S])}. */
    public static String badSlices(String query, MetricQuery.Slices slices, Duration window) {
        io.smartspec.slo.Operator missed = switch (slices.objective().operator()) {
            case LESS_THAN -> io.smartspec.slo.Operator.GREATER_THAN_OR_EQUAL;
            case LESS_THAN_OR_EQUAL -> io.smartspec.slo.Operator.GREATER_THAN;
            case GREATER_THAN -> io.smartspec.slo.Operator.LESS_THAN_OR_EQUAL;
            case GREATER_THAN_OR_EQUAL -> io.smartspec.slo.Operator.LESS_THAN;
        };
        return slices(query, new MetricQuery.Slices(slices.slice(), io.smartspec.slo.Objective.of(missed,
                slices.objective().bound()), slices.plainNumberUnit(), slices.eventRatio()), window, true);
    }

    /** The PromQL comparison of an operator. */
    public static String comparison(io.smartspec.slo.Operator operator) {
        return switch (operator) {
            case LESS_THAN -> "<";
            case LESS_THAN_OR_EQUAL -> "<=";
            case GREATER_THAN -> ">";
            case GREATER_THAN_OR_EQUAL -> ">=";
        };
    }

    /**
     * Events over a window: the query itself, or a bare selector expanded (see class doc). A query built
     * on {@code rate()} or {@code irate()} (and no {@code increase()}) gives events per second, Prometheus's
     * convention for those functions; it is multiplied by the window's seconds so that it counts events,
     * as {@code min_events} and the event-weighted period need. A ratio of two such queries is unchanged.
     */
    public static String events(String query, Duration window) {
        String q = MetricQuery.withWindow(query, window);
        Optional<Selector> s = selector(q);
        if (s.isEmpty()) {
            return perSecond(q) ? "(" + q.strip() + ") * " + window.getSeconds() : q;
        }
        String name = s.get().name();
        String base = baseName(name);
        String counter = name.endsWith("_total") || name.endsWith("_count") ? name : base + "_count";
        return "sum(increase(" + s.get().with(counter, "") + "[" + Windows.format(window) + "]))";
    }

    /**
     * Events at or under a latency threshold over a window (see class doc).
     *
     * @throws IllegalArgumentException when the query is neither a bare selector nor has {@code {{le}}}
     */
    public static String fasterThan(String query, Quantity threshold, Duration window) {
        String q = MetricQuery.withWindow(query, window);
        Optional<Selector> s = selector(q);
        if (s.isEmpty()) {
            if (!q.contains(LE_PLACEHOLDER)) {
                throw new IllegalArgumentException("the query of a latency SLO must be a histogram's name (e.g. "
                        + "http_request_duration_seconds{job=\"api\"}) or a PromQL expression with " + LE_PLACEHOLDER
                        + " where the threshold goes, but was '" + query + "'");
            }
            String withLe = q.replace(LE_PLACEHOLDER, le(threshold, Unit.SECONDS));
            return perSecond(withLe) ? "(" + withLe.strip() + ") * " + window.getSeconds() : withLe;
        }
        String base = baseName(s.get().name());
        Unit unit = base.endsWith("_milliseconds") ? Unit.MILLISECONDS : Unit.SECONDS;
        String le = le(threshold, unit).replace(".", "\\\\.");
        String matcher = "le=~\"" + le + (le.contains(".") ? "0*\"" : "(\\\\.0*)?\"");
        return "sum(increase(" + s.get().with(base + "_bucket", matcher) + "[" + Windows.format(window) + "]))";
    }

    private static final Pattern POSTFIX_GROUPING = Pattern.compile("\\)\\s*(by|without)\\s*\\(|without\\s*\\(");

    private static final Pattern AGGREGATION = Pattern.compile(
            "(?<![A-Za-z0-9_:])(sum|min|max|avg|count|group)\\s*(\\(|by\\s*\\(([^()]*)\\)\\s*\\()");

    /**
     * The expression with every aggregation grouped by {@code labels} as well, so that its answer has one
     * series per label value (a per-label SLO): {@code sum(x)} becomes {@code sum by (route) (x)} and
     * {@code sum by (le) (x)} {@code sum by (le, route) (x)}. An aggregation with {@code without (...)}, or
     * written {@code sum(x) by (...)}, is left as written: keep the labels in it yourself. An expression with
     * no aggregation is sent as it is (its series must carry the labels).
     */
    public static String groupedBy(String promql, List<String> labels) {
        if (POSTFIX_GROUPING.matcher(promql).find()) {
            return promql;
        }
        Matcher m = AGGREGATION.matcher(promql);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            List<String> by = new ArrayList<>();
            if (m.group(3) != null) {
                for (String l : m.group(3).split(",")) {
                    if (!l.isBlank()) {
                        by.add(l.strip());
                    }
                }
            }
            for (String l : labels) {
                if (!by.contains(l)) {
                    by.add(l);
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + " by (" + String.join(", ", by) + ") ("));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static final java.util.regex.Pattern RATE = java.util.regex.Pattern.compile("(?<![A-Za-z0-9_:])i?rate\\s*\\(");
    private static final java.util.regex.Pattern INCREASE = java.util.regex.Pattern.compile("(?<![A-Za-z0-9_:])increase\\s*\\(");

    /** Whether an events query returns events per second: it calls {@code rate()}/{@code irate()} and not {@code increase()}. */
    public static boolean perSecond(String query) {
        return RATE.matcher(query).find() && !INCREASE.matcher(query).find();
    }

    /** Whether a query of a latency SLO is a bare histogram selector (so {@code le} buckets apply). */
    public static boolean isHistogramSelector(String query) {
        return selector(query).isPresent();
    }

    /** A threshold as Prometheus writes bucket bounds: {@code 0.3}, {@code 1}, {@code 2.5}. */
    public static String le(Quantity threshold, Unit unit) {
        return number(threshold.to(unit).value());
    }

    /**
     * A PromQL duration 1ms shorter than {@code d} ({@code 30d} gives {@code 29d23h59m59s999ms}): a subquery
     * range that holds exactly {@code d / step} steps at every instant, on Prometheus 2 (ranges closed at both
     * ends) as on Prometheus 3 (open at the start).
     */
    public static String justUnder(Duration d) {
        long ms = d.toMillis() - 1;
        if (ms <= 0) {
            throw new IllegalArgumentException("a window of at least 2ms, not " + d);
        }
        StringBuilder s = new StringBuilder();
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < sizes.length; i++) {
            if (ms >= sizes[i]) {
                s.append(ms / sizes[i]).append(units[i]);
                ms %= sizes[i];
            }
        }
        return s.toString();
    }

    /** A number as PromQL literal, without exponent or trailing zeros. */
    public static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        // round away binary noise like 0.30000000000000004
        BigDecimal bd = new BigDecimal(Double.toString(value)).round(new java.math.MathContext(12));
        String s = bd.stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    private static String baseName(String name) {
        for (String suffix : new String[] {"_bucket", "_count", "_sum"}) {
            if (name.endsWith(suffix)) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return name;
    }
}
