package io.smartspec.slo.datadog.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Unit;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Datadog SLO as the indicator: queries {@code slo:<id>} (the SLI in percent),
 * {@code slo:<id>:good}, {@code slo:<id>:bad} and {@code slo:<id>:total} (event counts of a metric
 * SLO) read {@code GET /api/v1/slo/{id}/history}.
 */
public final class SloHistoryResponses {

    private static final Pattern SLO_QUERY =
            Pattern.compile("^\\s*slo:\\s*([A-Za-z0-9_-]+)\\s*(?::\\s*(sli|good|bad|total)\\s*)?$", Pattern.CASE_INSENSITIVE);

    /** What an {@code slo:} query asks. */
    public enum Part { SLI, GOOD, BAD, TOTAL }

    /** An {@code slo:} query, parsed. */
    public record SloQuery(String id, Part part) {
    }

    private SloHistoryResponses() {
    }

    /** The SLO id and part of an {@code slo:<id>[:part]} query, or empty for a metric query. */
    public static Optional<SloQuery> parse(String query) {
        Matcher m = SLO_QUERY.matcher(query);
        if (!m.matches()) {
            return Optional.empty();
        }
        Part part = m.group(2) == null ? Part.SLI : Part.valueOf(m.group(2).toUpperCase(Locale.ROOT));
        return Optional.of(new SloQuery(m.group(1), part));
    }

    /** Reads a history body for {@code slo}. */
    public static Measurement read(JsonNode body, SloQuery slo, MetricQuery query) {
        Optional<String> error = DatadogErrors.of(body);
        if (error.isPresent()) {
            return Measurement.failed("Datadog SLO " + slo.id() + ": " + error.get());
        }
        JsonNode data = body == null ? null : body.get("data");
        if (data == null || !data.isObject()) {
            return Measurement.failed("Datadog SLO " + slo.id() + ": the history has no 'data'");
        }
        boolean events = query.kind() != MetricQuery.Kind.VALUE;
        if (events && slo.part() == Part.SLI) {
            return Measurement.failed("query 'slo:" + slo.id() + "' gives the SLI; a ratio needs event counts: write "
                    + "slo:" + slo.id() + ":good (or :bad) and slo:" + slo.id() + ":total");
        }
        if (!events && slo.part() != Part.SLI) {
            return Measurement.failed("query '" + query.query() + "' counts events; a threshold reads the SLI: write slo:"
                    + slo.id());
        }
        JsonNode overall = data.path("overall");
        String noDataReason = noDataReason(overall);
        if (!events) {
            JsonNode sli = overall.get("sli_value");
            if (sli == null || !sli.isNumber()) {
                return Measurement.noData("Datadog SLO " + slo.id() + " has no SLI value" + noDataReason);
            }
            return Measurement.of(Quantity.of(sli.asDouble(), Unit.PERCENT));
        }
        JsonNode numerator = data.path("series").path("numerator").get("sum");
        JsonNode denominator = data.path("series").path("denominator").get("sum");
        if (numerator == null || denominator == null || !numerator.isNumber() || !denominator.isNumber()) {
            return Measurement.noData("Datadog SLO " + slo.id() + " has no event counts (is it a metric SLO?)"
                    + noDataReason);
        }
        double good = numerator.asDouble();
        double total = denominator.asDouble();
        double value = switch (slo.part()) {
            case GOOD -> good;
            case TOTAL -> total;
            case BAD -> Math.max(0, total - good);
            case SLI -> throw new IllegalStateException();
        };
        return Measurement.of(value, Unit.NUMBER);
    }

    private static String noDataReason(JsonNode overall) {
        StringBuilder reason = new StringBuilder();
        JsonNode state = overall.get("state");
        if (state != null && state.isTextual()) {
            reason.append(" (state ").append(state.asText());
        }
        Optional<String> errors = DatadogErrors.of(overall);
        if (errors.isPresent()) {
            reason.append(reason.length() == 0 ? " (" : ": ").append(errors.get());
        }
        if (reason.length() > 0) {
            reason.append(')');
        }
        return reason.toString();
    }
}
