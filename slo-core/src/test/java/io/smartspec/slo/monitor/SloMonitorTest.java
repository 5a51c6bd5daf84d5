package io.smartspec.slo.monitor;

import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.source.MetricSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartspec.slo.MonitorFixtures.FakeSource;
import io.smartspec.slo.MonitorFixtures.RecordingListener;
import io.smartspec.slo.MonitorFixtures.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static io.smartspec.slo.MonitorFixtures.await;
import static io.smartspec.slo.MonitorFixtures.latencySet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SloMonitorTest {

    private final VirtualClock clock = new VirtualClock();
    private final FakeSource source = new FakeSource();
    private final RecordingListener listener = new RecordingListener();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void closeAll() throws Exception {
        release.countDown();
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private SloMonitor.Builder monitor() {
        return SloMonitor.builder().slos(latencySet("checkout"), source).clock(clock).listener(listener);
    }

    private SloMonitor build(SloMonitor.Builder b) {
        SloMonitor m = b.build();
        toClose.add(m);
        return m;
    }

    private Measurement hang() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Measurement.failed("released");
    }

    @Test
    void aBreachFiresOnceAndARecoveryOnceWithNoStormOfRepeats() {
        // given
        SloMonitor monitor = build(monitor());
        source.set("latency", Quantity.millis(100));
        monitor.runOnce();

        // when: breached for three rounds, then met
        source.set("latency", Quantity.millis(250));
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofMinutes(1));
            monitor.runOnce();
        }
        source.set("latency", Quantity.millis(100));
        clock.advance(Duration.ofMinutes(1));
        monitor.runOnce();

        // then: the next event after the breach is the recovery
        SloEvent breach = listener.next();
        SloEvent recovery = listener.next();
        assertThat(breach.kind()).isEqualTo(SloEvent.Kind.BREACH);
        assertThat(breach.dedupKey()).isEqualTo("checkout/p99");
        assertThat(breach.observed()).contains(Quantity.millis(250));
        assertThat(recovery.kind()).isEqualTo(SloEvent.Kind.RECOVERY);
        assertThat(recovery.since()).isEqualTo(breach.since());
        assertThat(recovery.duration()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void aBreachFiresOnlyAfterHoldingForTheBreachForDurationAndAMetRoundRestartsTheWait() {
        // given
        SloMonitor monitor = build(monitor().breachFor(Duration.ofMinutes(5)));
        source.set("latency", Quantity.millis(250));
        monitor.runOnce(); // 10:00 breached
        clock.advance(Duration.ofMinutes(3));
        source.set("latency", Quantity.millis(100));
        monitor.runOnce(); // 10:03 met: the wait restarts
        source.set("latency", Quantity.millis(250));
        clock.advance(Duration.ofMinutes(1));
        monitor.runOnce(); // 10:04 breached again
        clock.advance(Duration.ofMinutes(4));
        monitor.runOnce(); // 10:08 only 4 minutes

        // when
        clock.advance(Duration.ofMinutes(1));
        monitor.runOnce(); // 10:09 held for 5 minutes

        // then
        SloEvent breach = listener.next();
        assertThat(breach.kind()).isEqualTo(SloEvent.Kind.BREACH);
        assertThat(breach.since()).isEqualTo(java.time.Instant.parse("2026-11-22T10:04:00Z"));
        assertThat(breach.occurredAt()).isEqualTo(java.time.Instant.parse("2026-11-22T10:09:00Z"));
    }

    @Test
    void remindersAreSentAtTheConfiguredIntervalWhileTheBreachHolds() {
        // given
        SloMonitor monitor = build(monitor().reminderEvery(Duration.ofMinutes(30)));
        source.set("latency", Quantity.millis(250));

        // when: breached for an hour, one round every 10 minutes
        for (int i = 0; i <= 6; i++) {
            monitor.runOnce();
            clock.advance(Duration.ofMinutes(10));
        }

        // then
        assertThat(listener.next().kind()).isEqualTo(SloEvent.Kind.BREACH);
        SloEvent first = listener.next();
        SloEvent second = listener.next();
        assertThat(first.kind()).isEqualTo(SloEvent.Kind.STILL_BREACHING);
        assertThat(first.duration()).isEqualTo(Duration.ofMinutes(30));
        assertThat(second.duration()).isEqualTo(Duration.ofMinutes(60));
    }

    @Test
    void noDataDoesNotFireUnlessAlertWhenNoDataIsSet() {
        // given: no series at all
        RecordingListener alerting = new RecordingListener();
        SloMonitor quiet = build(monitor());
        SloMonitor loud = build(SloMonitor.builder().slos(latencySet("checkout"), source).clock(clock)
                .listener(alerting).alertWhenNoData(true));

        // when
        quiet.runOnce();
        loud.runOnce();
        source.set("latency", Quantity.millis(250));
        clock.advance(Duration.ofMinutes(1));
        quiet.runOnce();

        // then: the quiet monitor's first event is the real breach; the loud one fired on no data
        SloEvent quietFirst = listener.next();
        assertThat(quietFirst.result().status()).isEqualTo(Status.BREACHED);
        SloEvent loudFirst = alerting.next();
        assertThat(loudFirst.kind()).isEqualTo(SloEvent.Kind.BREACH);
        assertThat(loudFirst.result().status()).isEqualTo(Status.NO_DATA);
    }

    @Test
    void aHangingQueryTimesOutWithoutStoppingTheOtherSlos() {
        // given
        FakeSource healthy = new FakeSource().set("latency", Quantity.millis(100));
        source.set("latency", this::hang);
        SloMonitor monitor = build(SloMonitor.builder().clock(clock).queryTimeout(Duration.ofMillis(100))
                .slos(latencySet("slow"), source).slos(latencySet("fast"), healthy));

        // when
        EvaluationRound round = monitor.runOnce();

        // then
        assertThat(round.results()).extracting(SloResult::specId, SloResult::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("slow", Status.ERROR),
                        org.assertj.core.groups.Tuple.tuple("fast", Status.MET));
        assertThat(round.results().get(0).detail()).contains("timed out after 100ms", "latency");
    }

    @Test
    void aRoundEndsAtItsDeadlineHoweverManySlosHangWithEveryOneOfThemInError() {
        // given: 20 SLOs whose queries all hang, evaluated one at a time: one query timeout each would
        // take 20 x 100ms, but the round's deadline is 300ms
        source.set("latency", this::hang);
        SloSet.Builder set = SloSet.named("many");
        for (int i = 0; i < 20; i++) {
            set.slo("p99-" + i, s -> s.metric("api_latency_p99", "latency").below(Duration.ofMillis(200)));
        }
        SloMonitor monitor = build(SloMonitor.builder().clock(clock).slos(set.build(), source)
                .queryTimeout(Duration.ofMillis(100)).queryConcurrency(1).roundDeadline(Duration.ofMillis(300)));

        // when
        EvaluationRound round = monitor.runOnce();

        // then
        assertThat(round.results()).hasSize(20).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(Status.ERROR);
            assertThat(r.detail()).containsAnyOf("timed out after 100ms", "no answer within 300ms");
        });
        assertThat(round.results()).last().extracting(SloResult::detail).asString()
                .isEqualTo("no answer within 300ms, the round's deadline: fake was busy with the other SLOs' queries");
    }

    @Test
    void theRoundDeadlineIsThreeQueryTimeoutsByDefault() {
        SloMonitor monitor = build(monitor().queryTimeout(Duration.ofSeconds(2)));

        assertThat(monitor.roundDeadline()).isEqualTo(Duration.ofSeconds(6));
        assertThat(build(monitor()).roundDeadline()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void aThrowingSourceEndsInErrorAndOthersAreEvaluated() {
        // given
        MetricSource broken = new MetricSource() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public Measurement query(MetricQuery query) {
                throw new IllegalStateException("connection refused");
            }
        };
        source.set("latency", Quantity.millis(100));
        SloMonitor monitor = build(SloMonitor.builder().clock(clock).slos(latencySet("a"), broken)
                .slos(latencySet("b"), source));

        // when
        EvaluationRound round = monitor.runOnce();

        // then
        assertThat(round.result("p99")).isPresent();
        assertThat(round.results().get(0).status()).isEqualTo(Status.ERROR);
        assertThat(round.results().get(0).detail()).contains("connection refused");
        assertThat(round.results().get(1).status()).isEqualTo(Status.MET);
    }

    @Test
    void aHangingOrThrowingListenerNeverBlocksRoundsOrOtherListeners() {
        // given
        CountDownLatch hangingEntered = new CountDownLatch(1);
        SloListener hanging = e -> {
            hangingEntered.countDown();
            hang();
        };
        AtomicInteger thrown = new AtomicInteger();
        SloListener throwing = e -> {
            thrown.incrementAndGet();
            throw new IllegalStateException("boom");
        };
        SloMonitor monitor = build(SloMonitor.builder().slos(latencySet("checkout"), source).clock(clock)
                .listener(hanging).listener(throwing).listener(listener));

        // when: breach, recovery, breach
        for (Quantity q : List.of(Quantity.millis(250), Quantity.millis(100), Quantity.millis(250))) {
            source.set("latency", q);
            monitor.runOnce();
            clock.advance(Duration.ofMinutes(1));
        }

        // then
        assertThat(listener.next().kind()).isEqualTo(SloEvent.Kind.BREACH);
        assertThat(listener.next().kind()).isEqualTo(SloEvent.Kind.RECOVERY);
        assertThat(listener.next().kind()).isEqualTo(SloEvent.Kind.BREACH);
        await("the throwing listener heard all three events", () -> thrown.get() == 3);
        // the hanging listener runs on its own thread, which a loaded machine may start late
        await("the hanging listener was called", () -> hangingEntered.getCount() == 0);
    }

    @Test
    void startRunsRoundsUntilCloseAndCloseReleasesListenersAndMeters() {
        // given
        source.set("latency", Quantity.millis(100));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SloMonitor monitor = build(monitor().interval(Duration.ofMillis(10)).meterRegistry(registry));

        // when
        monitor.start();
        await("three rounds ran", () -> monitor.roundsRun() >= 3);
        monitor.close();

        // then
        assertThat(monitor.isRunning()).isFalse();
        assertThat(listener.closed).isTrue();
        assertThat(registry.find("slo.status").gauges()).isEmpty();
        assertThatThrownBy(monitor::runOnce).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(monitor::start).isInstanceOf(IllegalStateException.class);
        await("the monitor's threads ended", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("slo-monitor-ticker") && t.isAlive()));
    }

    @Test
    void scheduledRoundsCarryInstantsThatAreExactMultiplesOfTheIntervalFromTheFirst() {
        // given: a clock that reads a few nanoseconds short of the interval at each round, as a real ticker
        // does (a breach held for 4 whole rounds then measured 3.99999 s, and an 'after: 4s' waited a round more)
        Duration interval = Duration.ofMillis(20);
        java.time.Instant origin = java.time.Instant.parse("2026-03-01T10:00:00Z");
        AtomicInteger roundsSeen = new AtomicInteger();
        java.time.Clock drifting = new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return origin.plus(interval.minusNanos(3).multipliedBy(roundsSeen.get()));
            }
        };
        List<java.time.Instant> instants = java.util.Collections.synchronizedList(new ArrayList<>());
        source.set("latency", Quantity.millis(100));
        SloMonitor monitor = build(SloMonitor.builder().slos(latencySet("checkout"), source).clock(drifting)
                .interval(interval).onRound(r -> {
                    instants.add(r.evaluatedAt());
                    roundsSeen.incrementAndGet();
                }));

        // when
        monitor.start();
        await("four rounds ran", () -> instants.size() >= 4);
        monitor.close();

        // then: each round's instant is the first's plus a whole number of intervals
        List<java.time.Instant> seen = List.copyOf(instants);
        for (java.time.Instant at : seen) {
            assertThat(Duration.between(seen.get(0), at).toNanos() % interval.toNanos())
                    .as("%s after the first round %s", at, seen.get(0)).isZero();
        }
        assertThat(seen.get(seen.size() - 1)).isAfter(seen.get(0));
    }

    @Test
    void aRoundStillRunningIsNotOverlappedAndTheSkipIsCounted() {
        // given: the first round hangs until released
        AtomicInteger active = new AtomicInteger();
        AtomicInteger maxActive = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        source.set("latency", () -> {
            int now = active.incrementAndGet();
            maxActive.accumulateAndGet(now, Math::max);
            try {
                if (calls.incrementAndGet() == 1) {
                    hang();
                }
                return Measurement.of(Quantity.millis(100));
            } finally {
                active.decrementAndGet();
            }
        });
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SloMonitor monitor = build(monitor().interval(Duration.ofMillis(5)).meterRegistry(registry)
                .queryTimeout(Duration.ofSeconds(30)));

        // when
        monitor.start();
        await("two rounds were skipped", () -> monitor.skippedRounds() >= 2);
        release.countDown();
        await("more rounds ran", () -> monitor.roundsRun() >= 2);

        // then
        assertThat(maxActive.get()).isEqualTo(1);
        assertThat(registry.get("slo.round.skipped").counter().count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theMonitorPublishesStatusBudgetDurationAndFailuresMeters() {
        // given
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SloSet ratios = SloSet.named("payments")
                .slo("availability", s -> s.ratio(Slo.good("good"), Slo.total("total"))
                        .target(Quantity.percent(99)).over(Duration.ofDays(30)))
                .slo("broken", s -> s.metric("broken").below(Duration.ofMillis(1)))
                .build();
        FakeSource payments = new FakeSource().set("good", Quantity.number(995)).set("total", Quantity.number(1000))
                .set("broken", () -> Measurement.failed("bad query"));
        source.set("latency", Quantity.millis(250));
        SloMonitor monitor = build(monitor().slos(ratios, payments).meterRegistry(registry));

        // when
        monitor.runOnce();

        // then
        assertThat(registry.get("slo.status").tags("spec", "checkout", "slo", "p99").gauge().value()).isEqualTo(2);
        assertThat(registry.get("slo.status").tags("spec", "payments", "slo", "broken").gauge().value())
                .isEqualTo(SloMonitor.statusGaugeValue(Status.ERROR));
        assertThat(registry.get("slo.error.budget.remaining").tags("slo", "availability").gauge().value())
                .isCloseTo(0.5, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(registry.get("slo.round.duration").timer().count()).isEqualTo(1);
        assertThat(registry.get("slo.round.failures").tags("spec", "payments").counter().count()).isEqualTo(1);
    }

    @Test
    void onRoundConsumersReceiveEveryRoundWithTheResultsOfAllSets() {
        // given
        List<EvaluationRound> rounds = new ArrayList<>();
        source.set("latency", Quantity.millis(100));
        SloMonitor monitor = build(SloMonitor.builder().clock(clock).slos(latencySet("a"), source)
                .slos(latencySet("b"), source).onRound(rounds::add).onRound(r -> {
                    throw new IllegalStateException("a broken consumer");
                }));

        // when
        EvaluationRound round = monitor.runOnce();

        // then
        assertThat(rounds).containsExactly(round);
        assertThat(round.results()).extracting(SloResult::specId).containsExactly("a", "b");
        assertThat(round.evaluatedAt()).isEqualTo(clock.instant());
        assertThat(monitor.lastRound()).contains(round);
    }

    @Test
    void theBuilderRejectsBadSettingsNamingTheValue() {
        assertThatThrownBy(() -> SloMonitor.builder().interval(Duration.ZERO))
                .hasMessage("interval must be positive, but was PT0S");
        assertThatThrownBy(() -> SloMonitor.builder().queryConcurrency(0))
                .hasMessage("queryConcurrency must be between 1 and 1024, but was 0");
        assertThatThrownBy(() -> SloMonitor.builder().build())
                .isInstanceOf(SloValidationException.class).hasMessageContaining("nothing to monitor");
        assertThatThrownBy(() -> SloMonitor.builder().slos(latencySet("a"), source).slos(latencySet("a"), source)
                .build()).hasMessageContaining("spec id 'a' is monitored twice");
    }
}
