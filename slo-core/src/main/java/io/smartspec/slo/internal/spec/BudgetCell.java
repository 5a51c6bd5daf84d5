package io.smartspec.slo.internal.spec;

import io.smartspec.slo.Quantity;
import io.smartspec.slo.Unit;
import io.smartspec.slo.Windows;
import io.smartspec.slo.spec.NfrRow;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Budget cell of an NFR row: {@code occurrences} (the default: events), {@code 99% of 1m slices} (time
 * slices: a slice is good when it meets the row's Target, and 99% of the slices must be good) or
 * {@code mean of 5m slices} (a ratio's SLI is the mean of its slices' ratios).
 */
final class BudgetCell {

    static final String ACCEPTED = "occurrences, '<share> of <slice> slices' (e.g. 99% of 1m slices) or "
            + "'mean of <slice> slices' (e.g. mean of 5m slices)";

    private static final Pattern SHARE = Pattern.compile("(?i)(.+?)\\s+of\\s+(\\S+)\\s+(?:time\\s*)?slices?");
    private static final Pattern MEAN = Pattern.compile("(?i)mean\\s+of\\s+(\\S+)\\s+(?:time\\s*)?slices?");

    private BudgetCell() {
    }

    /**
     * Empty for {@code occurrences}.
     *
     * @throws IllegalArgumentException with the end of a sentence that starts with the cell's text
     */
    static Optional<NfrRow.Budget> parse(String text) {
        String s = text.trim();
        if (s.toLowerCase(Locale.ROOT).equals("occurrences") || s.toLowerCase(Locale.ROOT).equals("events")) {
            return Optional.empty();
        }
        Matcher mean = MEAN.matcher(s);
        if (mean.matches()) {
            return Optional.of(new NfrRow.Budget(slice(mean.group(1)), Optional.empty()));
        }
        Matcher share = SHARE.matcher(s);
        if (!share.matches()) {
            throw new IllegalArgumentException("is not a budgeting method; expected " + ACCEPTED);
        }
        Quantity q;
        try {
            q = Quantity.parse(share.group(1).trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("has no share of slices: '" + share.group(1).trim()
                    + "' is not a percentage; expected " + ACCEPTED);
        }
        if (q.dimension() != Unit.Dimension.RATIO || !(q.canonicalValue() > 0 && q.canonicalValue() < 1)) {
            throw new IllegalArgumentException("has no share of slices: '" + share.group(1).trim()
                    + "' must be a percentage between 0% and 100% (exclusive), e.g. 99% of 1m slices");
        }
        return Optional.of(new NfrRow.Budget(slice(share.group(2)), Optional.of(q)));
    }

    private static Duration slice(String text) {
        Duration d;
        try {
            d = Windows.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("has no slice length: '" + text + "' is not a duration; expected "
                    + Windows.ACCEPTED);
        }
        return d;
    }
}
