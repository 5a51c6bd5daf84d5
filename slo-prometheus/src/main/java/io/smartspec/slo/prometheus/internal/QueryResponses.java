package io.smartspec.slo.prometheus.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartspec.slo.source.GroupedMeasurement;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.Quantity;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads a response of {@code /api/v1/query} into a {@link Measurement}: a vector of one sample or a
 * scalar is a value; an empty vector, NaN and infinities are no data; several series, strings,
 * matrices, native histograms and Prometheus errors are failures with Prometheus's own words.
 */
public final class QueryResponses {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_SERIES_SHOWN = 3;

    private QueryResponses() {
    }

    /**
     * @param status the HTTP status
     * @param body   the response body
     * @param query  the PromQL sent (for messages)
     */
    public static Measurement read(int status, String body, String query) {
        JsonNode root;
        try {
            root = JSON.readTree(body == null ? "" : body);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject() || !root.has("status")) {
            return Measurement.failed("HTTP " + status + " without a Prometheus API answer for '" + query + "': "
                    + abbreviate(body));
        }
        if (!"success".equals(root.path("status").asText())) {
            String type = root.path("errorType").asText("unknown");
            String error = root.path("error").asText("(no message)");
            return Measurement.failed("Prometheus " + type + " error (HTTP " + status + ") for '" + query + "': "
                    + error);
        }
        JsonNode data = root.path("data");
        String type = data.path("resultType").asText("");
        JsonNode result = data.path("result");
        switch (type) {
            case "scalar":
                return sample(result, query);
            case "vector":
                if (result.size() == 0) {
                    return Measurement.noData("no series matched '" + query + "'");
                }
                if (result.size() > 1) {
                    return Measurement.failed(result.size() + " series returned for '" + query + "' ("
                            + describeSeries(result) + "); an SLO needs one number: aggregate with sum(...), "
                            + "avg(...) or max(...), or select a single series");
                }
                JsonNode series = result.get(0);
                if (series.has("histogram")) {
                    return Measurement.failed("'" + query + "' returned a native histogram, not a number; "
                            + "use histogram_quantile(...), histogram_count(...) or histogram_sum(...)");
                }
                return sample(series.path("value"), query);
            case "matrix":
                return Measurement.failed("'" + query + "' returned a range vector (" + result.size()
                        + " series), not a number; wrap the range selector in a function such as "
                        + "sum(rate(...[5m]))");
            case "string":
                return Measurement.failed("'" + query + "' returned the string '" + result.path(1).asText()
                        + "', not a number");
            default:
                return Measurement.failed("'" + query + "' returned an unknown result type '" + type + "'");
        }
    }

    /**
     * The answer to a query grouped by {@code labels} ({@code sum by (route) (...)}): a measurement per
     * series, keyed by its values of the labels. A series without one of the labels, or two series with the
     * same values, is a failure of the whole query saying how to group it; an empty vector is no data.
     */
    public static GroupedMeasurement readGrouped(int status, String body, String query, List<String> labels) {
        JsonNode root;
        try {
            root = JSON.readTree(body == null ? "" : body);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !"success".equals(root.path("status").asText())
                || !"vector".equals(root.path("data").path("resultType").asText())
                || root.path("data").path("result").size() == 0) {
            Measurement whole = read(status, body, query);
            if (whole instanceof Measurement.Value) {
                whole = Measurement.failed("'" + query + "' returned a single number, not a series per "
                        + String.join(", ", labels) + "; group the query by " + (labels.size() > 1 ? "them" : "it")
                        + ", e.g. sum by (" + String.join(", ", labels) + ") (...)");
            }
            return GroupedMeasurement.whole(whole);
        }
        Map<Map<String, String>, Measurement> values = new java.util.LinkedHashMap<>();
        for (JsonNode series : root.path("data").path("result")) {
            JsonNode metric = series.path("metric");
            Map<String, String> key = new java.util.LinkedHashMap<>();
            for (String label : labels) {
                JsonNode v = metric.path(label);
                if (v.isMissingNode() || v.isNull()) {
                    return GroupedMeasurement.whole(Measurement.failed("a series of '" + query + "' has no label "
                            + label + " (" + describeSeries(series.isArray() ? series : JSON.createArrayNode()
                            .add(series)) + "); keep it through every aggregation, e.g. sum by ("
                            + String.join(", ", labels) + ") (...)"));
                }
                key.put(label, v.asText());
            }
            if (series.has("histogram")) {
                return GroupedMeasurement.whole(Measurement.failed("'" + query + "' returned a native histogram, "
                        + "not a number; use histogram_quantile(...), histogram_count(...) or histogram_sum(...)"));
            }
            if (values.put(key, sample(series.path("value"), query)) != null) {
                return GroupedMeasurement.whole(Measurement.failed("several series of '" + query + "' have "
                        + key + "; an SLO per label needs one number per label value: aggregate with sum by ("
                        + String.join(", ", labels) + ") (...)"));
            }
        }
        return GroupedMeasurement.perLabels(values);
    }

    private static Measurement sample(JsonNode pair, String query) {
        if (!pair.isArray() || pair.size() != 2) {
            return Measurement.failed("malformed sample for '" + query + "': " + pair);
        }
        String text = pair.get(1).asText();
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

    private static String describeSeries(JsonNode result) {
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < Math.min(MAX_SERIES_SHOWN, result.size()); i++) {
            JsonNode metric = result.get(i).path("metric");
            List<String> labels = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> it = metric.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                labels.add(e.getKey() + "=\"" + e.getValue().asText() + "\"");
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
