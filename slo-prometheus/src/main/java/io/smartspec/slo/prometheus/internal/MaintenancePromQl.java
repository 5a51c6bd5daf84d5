package io.smartspec.slo.prometheus.internal;

import io.smartspec.slo.CronSchedule;
import io.smartspec.slo.MaintenanceWindow;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;

/**
 * Maintenance windows as PromQL: a scalar expression of a time {@code T} that is above 0 exactly when
 * a window is in force at {@code T}, as {@link MaintenanceWindow#isActiveAt} says.
 *
 * <ul>
 *   <li>an explicit window {@code [a, b)}: {@code (T >= bool a) * (T < bool b)};</li>
 *   <li>a weekly window: the zone's wall clock {@code L = T + offset(T)}, where the offset is the zone's
 *       standard offset plus its changes as steps ({@code d * (T >= bool t)}) for every change of the
 *       clocks from {@value #FIRST_YEAR} to {@value #LAST_YEAR} (PromQL knows no time zones); for each weekly start
 *       {@code S} (seconds after Monday 00:00) and duration {@code D}:
 *       {@code ((L - 345600 - S) % 604800 < bool D)}, 345600 being Monday 1970-01-05 00:00.</li>
 * </ul>
 * Outside those years a zone with daylight saving time keeps the offset of the last change: regenerate
 * the rules before 2040.
 */
public final class MaintenancePromQl {

    public static final int FIRST_YEAR = 2020;
    public static final int LAST_YEAR = 2039;
    private static final Instant FROM = Instant.parse(FIRST_YEAR + "-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse((LAST_YEAR + 1) + "-01-01T00:00:00Z");

    private MaintenancePromQl() {
    }

    /** A scalar expression, above 0 when one of the windows is in force at {@code time} (a scalar expression). */
    public static String active(List<MaintenanceWindow> windows, String time) {
        List<String> terms = new ArrayList<>();
        for (MaintenanceWindow w : windows) {
            if (w instanceof MaintenanceWindow.Explicit e) {
                terms.add("(" + time + " >= bool " + seconds(e.from()) + ") * (" + time + " < bool " + seconds(e.to())
                        + ")");
            } else {
                MaintenanceWindow.Recurring r = (MaintenanceWindow.Recurring) w;
                String wallClock = "(" + time + " + " + offset(r.zone(), time) + ")";
                for (int s : r.starts().weeklyStarts()) {
                    terms.add("((" + wallClock + " - " + (MaintenanceWindow.Recurring.FIRST_MONDAY + s) + ") % "
                            + CronSchedule.SECONDS_PER_WEEK + " < bool " + r.duration().getSeconds() + ")");
                }
            }
        }
        return terms.isEmpty() ? "0" : "(" + String.join(" + ", terms) + ")";
    }

    /** A 0/1 vector without labels: 1 when a window is in force at {@code time}. */
    public static String activeVector(List<MaintenanceWindow> windows, String time) {
        return "clamp_max(vector(" + active(windows, time) + "), 1)";
    }

    /** The zone's offset at {@code time} in seconds, as the standard offset plus the steps of each change. */
    static String offset(ZoneId zone, String time) {
        ZoneRules rules = zone.getRules();
        StringBuilder s = new StringBuilder("(").append(rules.getOffset(FROM).getTotalSeconds());
        ZoneOffsetTransition t = rules.nextTransition(FROM);
        while (t != null && t.getInstant().isBefore(TO)) {
            int step = t.getOffsetAfter().getTotalSeconds() - t.getOffsetBefore().getTotalSeconds();
            s.append(step < 0 ? " - " : " + ").append(Math.abs(step)).append(" * (").append(time)
                    .append(" >= bool ").append(t.getInstant().getEpochSecond()).append(")");
            t = rules.nextTransition(t.getInstant());
        }
        return s.append(")").toString();
    }

    private static String seconds(Instant i) {
        return i.getNano() == 0 ? Long.toString(i.getEpochSecond())
                : PromQl.number(i.getEpochSecond() + i.getNano() / 1e9);
    }
}
