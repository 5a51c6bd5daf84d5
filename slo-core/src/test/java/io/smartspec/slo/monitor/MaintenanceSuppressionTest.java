package io.smartspec.slo.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartspec.slo.MaintenanceCalendar;
import io.smartspec.slo.MaintenanceWindow;
import io.smartspec.slo.MonitorFixtures.FakeSource;
import io.smartspec.slo.MonitorFixtures.RecordingListener;
import io.smartspec.slo.MonitorFixtures.VirtualClock;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaintenanceSuppressionTest {

    private final VirtualClock clock = new VirtualClock();
    private final FakeSource source = new FakeSource().set("latency", Quantity.millis(900));
    private final RecordingListener listener = new RecordingListener();
    private final SloSet slos = SloSet.of("checkout", java.util.List.of(
            Slo.named("latency").metric("latency", "latency").below(Quantity.millis(300)).build()));

    @Test
    void noBreachFiresInsideAWindowAndABreachStillThereWhenItEndsFiresThen() {
        // given a window from now for 30 minutes, and an SLO breached throughout
        Instant start = clock.instant();
        MaintenanceCalendar calendar = MaintenanceCalendar.create().add("checkout",
                MaintenanceWindow.between(start, start.plus(Duration.ofMinutes(30)), "deploy of 4.2"));
        SloMonitor monitor = SloMonitor.builder().slos(slos, source).clock(clock).listener(listener)
                .maintenance(calendar).build();

        // when rounds run inside the window
        SloResult inside = monitor.runOnce().results().get(0);
        clock.advance(Duration.ofMinutes(20));
        monitor.runOnce();

        // then the result is breached, says it is suppressed and why, and no event fires
        assertThat(inside.status()).isEqualTo(Status.BREACHED);
        assertThat(inside.detail()).startsWith("suppressed: maintenance deploy of 4.2");
        assertThat(listener.events).isEmpty();

        // when the window has ended and the breach is still there
        clock.advance(Duration.ofMinutes(10));
        SloResult after = monitor.runOnce().results().get(0);

        // then it fires, from the end of the window
        SloEvent breach = listener.next();
        assertThat(breach.kind()).isEqualTo(SloEvent.Kind.BREACH);
        assertThat(breach.since()).isEqualTo(start.plus(Duration.ofMinutes(30)));
        assertThat(after.detail()).doesNotContain("suppressed");
        monitor.close();
        assertThat(listener.events).isEmpty();
    }

    @Test
    void aWindowForAnotherSloSuppressesNothing() {
        Instant start = clock.instant();
        MaintenanceCalendar calendar = MaintenanceCalendar.create().add("checkout",
                MaintenanceWindow.between(start, start.plus(Duration.ofMinutes(30)), "deploy")
                        .forSlos(Set.of("availability")));
        try (SloMonitor monitor = SloMonitor.builder().slos(slos, source).clock(clock).listener(listener)
                .maintenance(calendar).build()) {
            monitor.runOnce();
            assertThat(listener.next().kind()).isEqualTo(SloEvent.Kind.BREACH);
        }
    }

    @Test
    void aWindowAnnouncedInTheStateDirectoryReachesAMonitorThatIsAlreadyRunning(@TempDir Path state) {
        try (SloMonitor monitor = SloMonitor.builder().slos(slos, source).clock(clock).listener(listener)
                .stateDirectory(state).build()) {
            // given a monitor built before the announcement
            Instant now = clock.instant();

            // when slo maintenance start writes the window (as another process would)
            MaintenanceAnnouncements.Announcement a = MaintenanceAnnouncements.in(state)
                    .start("checkout", Set.of(), now, Duration.ofMinutes(30), "failover drill");

            // then the next round honours it
            SloResult r = monitor.runOnce().results().get(0);
            assertThat(r.detail()).startsWith("suppressed: maintenance failover drill");

            // and when it is ended early, the next round fires the breach
            clock.advance(Duration.ofMinutes(5));
            assertThat(MaintenanceAnnouncements.in(state).end("checkout", Optional.empty(), clock.instant()))
                    .extracting(MaintenanceAnnouncements.Announcement::id).containsExactly(a.id());
            monitor.runOnce();
            assertThat(listener.next().kind()).isEqualTo(SloEvent.Kind.BREACH);
            // the ended window keeps its interval, so its events stay out of the budget
            assertThat(MaintenanceAnnouncements.in(state).list()).singleElement().satisfies(w -> {
                assertThat(w.from()).isEqualTo(now);
                assertThat(w.to()).isEqualTo(now.plus(Duration.ofMinutes(5)));
            });
        }
    }
}
