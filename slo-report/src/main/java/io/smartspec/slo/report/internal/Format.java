package io.smartspec.slo.report.internal;

import io.smartspec.slo.Quantity;

import java.time.Duration;

/** Number and duration formats shared by the renderers. */
public final class Format {

    private Format() {
    }

    /** {@code 99.95%}; {@code n/a} for NaN. */
    public static String percent(double fraction) {
        if (Double.isNaN(fraction)) {
            return "n/a";
        }
        if (Double.isInfinite(fraction)) {
            return fraction > 0 ? "∞%" : "-∞%";
        }
        return Quantity.formatNumber(Math.round(fraction * 100_000d) / 1000d) + "%";
    }

    /** {@code +1.25 pp}; {@code n/a} for NaN. */
    public static String points(double points) {
        if (Double.isNaN(points)) {
            return "n/a";
        }
        return (points > 0 ? "+" : "") + Quantity.formatNumber(Math.round(points * 100d) / 100d) + " pp";
    }

    /** {@code 2h 5m}, {@code 45s}, {@code 3d 4h}. */
    public static String duration(Duration d) {
        long s = d.getSeconds();
        if (s == 0) {
            return "0s";
        }
        long days = s / 86400;
        long h = s % 86400 / 3600;
        long m = s % 3600 / 60;
        long sec = s % 60;
        StringBuilder b = new StringBuilder();
        if (days > 0) {
            b.append(days).append("d ");
        }
        if (h > 0) {
            b.append(h).append("h ");
        }
        if (m > 0) {
            b.append(m).append("m ");
        }
        if (sec > 0 && days == 0) {
            b.append(sec).append("s ");
        }
        return b.toString().trim();
    }

    /** A number, or {@code n/a} for NaN. */
    public static String number(double v) {
        return Double.isNaN(v) ? "n/a" : Quantity.formatNumber(v);
    }
}
