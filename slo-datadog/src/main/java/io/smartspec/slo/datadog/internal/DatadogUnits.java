package io.smartspec.slo.datadog.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Unit;

import java.util.Locale;
import java.util.Optional;

/**
 * Datadog's metric units ({@code "unit": [{"family": "time", "name": "nanosecond", ...}, per_unit]})
 * as {@link Quantity}s. Only units with a meaning for SLOs are mapped: durations, percentages and
 * fractions, and counts per second or minute; others (bytes, hosts) are left to the metric's
 * {@code unit:} in {@code observability.yaml}.
 */
public final class DatadogUnits {

    private DatadogUnits() {
    }

    /** The value in Datadog's unit, or empty when the series has no unit this library understands. */
    public static Optional<Quantity> toQuantity(JsonNode unitNode, double value) {
        if (unitNode == null || !unitNode.isArray() || unitNode.isEmpty()) {
            return Optional.empty();
        }
        String unit = name(unitNode.get(0));
        String per = unitNode.size() > 1 ? name(unitNode.get(1)) : null;
        if (unit == null) {
            return Optional.empty();
        }
        if (per == null) {
            return single(unit, value);
        }
        if (isDuration(unit) || unit.startsWith("percent") || unit.equals("fraction")) {
            return Optional.empty();
        }
        return switch (per) {
            case "second" -> Optional.of(Quantity.of(value, Unit.PER_SECOND));
            case "minute" -> Optional.of(Quantity.of(value, Unit.PER_MINUTE));
            case "hour" -> Optional.of(Quantity.of(value / 3600, Unit.PER_SECOND));
            default -> Optional.empty();
        };
    }

    private static Optional<Quantity> single(String unit, double value) {
        return Optional.ofNullable(switch (unit) {
            case "nanosecond" -> Quantity.of(value, Unit.NANOSECONDS);
            case "microsecond" -> Quantity.of(value, Unit.MICROSECONDS);
            case "millisecond" -> Quantity.of(value, Unit.MILLISECONDS);
            case "second" -> Quantity.of(value, Unit.SECONDS);
            case "minute" -> Quantity.of(value, Unit.MINUTES);
            case "hour" -> Quantity.of(value, Unit.HOURS);
            case "day" -> Quantity.of(value * 24, Unit.HOURS);
            case "week" -> Quantity.of(value * 24 * 7, Unit.HOURS);
            case "percent" -> Quantity.of(value, Unit.PERCENT);
            case "percent_nano" -> Quantity.of(value * 1e-9, Unit.PERCENT);
            case "fraction" -> Quantity.of(value, Unit.FRACTION);
            default -> null;
        });
    }

    private static boolean isDuration(String unit) {
        return single(unit, 1).map(q -> q.dimension() == Unit.Dimension.DURATION).orElse(false);
    }

    private static String name(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode name = node.get("name");
        return name == null || !name.isTextual() ? null : name.asText().trim().toLowerCase(Locale.ROOT);
    }
}
