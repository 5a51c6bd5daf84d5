package io.smartspec.slo.prometheus.internal;

import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.Quantity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.smartspec.slo.prometheus.internal.JsonTree.member;
import static io.smartspec.slo.prometheus.internal.JsonTree.text;

/**
 * Reads a response of {@code /api/v1/query} into a {@link Measurement}: a vector of one sample or a
 * scalar is a value; an empty vector, NaN and infinities are no data; several series, strings,
 * matrices, native histograms and Prometheus errors are failures with Prometheus's own words.
 * Read with the streaming {@link JsonTree}, not an object mapper.
 */
public final class QueryResponses {

    private static final int MAX_SERIES_SHOWN = 3;

    private QueryResponses() {
    }

    /**
     * @param status the HTTP status
     * @param body   the response body
     * @param query  the PromQL sent (for messages)
     */
    public static Measurement read(int status, String body, String query) {
        Optional<Object> root = JsonTree.read(body == null ? "" : body);
        if (root.isEmpty() || !(root.get() instanceof Map<?, ?>) || member(root.get(), "status").isEmpty()) {
            return Measurement.failed("HTTP " + status + " without a Prometheus API answer for '" + query + "': "
                    + abbreviate(body));
        }
        if (!"success".equals(text(member(root.get(), "status"), ""))) {
            String type = text(member(root.get(), "errorType"), "unknown");
            String error = text(member(root.get(), "error"), "(no message)");
            return Measurement.failed("Prometheus " + type + " error (HTTP " + status + ") for '" + query + "': "
                    + error);
        }
        Optional<Object> data = member(root.get(), "data");
        String type = text(data.flatMap(d -> member(d, "resultType")), "");
        Optional<Object> result = data.flatMap(d -> member(d, "result"));
        List<?> series = result.orElse(null) instanceof List<?> list ? list : List.of();
        switch (type) {
            case "scalar":
                return sample(result.orElse(null), query);
            case "vector":
                if (series.isEmpty()) {
                    return Measurement.noData("no series matched '" + query + "'");
                }
                if (series.size() > 1) {
                    return Measurement.failed(series.size() + " series returned for '" + query + "' ("
                            + describeSeries(series) + "); an SLO needs one number: aggregate with sum(...), "
                            + "avg(...) or max(...), or select a single series");
                }
                Object one = series.get(0);
                if (member(one, "histogram").isPresent()) {
                    return Measurement.failed("'" + query + "' returned a native histogram, not a number; "
                            + "use histogram_quantile(...), histogram_count(...) or histogram_sum(...)");
                }
                return sample(member(one, "value").orElse(null), query);
            case "matrix":
                return Measurement.failed("'" + query + "' returned a range vector (" + series.size()
                        + " series), not a number; wrap the range selector in a function such as "
                        + "sum(rate(...[5m]))");
            case "string":
                return Measurement.failed("'" + query + "' returned the string '"
                        + text(Optional.ofNullable(series.size() > 1 ? series.get(1) : null), "") + "', not a number");
            default:
                return Measurement.failed("'" + query + "' returned an unknown result type '" + type + "'");
        }
    }

    /** A sample: {@code [<unix time>, "<value>"]}. */
    private static Measurement sample(Object pair, String query) {
        if (!(pair instanceof List<?> list) || list.size() != 2) {
            return Measurement.failed("malformed sample for '" + query + "': "
                    + (pair == null ? "(none)" : JsonTree.toJson(pair)));
        }
        String text = list.get(1) instanceof String s ? s : JsonTree.toJson(list.get(1));
        double value;
        try {
            value = parse(text);
        } catch (NumberFormatException e) {
            return Measurement.failed("malformed sample value '" + text + "' for '" + query + "'");
        }
        if (!Double.isFinite(value)) {
            return Measurement.noData("'" + query + "' is " + text + ", not a number (e.g. a ratio of zero "
                    + "events)");
        }
        return Measurement.of(Quantity.number(value));
    }

    /** Prometheus writes {@code NaN}, {@code +Inf}, {@code -Inf} and decimal numbers. */
    static double parse(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    private static String describeSeries(List<?> result) {
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < Math.min(MAX_SERIES_SHOWN, result.size()); i++) {
            List<String> labels = new ArrayList<>();
            if (member(result.get(i), "metric").orElse(null) instanceof Map<?, ?> metric) {
                for (Map.Entry<?, ?> e : metric.entrySet()) {
                    labels.add(e.getKey() + "=\"" + text(Optional.ofNullable(e.getValue()), "") + "\"");
                }
            }
            shown.add("{" + String.join(", ", labels) + "}");
        }
        return String.join(", ", shown) + (result.size() > MAX_SERIES_SHOWN ? ", ..." : "");
    }

    private static String abbreviate(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        String s = body.strip().replaceAll("\\s+", " ");
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
