package io.smartspec.slo.report;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Objects;

/**
 * The span a report covers, {@code [from, to)}, with the zone its calendar is read in. A day starts at
 * the zone's midnight (a DST day is 23 or 25 hours long), a week is an ISO week (Monday to Monday),
 * a month is a calendar month.
 *
 * <pre>{@code
 * ReportPeriod.day(LocalDate.of(2026, 3, 29), ZoneId.of("Europe/Berlin"));   // 23 hours
 * ReportPeriod.isoWeek(2026, 13, zone);
 * ReportPeriod.month(YearMonth.of(2026, 3), zone);
 * ReportPeriod.lastComplete(ReportPeriod.Kind.MONTHLY, zone, Instant.now());
 * }</pre>
 *
 * @param kind  daily, weekly, monthly or custom
 * @param from  the first instant
 * @param to    the end, exclusive
 * @param zone  the zone the calendar is read in
 * @param label {@code 2026-03-29}, {@code 2026-W13}, {@code 2026-03} or {@code 2026-03-01..2026-03-15}
 * @since 0.1.0
 */
public record ReportPeriod(Kind kind, Instant from, Instant to, ZoneId zone, String label) {

    /** The kind of a period. */
    public enum Kind { DAILY, WEEKLY, MONTHLY, CUSTOM }

    public ReportPeriod {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(label, "label");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("report period '" + label + "': from (" + from
                    + ") must be before to (" + to + ")");
        }
    }

    public static ReportPeriod day(LocalDate day, ZoneId zone) {
        return new ReportPeriod(Kind.DAILY, start(day, zone), start(day.plusDays(1), zone), zone, day.toString());
    }

    /** The ISO week that contains {@code anyDay}. */
    public static ReportPeriod isoWeek(LocalDate anyDay, ZoneId zone) {
        LocalDate monday = anyDay.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        String label = String.format(Locale.ROOT, "%d-W%02d", monday.get(IsoFields.WEEK_BASED_YEAR),
                monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        return new ReportPeriod(Kind.WEEKLY, start(monday, zone), start(monday.plusWeeks(1), zone), zone, label);
    }

    /** ISO week {@code week} of the week-based year {@code year} ({@code 2026-W13}). */
    public static ReportPeriod isoWeek(int weekBasedYear, int week, ZoneId zone) {
        LocalDate d = LocalDate.of(weekBasedYear, 6, 1).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
                .with(DayOfWeek.MONDAY);
        return isoWeek(d, zone);
    }

    public static ReportPeriod month(YearMonth month, ZoneId zone) {
        return new ReportPeriod(Kind.MONTHLY, start(month.atDay(1), zone), start(month.plusMonths(1).atDay(1), zone),
                zone, month.toString());
    }

    /** Any span of days: from the start of {@code first} to the end of {@code last}, inclusive. */
    public static ReportPeriod days(LocalDate first, LocalDate last, ZoneId zone) {
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("report period " + first + ".." + last + ": the last day is before the first");
        }
        return new ReportPeriod(Kind.CUSTOM, start(first, zone), start(last.plusDays(1), zone), zone,
                first + ".." + last);
    }

    /** Any span of time {@code [from, to)}. */
    public static ReportPeriod between(Instant from, Instant to, ZoneId zone) {
        return new ReportPeriod(Kind.CUSTOM, from, to, zone, from + ".." + to);
    }

    /** The last period of a kind that has ended at {@code now}: yesterday, last week, last month. */
    public static ReportPeriod lastComplete(Kind kind, ZoneId zone, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        return switch (kind) {
            case DAILY -> day(today.minusDays(1), zone);
            case WEEKLY -> isoWeek(today.minusWeeks(1), zone);
            case MONTHLY -> month(YearMonth.from(today).minusMonths(1), zone);
            case CUSTOM -> throw new IllegalArgumentException("a custom period has no last complete period; "
                    + "expected DAILY, WEEKLY or MONTHLY");
        };
    }

    /**
     * Parses what a command line gives: {@code daily}, {@code weekly}, {@code monthly} (the last complete
     * one at {@code now}), {@code 2026-03-29}, {@code 2026-W13}, {@code 2026-03} or
     * {@code 2026-03-01..2026-03-15} or ISO instants {@code 2026-03-01T12:00:00Z..2026-03-02T12:00:00Z}.
     *
     * @throws IllegalArgumentException naming the value and what is accepted
     */
    public static ReportPeriod parse(String text, ZoneId zone, Instant now) {
        String s = text == null ? "" : text.trim();
        try {
            switch (s.toLowerCase(Locale.ROOT)) {
                case "daily", "day" -> {
                    return lastComplete(Kind.DAILY, zone, now);
                }
                case "weekly", "week" -> {
                    return lastComplete(Kind.WEEKLY, zone, now);
                }
                case "monthly", "month" -> {
                    return lastComplete(Kind.MONTHLY, zone, now);
                }
                default -> {
                }
            }
            if (s.contains("..")) {
                String[] parts = s.split("\\.\\.", -1);
                if (parts.length == 2 && parts[0].contains("T") && parts[1].contains("T")) {
                    return between(Instant.parse(parts[0].trim()), Instant.parse(parts[1].trim()), zone);
                }
                if (parts.length == 2) {
                    return days(LocalDate.parse(parts[0].trim()), LocalDate.parse(parts[1].trim()), zone);
                }
            } else if (s.matches("\\d{4}-W\\d{2}")) {
                int week = Integer.parseInt(s.substring(6));
                if (week >= 1 && week <= 53) {
                    return isoWeek(Integer.parseInt(s.substring(0, 4)), week, zone);
                }
            } else if (s.matches("\\d{4}-\\d{2}")) {
                return month(YearMonth.parse(s), zone);
            } else if (s.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return day(LocalDate.parse(s), zone);
            }
        } catch (java.time.DateTimeException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("period '" + s + "' is not valid; expected daily, weekly, monthly, a day "
                + "(2026-03-29), an ISO week (2026-W13), a month (2026-03) or FROM..TO days (2026-03-01..2026-03-15) or instants "
                + "(2026-03-01T12:00:00Z..2026-03-02T12:00:00Z)");
    }

    /** The period of the same kind just before this one (for a custom period: the same length before). */
    public ReportPeriod previous() {
        LocalDate first = LocalDate.ofInstant(from, zone);
        return switch (kind) {
            case DAILY -> day(first.minusDays(1), zone);
            case WEEKLY -> isoWeek(first.minusWeeks(1), zone);
            case MONTHLY -> month(YearMonth.from(first).minusMonths(1), zone);
            case CUSTOM -> {
                Duration length = length();
                yield new ReportPeriod(Kind.CUSTOM, from.minus(length), from, zone,
                        "previous " + label);
            }
        };
    }

    public Duration length() {
        return Duration.between(from, to);
    }

    public boolean contains(Instant instant) {
        return !instant.isBefore(from) && instant.isBefore(to);
    }

    /** The local date-time of {@code from} in the period's zone. */
    public LocalDateTime localFrom() {
        return LocalDateTime.ofInstant(from, zone);
    }

    private static Instant start(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).toInstant();
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + " " + label + " (" + zone + ")";
    }
}
