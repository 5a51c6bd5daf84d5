package io.smartspec.slo.monitor;

import io.smartspec.slo.MonitorFixtures.FakeSource;
import io.smartspec.slo.MonitorFixtures.RecordingListener;
import io.smartspec.slo.MonitorFixtures.VirtualClock;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.evaluation.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.smartspec.slo.MonitorFixtures.latencySet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded monitor given a state directory, closed and built again as a restarted process would:
 * breach at 250 ms (objective below 200 ms), stop, and what happens on the first round after the restart.
 */
class SloMonitorStateTest {

    @TempDir
    Path state;

    private final VirtualClock clock = new VirtualClock();
    private final FakeSource source = new FakeSource();

    private SloMonitor monitor(SloSet slos, RecordingListener listener) {
        return SloMonitor.builder().slos(slos, source).clock(clock).listener(listener).stateDirectory(state).build();
    }

    /** Runs the rounds, closes the monitor (its listeners drain) and returns every event, in order. */
    private List<SloEvent> run(SloSet slos, int rounds) throws InterruptedException {
        RecordingListener listener = new RecordingListener();
        try (SloMonitor monitor = monitor(slos, listener)) {
            for (int i = 0; i < rounds; i++) {
                monitor.runOnce();
                clock.advance(Duration.ofMinutes(1));
            }
        }
        List<SloEvent> events = new ArrayList<>();
        SloEvent e;
        while ((e = listener.events.poll(0, TimeUnit.SECONDS)) != null) {
            events.add(e);
        }
        return events;
    }

    @Test
    void aRecoveryThatHappenedWhileTheMonitorWasDownIsSentOnTheFirstRoundAfterTheRestart() throws Exception {
        // given: a breach told to the listeners, then the process stops
        source.set("latency", Quantity.millis(250));
        List<SloEvent> before = run(latencySet("checkout"), 2);
        assertThat(before).extracting(SloEvent::kind).containsExactly(SloEvent.Kind.BREACH);

        // when: the value recovers while it is down, and it starts again
        clock.advance(Duration.ofMinutes(30));
        source.set("latency", Quantity.millis(100));
        List<SloEvent> after = run(latencySet("checkout"), 2);

        // then
        assertThat(after).extracting(SloEvent::kind).containsExactly(SloEvent.Kind.RECOVERY);
        assertThat(after.get(0).since()).isEqualTo(before.get(0).since());
        assertThat(after.get(0).dedupKey()).isEqualTo("checkout/p99");
        assertThat(after.get(0).result().status()).isEqualTo(Status.MET);
    }

    @Test
    void aBreachThatHoldsAcrossARestartKeepsItsIdAndSinceAndIsNotSentAgain() throws Exception {
        // given
        source.set("latency", Quantity.millis(250));
        SloEvent breach = run(latencySet("checkout"), 1).get(0);

        // when: still breached after the restart
        clock.advance(Duration.ofMinutes(10));
        List<SloEvent> after = run(latencySet("checkout"), 3);

        // then: nothing new, and the recovery (in a third process) closes the first breach
        assertThat(after).isEmpty();
        source.set("latency", Quantity.millis(100));
        List<SloEvent> third = run(latencySet("checkout"), 1);
        assertThat(third).extracting(SloEvent::kind).containsExactly(SloEvent.Kind.RECOVERY);
        assertThat(third.get(0).since()).isEqualTo(breach.since());
        assertThat(third.get(0).duration()).isEqualTo(Duration.ofMinutes(14));
        assertThat(Files.readString(state.resolve("monitor-state.json"))).doesNotContain(breach.id().toString());
    }

    @Test
    void theStateFileHoldsTheOpenBreachWithItsIdAndSince() throws Exception {
        // given
        source.set("latency", Quantity.millis(250));

        // when
        SloEvent breach = run(latencySet("checkout"), 1).get(0);

        // then
        String saved = Files.readString(state.resolve("monitor-state.json"));
        assertThat(saved).contains("\"breach_id\" : \"" + breach.id() + "\"")
                .contains("\"since\" : \"" + breach.since() + "\"").doesNotContain("unconfirmed");
    }

