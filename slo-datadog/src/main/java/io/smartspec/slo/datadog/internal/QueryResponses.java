package io.smartspec.slo.datadog.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Unit;
import io.smartspec.slo.datadog.Aggregation;
import io.smartspec.slo.datadog.DatadogConfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Turns a {@code GET /api/v1/query} body into a {@link Measurement}: {@code series[].pointlist} of
 * {@code [timestamp_ms, value|null]} (timestamps as integers or floats), reduced to one value.
 */
public final class QueryResponses {

    private QueryResponses() {
    }

    private record Point(double timestamp, double value) {
    }

    /**
     * Reads a body.
     *
     * <ul>
     *   <li>{@code status: error}, {@code error} or {@code errors}: {@link Measurement.Failed} with Datadog's message;</li>
     *   <li>no series, or only null points: {@link Measurement.NoData};</li>
     *   <li>{@link MetricQuery.Kind#EVENTS}: the sum of all points of all series (a count);</li>
     *   <li>{@link MetricQuery.Kind#VALUE}: the last non-null point of the one series, or the metric's
     *       aggregation over the points of all series; several series without an aggregation fail.</li>
     * </ul>
     */
    public static Measurement read(JsonNode body, MetricQuery query, DatadogConfig.Metric metric) {
        Optional<String> error = DatadogErrors.of(body);
        if (error.isPresent()) {
            return Measurement.failed("Datadog: " + error.get());
        }
        JsonNode series = body == null ? null : body.get("series");
        if (series == null || !series.isArray() || series.isEmpty()) {
            return Measurement.noData("Datadog returned no series for '" + query.query() + "'"
                    + (query.kind() == MetricQuery.Kind.VALUE ? ""
                    : "; if that means no events, wrap the query in default_zero(...)"));
        }
        boolean events = query.kind() != MetricQuery.Kind.VALUE;
        Optional<Aggregation> aggregation = events ? Optional.of(Aggregation.SUM) : metric.aggregation();
        if (series.size() > 1 && aggregation.isEmpty()) {
            List<String> scopes = new ArrayList<>();
            series.forEach(s -> scopes.add(s.path("scope").asText("?")));
            return Measurement.failed("Datadog returned " + series.size() + " series for '" + query.query()
                    + "' (scopes " + String.join(", ", scopes) + ") where one value is needed; aggregate them in the "
                    + "query (e.g. avg:metric{...} without 'by {...}') or set aggregation: ("
                    + Aggregation.accepted() + ") for metric '" + query.metric() + "'");
        }
        List<Point> points = new ArrayList<>();
        for (JsonNode s : series) {
            JsonNode pointlist = s.get("pointlist");
            if (pointlist == null || !pointlist.isArray()) {
                continue;
            }
            for (JsonNode p : pointlist) {
                if (p.isArray() && p.size() >= 2 && p.get(0).isNumber() && p.get(1).isNumber()) {
                    points.add(new Point(p.get(0).asDouble(), p.get(1).asDouble()));
                }
            }
        }
        if (points.isEmpty()) {
            return Measurement.noData("Datadog returned only null points for '" + query.query() + "'");
        }
        points.sort(Comparator.comparingDouble(Point::timestamp));
        double value = aggregation.orElse(Aggregation.LAST).reduce(points.stream().mapToDouble(Point::value).toArray());
        if (events) {
            return Measurement.of(value, Unit.NUMBER);
        }
        return Measurement.of(unitOf(series.get(0).get("unit"), value, metric));
    }

    /** Datadog's unit for the series, else the metric's {@code unit:}, else a plain number. */
    static Quantity unitOf(JsonNode unitNode, double value, DatadogConfig.Metric metric) {
        return DatadogUnits.toQuantity(unitNode, value)
                .orElseGet(() -> Quantity.of(value, metric.unit().orElse(Unit.NUMBER)));
    }
}
