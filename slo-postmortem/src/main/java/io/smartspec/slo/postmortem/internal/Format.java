package io.smartspec.slo.postmortem.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the documents write times, durations and shares, and escape HTML. */
public final class Format {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private Format() {
    }

    /** {@code 2026-11-29 11:02:00} in the zone. */
    public static String time(Instant at, ZoneId zone) {
        return TIME.format(at.atZone(zone));
    }

    /** {@code Europe/Berlin (UTC+01:00 on 2026-11-29)}: the zone a document's times are in. */
    public static String zone(ZoneId zone, Instant at) {
        String offset = at.atZone(zone).getOffset().getId();
        return offset.equals("Z") && (zone.getId().equals("UTC") || zone.getId().equals("Z")) ? "UTC"
                : zone.getId() + " (UTC" + (offset.equals("Z") ? "" : offset) + ")";
    }

    /** {@code 42 s}, {@code 7 min}, {@code 1 h 5 min 30 s}, {@code 2 d 3 h}: to the nearest second; below one, {@code 381 ms}. */
    public static String duration(Duration d) {
        if (d.isNegative()) {
            return "-" + duration(d.negated());
        }
        if (d.getSeconds() == 0 && d.getNano() > 0) {
            return d.toMillis() + " ms";
        }
        // to the nearest second, not cut down: 7.999 s is 8 s
        long s = d.getSeconds() + (d.getNano() >= 500_000_000 ? 1 : 0);
        long days = s / 86400;
        long hours = s % 86400 / 3600;
        long minutes = s % 3600 / 60;
        long seconds = s % 60;
        StringBuilder b = new StringBuilder();
        if (days > 0) {
            b.append(days).append(" d ");
        }
        if (hours > 0) {
            b.append(hours).append(" h ");
        }
        if (minutes > 0) {
            b.append(minutes).append(" min ");
        }
        if (seconds > 0 || b.length() == 0) {
            b.append(seconds).append(" s ");
        }
        return b.toString().trim();
    }

    /** A share as a percentage with up to two decimals: {@code 0.125} is {@code 12.5%}. */
    public static String percent(double share) {
        return new java.math.BigDecimal(share * 100).setScale(2, java.math.RoundingMode.HALF_EVEN)
                .stripTrailingZeros().toPlainString() + "%";
    }

    /** Text safe in HTML element content and attribute values. */
    public static String html(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** Text safe in a Markdown table cell. */
    public static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
