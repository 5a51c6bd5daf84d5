package io.smartspec.slo.examples.readme;

import io.smartspec.slo.CronSchedule;
import io.smartspec.slo.MaintenanceCalendar;
import io.smartspec.slo.MaintenanceWindow;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.monitor.SloMonitor;
import io.smartspec.slo.source.MetricSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** The README's maintenance snippet, compiled and run by the examples' tests. */
public final class MaintenanceExample {

    private MaintenanceExample() {
    }

    /** A monitor of the checkout's SLOs that honours a weekly window and a deploy announced in code. */
    public static SloMonitor monitorWithMaintenance(SloSet slos, MetricSource source, Clock clock) {
        // tag::maintenance[]
        MaintenanceCalendar maintenance = MaintenanceCalendar.create()
                .add("checkout", MaintenanceWindow.every(CronSchedule.parse("0 2 * * SUN"), Duration.ofHours(2),
                        ZoneId.of("Europe/Berlin"), "weekly database upkeep"));
        SloMonitor monitor = SloMonitor.builder()
                .slos(slos, source)
                .clock(clock)
                .maintenance(maintenance) // forSpec(spec) adds the windows of observability.yaml itself
                .build();
        // a deploy, announced while the monitor runs: no breach fires for 30 minutes, its errors leave the budget
        Instant now = clock.instant();
        maintenance.add("checkout", MaintenanceWindow.between(now, now.plus(Duration.ofMinutes(30)), "deploy of 4.2"));
        // end::maintenance[]
        return monitor;
    }
}
