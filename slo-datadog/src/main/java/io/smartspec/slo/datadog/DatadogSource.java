package io.smartspec.slo.datadog;

import io.smartspec.slo.UnitConvention;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.Secret;
import io.smartspec.slo.Windows;
import io.smartspec.slo.datadog.internal.DatadogHttp;
import io.smartspec.slo.datadog.internal.QueryResponses;
import io.smartspec.slo.datadog.internal.SloHistoryResponses;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads metrics from Datadog's API. Thread-safe; one HTTP client per source.
 *
 * <h2>Threshold metrics ({@code query:})</h2>
 * {@code GET /api/v1/query?from=at-window&to=at&query=...}, with the window of the metric
 * ({@code window:}, default 5 minutes). The value is the last non-null point, or the metric's
 * {@code aggregation:} ({@code last, avg, max, min, sum}) over the points of all series. A query
 * that returns several series needs an aggregation. Datadog's series {@code unit} converts the
 * value ({@code nanosecond}, {@code percent}, ...); without one the metric's {@code unit:} applies.
 *
 * <h2>Ratio metrics ({@code good_query:}/{@code bad_query:} and {@code total_query:})</h2>
 * Each query is counted over the evaluated window, {@code from = at - window}: the value is the sum
 * of all points of all series. Write queries that count, e.g.
 * {@code sum:trace.http.request.hits{service:api}.as_count()} and
 * {@code sum:trace.http.request.errors{service:api}.as_count()}; wrap a query that may have no series
 * when nothing happened (errors) in {@code default_zero(...)}, or it reads as no data.
 *
 * <h2>A Datadog SLO as the indicator</h2>
 * {@code slo:<id>} reads the SLI (percent) of the SLO's history over the metric's window (default 7
 * days); {@code slo:<id>:good}, {@code :bad} and {@code :total} read the event counts of a metric
 * SLO over the evaluated window.
 *
 * <h2>Failures</h2>
 * Never thrown: Datadog's errors become {@link Measurement.Failed} with Datadog's own message;
 * rejected keys say so without showing them. Connection failures, timeouts, 5xx and 429 are retried
 * as {@link DatadogConfig} says. (The JDK's HTTP client itself resends a GET once when the connection
 * closes before any byte of the answer, so Datadog may see twice as many requests as attempts.)
 *
 * @since 0.1.0
 */
public final class DatadogSource implements MetricSource {

    private final DatadogConfig config;
    private final DatadogHttp http;

    private DatadogSource(DatadogConfig config, HttpClient client) {
        this.config = Objects.requireNonNull(config, "config");
        this.http = new DatadogHttp(config, client, new ObjectMapper());
    }

    /** A source with these settings. */
    public static DatadogSource using(DatadogConfig config) {
        return new DatadogSource(config, DatadogHttp.newClient(config));
    }

    /**
     * A source for {@code observability.yaml}'s settings, with keys missing from the file taken from
     * {@code env} (see {@link DatadogConfig#from(ObservabilityConfig, Map)}).
     *
     * @throws io.smartspec.slo.SloValidationException listing every problem of the configuration
     */
    public static DatadogSource from(ObservabilityConfig config, Map<String, String> env) {
        return using(DatadogConfig.from(config, env));
    }

    public DatadogConfig config() {
        return config;
    }

    @Override
    public UnitConvention unitConvention() {
        return UnitConvention.SERIES_METADATA;
    }

    @Override
    public String name() {
        return "datadog";
    }

    @Override
    public boolean supportsPastInstants() {
        return true;
    }

    @Override
    public Measurement query(MetricQuery query) {
        if (query.kind() == MetricQuery.Kind.SLICES || query.kind() == MetricQuery.Kind.GOOD_SLICES) {
            return Measurement.failed("Datadog does not count the time slices of '" + query.query() + "' (yet); "
                    + "define a time-slice SLO in Datadog and give metric '" + query.metric() + "' its slo(...) query, "
                    + "or count the metric's events (occurrences)");
        }
        DatadogConfig.Metric metric = config.metric(query.metric());
        Optional<SloHistoryResponses.SloQuery> slo = SloHistoryResponses.parse(query.query());
        if (slo.isPresent()) {
            return sloHistory(query, metric, slo.get());
        }
        if (query.kind() == MetricQuery.Kind.EVENTS_FASTER_THAN) {
            return Measurement.failed("Datadog cannot count the requests of '" + query.query() + "' faster than "
                    + query.latencyThreshold().map(Object::toString).orElse("a threshold") + "; give metric '"
                    + query.metric() + "' a good_query that counts them and a total_query");
        }
        Duration window = query.kind() == MetricQuery.Kind.VALUE
                ? metric.window().orElse(config.defaultWindow())
                : query.window().orElse(config.defaultWindow());
        long to = query.at().getEpochSecond();
        long from = query.at().minus(window).getEpochSecond();
        URI uri = uri("/api/v1/query", "from=" + from + "&to=" + to + "&query=" + encode(query.query()));
        DatadogHttp.Outcome outcome = http.get(uri, describe(query, window));
        if (outcome instanceof DatadogHttp.Ok ok) {
            return redact(QueryResponses.read(ok.body(), query, metric));
        }
        return Measurement.failed(((DatadogHttp.Failure) outcome).message());
    }

    private Measurement sloHistory(MetricQuery query, DatadogConfig.Metric metric,
                                   SloHistoryResponses.SloQuery slo) {
        Duration window = query.kind() == MetricQuery.Kind.VALUE
                ? metric.window().orElse(DatadogConfig.DEFAULT_SLO_HISTORY_WINDOW)
                : query.window().orElse(DatadogConfig.DEFAULT_SLO_HISTORY_WINDOW);
        Instant at = query.at();
        URI uri = uri("/api/v1/slo/" + encode(slo.id()) + "/history",
                "from_ts=" + at.minus(window).getEpochSecond() + "&to_ts=" + at.getEpochSecond());
        DatadogHttp.Outcome outcome = http.get(uri, describe(query, window));
        if (outcome instanceof DatadogHttp.Ok ok) {
            return redact(SloHistoryResponses.read(ok.body(), slo, query));
        }
        return Measurement.failed(((DatadogHttp.Failure) outcome).message());
    }

    private Measurement redact(Measurement m) {
        if (m instanceof Measurement.Failed f) {
            return Measurement.failed(http.redact(f.message()));
        }
        if (m instanceof Measurement.NoData n) {
            return Measurement.noData(http.redact(n.reason()));
        }
        return m;
    }

    private static String describe(MetricQuery query, Duration window) {
        return "metric '" + query.metric() + "' over " + Windows.format(window);
    }

    private URI uri(String path, String rawQuery) {
        String base = config.baseUri().toString().replaceFirst("/+$", "");
        return URI.create(base + path + "?" + rawQuery);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return "DatadogSource[" + Secret.redactUrl(config.baseUri().toString()) + "]";
    }
}
