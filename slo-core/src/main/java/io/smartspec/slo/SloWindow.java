package io.smartspec.slo;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time over which an SLO is judged and its error budget is counted: exactly one of a {@link Rolling}
 * window (the last 30 days, always) or a {@link Calendar} period (this month, in a time zone) that starts
 * afresh — with a full budget — at its boundary.
 *
 * <pre>{@code
 * Slo.named("availability").ratio(...).target(percent(99.9)).over(days(30));                 // rolling
 * Slo.named("availability").ratio(...).target(percent(99.9)).over(calendarMonth(berlin));    // calendar
 * }</pre>
 *
 * <p>A calendar period starts at midnight of its first day in its zone ({@link CalendarPeriod}), so its
 * length in hours follows the zone: March 2026 in Europe/Berlin has 743 hours (the clocks go forward on the
 * 29th), October 745, February 2028 has 29 days.
 *
 * @since 0.1.0
 */
public sealed interface SloWindow permits SloWindow.Rolling, SloWindow.Calendar {

    /** The windows accepted in specs, for error messages. */
    String ACCEPTED = "a rolling window (" + Windows.ACCEPTED + ") or a calendar period ("
            + CalendarPeriod.ACCEPTED + ")";

    /** The period this window covers as of {@code at}: the last {@code length}, or the calendar period of {@code at}. */
    Interval periodAt(Instant at);

    /**
     * How much of the window lies before {@code at}, which the SLI and the budget are counted over: the
     * rolling length, or the time since the calendar period began (zero at its first instant).
     */
    default Duration elapsedAt(Instant at) {
        Interval p = periodAt(at);
        return Duration.between(p.start(), at.isBefore(p.end()) ? at : p.end());
    }

    /**
     * The whole period's length as of {@code at} — what burn-rate factors are scaled to: the rolling length,
     * or the calendar period's length in its zone (743 hours for March 2026 in Europe/Berlin).
     */
    default Duration lengthAt(Instant at) {
        return periodAt(at).length();
    }

    /** {@code 30d}, {@code calendar month (Europe/Berlin)}: parseable by {@link #parse(String, ZoneId)}. */
    String describe();

    /** A rolling window of this length, e.g. {@code rolling(days(30))}. */
    static Rolling rolling(Duration length) {
        return new Rolling(length);
    }

    /** This calendar period in {@code zone}. */
    static Calendar calendar(CalendarPeriod period, ZoneId zone) {
        return new Calendar(period, zone);
    }

    /** The calendar month in {@code zone}, from midnight of the 1st. */
    static Calendar calendarMonth(ZoneId zone) {
        return new Calendar(CalendarPeriod.MONTH, zone);
    }

    /** The calendar week (Monday to Sunday) in {@code zone}. */
    static Calendar calendarWeek(ZoneId zone) {
        return new Calendar(CalendarPeriod.WEEK, zone);
    }

    /** The calendar quarter (from January, April, July, October 1st) in {@code zone}. */
    static Calendar calendarQuarter(ZoneId zone) {
        return new Calendar(CalendarPeriod.QUARTER, zone);
    }

    /**
     * Reads a window as written in a spec: {@code 30d}, {@code 4w}, {@code calendar month}, {@code calendar week},
     * {@code calendar quarter}, optionally with its zone: {@code calendar month (Europe/Berlin)}. A calendar period
     * without a zone is in {@code zone}.
     *
     * @throws IllegalArgumentException naming the value and what is accepted
     */
    static SloWindow parse(String text, ZoneId zone) {
        String s = text == null ? "" : text.trim();
        // calendar <period> [(<zone>)], any case
        Matcher m = Pattern.compile("(?i)calendar\\s+([a-z]+)\\s*(?:\\(([^()]*)\\))?").matcher(s);
        if (m.matches()) {
            CalendarPeriod period = CalendarPeriod.parse(m.group(1)).orElseThrow(() -> new IllegalArgumentException(
                    "window '" + s + "' is not valid: '" + m.group(1) + "' is not a calendar period; expected "
                            + CalendarPeriod.ACCEPTED));
            ZoneId z = zone;
            if (m.group(2) != null) {
                try {
                    z = ZoneId.of(m.group(2).trim());
                } catch (DateTimeException e) {
                    throw new IllegalArgumentException("window '" + s + "' is not valid: time zone '"
                            + m.group(2).trim() + "' is unknown; expected a region such as Europe/Berlin or UTC");
                }
            }
            return new Calendar(period, z);
        }
        try {
            return new Rolling(Windows.parse(s));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("window '" + s + "' is not valid; expected " + ACCEPTED);
        }
    }

    /** A span of time: from {@code start} (inclusive) to {@code end} (exclusive). */
    record Interval(Instant start, Instant end) {
        public Interval {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("interval: end " + end + " must be after start " + start);
            }
        }

        public Duration length() {
            return Duration.between(start, end);
        }
    }

    /** The last {@code length} before each instant, e.g. the last 30 days. */
    record Rolling(Duration length) implements SloWindow {
        public Rolling {
            Objects.requireNonNull(length, "length");
            if (length.isNegative() || length.isZero()) {
                throw new IllegalArgumentException("window: " + length + " must be positive");
            }
        }

        @Override
        public Interval periodAt(Instant at) {
            return new Interval(at.minus(length), at);
        }

        @Override
        public String describe() {
            return Windows.format(length);
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /** A calendar period in a time zone: it begins at midnight of its first day, with a full budget. */
    record Calendar(CalendarPeriod period, ZoneId zone) implements SloWindow {
        public Calendar {
            Objects.requireNonNull(period, "period");
            // UTC is UTC however it was named (ZoneOffset.UTC, ZoneId.of("UTC"), Etc/UTC)
            zone = Objects.requireNonNull(zone, "zone").normalized();
        }

        /** The calendar period of {@code at}, in this window's zone. */
        @Override
        public Interval periodAt(Instant at) {
            LocalDate first = period.firstDay(at.atZone(zone).toLocalDate());
            // atStartOfDay(zone): the first valid instant of the day, also where a DST gap swallows midnight
            return new Interval(first.atStartOfDay(zone).toInstant(),
                    period.next(first).atStartOfDay(zone).toInstant());
        }

        @Override
        public String describe() {
            return "calendar " + period.word() + " (" + zoneName() + ")";
        }

        /** {@code calendar month (Europe/Berlin), since 2026-11-01}: the window and the start of the period of {@code at}. */
        public String describeAt(Instant at) {
            return describe() + ", since " + periodAt(at).start().atZone(zone).toLocalDate();
        }

        private String zoneName() {
            return zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
        }

        @Override
        public String toString() {
            return describe();
        }
    }
}
