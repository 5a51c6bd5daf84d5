package io.smartspec.slo;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/**
 * When a recurring maintenance window starts: a five-field cron expression ({@code minute hour
 * day-of-month month day-of-week}) of which the library reads the weekly subset — {@code 0 2 * * SUN}
 * (Sundays at 02:00), {@code 30 1 * * MON-FRI}, {@code 0 0,12 * * *}. Minute and hour take a number, a
 * range {@code a-b}, a list {@code a,b}, {@code *} and a step {@code 0/15} or {@code 8-18/2}; the
 * day of the week takes 0-7 (0 and 7 are Sunday) or MON..SUN, ranges and lists; day of month and month
 * must be {@code *}. That subset is what a weekly clock can say, and so what Prometheus rules can say
 * exactly ({@code io.smartspec.slo.prometheus}); a date-bound window is an explicit {@code from}/{@code to}.
 *
 * <p>The starts are read on the wall clock of a zone ({@link MaintenanceWindow.Recurring}).
 *
 * @param expression   the expression as written
 * @param weeklyStarts the starts as seconds after Monday 00:00 (wall clock), ascending
 * @since 0.1.0
 */
public record CronSchedule(String expression, List<Integer> weeklyStarts) {

    /** The most starts a week a schedule may have: one an hour. */
    public static final int MAX_WEEKLY_STARTS = 168;
    public static final int SECONDS_PER_WEEK = 7 * 86_400;

    private static final String ACCEPTED = "expected five fields 'minute hour day-of-month month day-of-week' with "
            + "day-of-month and month '*', e.g. '0 2 * * SUN' or '30 1 * * MON-FRI'";
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final java.util.regex.Pattern DAY_NAME =
            java.util.regex.Pattern.compile("(?<![A-Z])(SUN|MON|TUE|WED|THU|FRI|SAT)(?![A-Z])");

    public CronSchedule {
        Objects.requireNonNull(expression, "expression");
        weeklyStarts = List.copyOf(weeklyStarts);
    }

    /**
     * Reads a cron expression.
     *
     * @throws IllegalArgumentException saying which field is wrong and what is accepted
     */
    public static CronSchedule parse(String expression) {
        Objects.requireNonNull(expression, "expression");
        String[] f = expression.trim().split("\\s+");
        if (f.length != 5) {
            throw new IllegalArgumentException("'" + expression + "' has " + (expression.isBlank() ? 0 : f.length)
                    + " field(s); " + ACCEPTED);
        }
        TreeSet<Integer> minutes = field("minute", f[0], 0, 59);
        TreeSet<Integer> hours = field("hour", f[1], 0, 23);
        if (!f[2].equals("*")) {
            throw new IllegalArgumentException("'" + expression + "': day-of-month '" + f[2] + "' is not supported "
                    + "(only '*'); a window on a date is an explicit from/to");
        }
        if (!f[3].equals("*")) {
            throw new IllegalArgumentException("'" + expression + "': month '" + f[3] + "' is not supported "
                    + "(only '*'); a window on a date is an explicit from/to");
        }
        TreeSet<Integer> days = new TreeSet<>();
        for (int d : field("day-of-week", dayNumbers(f[4]), 0, 7, f[4])) {
            days.add(d % 7); // 0 and 7 are Sunday
        }
        long count = (long) minutes.size() * hours.size() * days.size();
        if (count > MAX_WEEKLY_STARTS) {
            throw new IllegalArgumentException("'" + expression + "' starts " + count + " times a week; at most "
                    + MAX_WEEKLY_STARTS + " (one an hour) are accepted");
        }
        TreeSet<Integer> starts = new TreeSet<>();
        for (int d : days) {
            int mondayBased = (d + 6) % 7; // cron: 0 = Sunday; the week here starts on Monday
            for (int h : hours) {
                for (int m : minutes) {
                    starts.add(mondayBased * 86_400 + h * 3600 + m * 60);
                }
            }
        }
        return new CronSchedule(expression.trim(), new ArrayList<>(starts));
    }

    private static String dayNumbers(String field) {
        java.util.regex.Matcher m = DAY_NAME.matcher(field.toUpperCase(Locale.ROOT));
        StringBuilder numbers = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(numbers, Integer.toString(DAYS.indexOf(m.group(1))));
        }
        m.appendTail(numbers);
        return numbers.toString();
    }

    private static TreeSet<Integer> field(String name, String text, int min, int max) {
        return field(name, text, min, max, text);
    }

    private static TreeSet<Integer> field(String name, String text, int min, int max, String written) {
        try {
            return values(name, text, min, max);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("'" + text + "'", "'" + written + "'"), e);
        }
    }

    private static TreeSet<Integer> values(String name, String text, int min, int max) {
        TreeSet<Integer> values = new TreeSet<>();
        for (String part : text.split(",", -1)) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = number(name, part.substring(slash + 1), 1, max, text);
                range = part.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] ab = range.split("-", -1);
                if (ab.length != 2) {
                    throw bad(name, text, min, max);
                }
                from = number(name, ab[0], min, max, text);
                to = number(name, ab[1], min, max, text);
                if (to < from) {
                    throw new IllegalArgumentException(name + " '" + text + "': the range " + range + " ends before "
                            + "it starts");
                }
            } else {
                from = number(name, range, min, max, text);
                to = slash >= 0 ? max : from;
            }
            for (int v = from; v <= to; v += step) {
                values.add(v);
            }
        }
        return values;
    }

    private static int number(String name, String text, int min, int max, String field) {
        try {
            int v = Integer.parseInt(text);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw bad(name, field, min, max);
    }

    private static IllegalArgumentException bad(String name, String field, int min, int max) {
        return new IllegalArgumentException(name + " '" + field + "' is not understood; expected " + min + "-" + max
                + (name.equals("day-of-week") ? " or MON..SUN" : "") + ", a range a-b, a list a,b, '*' or a step */n");
    }

    /** The day of a weekly start. */
    public static DayOfWeek dayOf(int weeklyStart) {
        return DayOfWeek.of(weeklyStart / 86_400 + 1);
    }

    @Override
    public String toString() {
        return expression;
    }
}
