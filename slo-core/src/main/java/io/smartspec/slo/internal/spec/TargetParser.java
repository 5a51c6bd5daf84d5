package io.smartspec.slo.internal.spec;

import io.smartspec.slo.Objective;
import io.smartspec.slo.Operator;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Unit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Target cell: a comparison ({@code <, <=, ≤, >, >=, ≥}) and a number with a unit, with or
 * without spaces. Errors say what is wrong with the cell and what would be accepted; the caller adds
 * the file, the line and the row.
 */
final class TargetParser {

    static final String EXAMPLES = "e.g. < 200ms, >= 99.9%, < 1000 rps";

    private static final String COMPARISON_CHARS = "<>=≤≥!≠";
    private static final Pattern NUMBER_AND_UNIT =
            Pattern.compile("^([+-]?(?:\\d[\\d,]*(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?)\\s*([^\\d\\s].*)?$");
    private static final Pattern THOUSANDS = Pattern.compile("^[+-]?\\d{1,3}(,\\d{3})+(\\.\\d*)?$");
    private static final Pattern DECIMAL_COMMA = Pattern.compile("^[+-]?\\d+,\\d+$");

    private TargetParser() {
    }

    /**
     * @param column the header of the target column as written ({@code Target}, {@code SLO})
     * @param cell   the cell's text
     * @throws IllegalArgumentException with a message that starts with the column and the cell
     */
    static Objective parse(String column, String cell) {
        String s = cell.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException(column + " is empty; expected a comparison and a number with a unit, "
                    + EXAMPLES);
        }
        String what = column + " '" + s + "'";
        int i = 0;
        while (i < s.length() && COMPARISON_CHARS.indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        String op = s.substring(0, i);
        if (op.isEmpty()) {
            boolean isQuantity = NUMBER_AND_UNIT.matcher(s).matches();
            throw new IllegalArgumentException(what + " does not start with a comparison; expected one of "
                    + Operator.ACCEPTED + " and a number with a unit, "
                    + (isQuantity ? "e.g. '< " + s + "' or '>= " + s + "'" : EXAMPLES));
        }
        Operator operator = Operator.parse(op).orElseThrow(() -> new IllegalArgumentException(
                what + ": comparison '" + op + "' is unknown; expected one of " + Operator.ACCEPTED));
        String value = s.substring(i).trim();
        if (value.isEmpty()) {
            throw new IllegalArgumentException(what + " has no value after '" + op
                    + "'; expected a number with a unit, e.g. " + op + " 200ms");
        }
        Parsed parsed = quantity(what, value);
        Quantity bound = parsed.quantity();
        if (bound.value() < 0) {
            throw new IllegalArgumentException(what + ": " + bound + " is negative; expected a value of 0 or more");
        }
        if (bound.unit() == Unit.PERCENT && bound.value() > 100) {
            throw new IllegalArgumentException(what + ": " + bound
                    + " is more than 100%; expected a percentage between 0% and 100%");
        }
        Objective objective = Objective.of(operator, bound);
        objective.impossibility().ifPresent(why -> {
            throw new IllegalArgumentException(what + ": " + (parsed.inexact() ? "'" + parsed.literal()
                    + "' has more digits than a number holds and reads as " + Quantity.formatNumber(bound.value())
                    + "; " : "") + why + "; expected an objective that some values meet and others miss");
        });
        return objective;
    }

    /** A parsed quantity, the number as written, and whether the number is not exactly what was written. */
    private record Parsed(Quantity quantity, String literal, boolean inexact) {
    }

    private static Parsed quantity(String what, String value) {
        Matcher m = NUMBER_AND_UNIT.matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException(what + ": '" + value
                    + "' is not a number with a unit; expected e.g. 200ms, 0.2 s, 99.9%, 1000 rps");
        }
        String number = m.group(1);
        if (THOUSANDS.matcher(number).matches()) {
            number = number.replace(",", "");
        } else if (DECIMAL_COMMA.matcher(number).matches()) {
            number = number.replace(',', '.');
        } else if (number.indexOf(',') >= 0) {
            throw new IllegalArgumentException(what + ": '" + number
                    + "' is not a number; expected e.g. 1000, 1,000 or 99.9");
        }
        String unitText = m.group(2) == null ? "" : m.group(2).trim();
        Unit unit = Unit.parse(unitText).orElseThrow(() -> new IllegalArgumentException(
                what + ": unit '" + unitText + "' is unknown; accepted: " + Unit.ACCEPTED));
        double d = Double.parseDouble(number);
        boolean inexact = Double.isFinite(d)
                && new java.math.BigDecimal(number).compareTo(java.math.BigDecimal.valueOf(d)) != 0;
        return new Parsed(Quantity.of(d, unit), number, inexact);
    }
}
