package io.smartspec.slo;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;

/**
 * The length of a calendar {@link SloWindow}: a day, a week (Monday to Sunday, ISO 8601), a month, a quarter
 * (January, April, July, October) or a year, each starting at midnight in the window's time zone.
 *
 * @since 0.1.0
 */
public enum CalendarPeriod {
    DAY, WEEK, MONTH, QUARTER, YEAR;

    /** The periods as written in specs, for error messages. */
    public static final String ACCEPTED = "calendar day, calendar week, calendar month, calendar quarter or "
            + "calendar year";

    /** The first day of the period that holds {@code date}. */
    public LocalDate firstDay(LocalDate date) {
        return switch (this) {
            case DAY -> date;
            case WEEK -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> date.withDayOfMonth(1);
            case QUARTER -> date.with(IsoFields.DAY_OF_QUARTER, 1);
            case YEAR -> date.withDayOfYear(1);
        };
    }

    /** The first day of the period after the one that starts on {@code firstDay}. */
    public LocalDate next(LocalDate firstDay) {
        return switch (this) {
            case DAY -> firstDay.plusDays(1);
            case WEEK -> firstDay.plusWeeks(1);
            case MONTH -> firstDay.plusMonths(1);
            case QUARTER -> firstDay.plusMonths(3);
            case YEAR -> firstDay.plusYears(1);
        };
    }

    /** {@code month}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code month}, {@code Month}, {@code monthly}; empty when it is none of the periods. */
    public static Optional<CalendarPeriod> parse(String word) {
        String w = word == null ? "" : word.trim().toLowerCase(Locale.ROOT);
        for (CalendarPeriod p : values()) {
            if (w.equals(p.word()) || w.equals(p.word() + "ly") || (p == DAY && w.equals("daily"))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