    @Test
    void aBreachOfAnSloNoLongerInTheSpecIsResolvedSayingSo() throws Exception {
        // given: p99 breached in set 'checkout'
        source.set("latency", Quantity.millis(250));
        SloEvent breach = run(latencySet("checkout"), 1).get(0);

        // when: the spec now has another SLO only
        SloSet changed = SloSet.named("checkout").slo("errors", s -> s.metric("error_rate", "errors")
                .below(Quantity.percent(1)).priority(Priority.P2)).build();
        source.set("errors", Quantity.percent(0.1));
        List<SloEvent> after = run(changed, 2);

        // then
        assertThat(after).extracting(SloEvent::kind).containsExactly(SloEvent.Kind.RECOVERY);
        SloEvent resolved = after.get(0);
        assertThat(resolved.dedupKey()).isEqualTo("checkout/p99");
        assertThat(resolved.since()).isEqualTo(breach.since());
        assertThat(resolved.objective()).isEqualTo(breach.objective());
        assertThat(resolved.result().detail()).contains("no longer monitored", "not in spec 'checkout'");
        assertThat(run(changed, 1)).isEmpty();
    }

    /** A monitor whose only listener never returns, as if the process died while it was busy; closed. */
    private SloEvent breachNotTakenByItsListener() {
        source.set("latency", Quantity.millis(250));
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        SloEvent[] first = new SloEvent[1];
        SloMonitor hung = SloMonitor.builder().slos(latencySet("checkout"), source).clock(clock)
                .listener(e -> {
                    first[0] = e;
                    try {
                        never.await();
                    } catch (InterruptedException stop) {
                        Thread.currentThread().interrupt();
                    }
                }).stateDirectory(state).build();
        hung.runOnce();
        io.smartspec.slo.MonitorFixtures.await("the listener got the breach", () -> first[0] != null);
        hung.close();
        clock.advance(Duration.ofMinutes(1));
        return first[0];
    }

    @Test
    void aBreachPublishedButNotTakenByEveryListenerIsPublishedAgainWithTheSameIdAfterARestart() throws Exception {
        // given
        SloEvent first = breachNotTakenByItsListener();

        // when
        List<SloEvent> after = run(latencySet("checkout"), 2);

        // then
        assertThat(after).extracting(SloEvent::kind).containsExactly(SloEvent.Kind.BREACH);
        assertThat(after.get(0).id()).isEqualTo(first.id());
        assertThat(after.get(0).since()).isEqualTo(first.since());
    }

    @Test
    void aBreachNotTakenBeforeARestartIsPublishedAgainThenRecoveredWhenTheSloIsMetByThen() throws Exception {
        // given
        SloEvent first = breachNotTakenByItsListener();

        // when
        source.set("latency", Quantity.millis(100));
        List<SloEvent> after = run(latencySet("checkout"), 2);

        // then: nothing decided is lost: the breach (same id), then its recovery
        assertThat(after).extracting(SloEvent::kind).containsExactly(SloEvent.Kind.BREACH, SloEvent.Kind.RECOVERY);
        assertThat(after.get(0).id()).isEqualTo(first.id());
        assertThat(after.get(1).since()).isEqualTo(first.since());
        assertThat(after.get(1).result().status()).isEqualTo(Status.MET);
    }

    @Test
    void aSecondMonitorOnTheSameStateDirectoryIsRefusedNamingTheDirectory() {
        // given
        try (SloMonitor first = monitor(latencySet("checkout"), new RecordingListener())) {
            // when / then
            assertThatThrownBy(() -> monitor(latencySet("checkout"), new RecordingListener()))
                    .isInstanceOf(SloValidationException.class)
                    .hasMessageContaining(state.toString())
                    .hasMessageContaining("PID " + ProcessHandle.current().pid());
        }
        // and once closed, the directory is free again
        monitor(latencySet("checkout"), new RecordingListener()).close();
    }

    @Test
    void withoutAStateDirectoryARestartForgetsTheBreachAsBefore() throws Exception {
        // given
        source.set("latency", Quantity.millis(250));
        RecordingListener listener = new RecordingListener();
        try (SloMonitor m = SloMonitor.builder().slos(latencySet("checkout"), source).clock(clock).listener(listener)
                .build()) {
            m.runOnce();
        }
        source.set("latency", Quantity.millis(100));
        RecordingListener second = new RecordingListener();
        try (SloMonitor m = SloMonitor.builder().slos(latencySet("checkout"), source).clock(clock).listener(second)
                .build()) {
            m.runOnce();
        }
        assertThat(listener.events).hasSize(1);
        assertThat(second.events).isEmpty();
    }
}
