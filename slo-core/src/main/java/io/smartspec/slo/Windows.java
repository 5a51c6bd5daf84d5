package io.smartspec.slo;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Time windows as written in specs and in Prometheus: {@code 5m}, {@code 1h}, {@code 30d}, {@code 4w}.
 *
 * @since 0.1.0
 */
public final class Windows {

    /** The windows accepted in specs, for error messages. */
    public static final String ACCEPTED = "a number followed by s, m, h, d or w (e.g. 5m, 1h, 30d, 4w)";

    private static final Pattern WINDOW = Pattern.compile("^(\\d+)\\s*(s|m|min|h|d|w|days?|hours?|weeks?)$");

    private Windows() {
    }

    public static Duration days(long days) {
        return Duration.ofDays(days);
    }

    public static Duration hours(long hours) {
        return Duration.ofHours(hours);
    }

    public static Duration minutes(long minutes) {
        return Duration.ofMinutes(minutes);
    }

    /**
     * Parses {@code 30d}, {@code 6h}, {@code 5m}, {@code 4w}, {@code 30 days}.
     *
     * @throws IllegalArgumentException naming the value and what is accepted
     */
    public static Duration parse(String text) {
        String s = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher m = WINDOW.matcher(s);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("window '" + (text == null ? "" : text.trim())
                    + "' is not valid; expected " + ACCEPTED);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m", "min" -> Duration.ofMinutes(n);
            case "h", "hour", "hours" -> Duration.ofHours(n);
            case "d", "day", "days" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    /** Formats a window in the largest unit that divides it, Prometheus style: {@code 30d}, {@code 90m}. */
    public static String format(Duration window) {
        long s = window.getSeconds();
        if (s > 0 && s % 604800 == 0 && s / 604800 < 5 && s % 86400 != 0) {
            return (s / 604800) + "w";
        }
        if (s > 0 && s % 86400 == 0) {
            return (s / 86400) + "d";
        }
        if (s > 0 && s % 3600 == 0) {
            return (s / 3600) + "h";
        }
        if (s > 0 && s % 60 == 0) {
            return (s / 60) + "m";
        }
        return s + "s";
    }
}
