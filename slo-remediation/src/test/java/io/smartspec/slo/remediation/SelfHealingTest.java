package io.smartspec.slo.remediation;

import io.smartspec.slo.Priority;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.incident.store.IncidentStore;
import io.smartspec.slo.incident.store.Incidents;
import io.smartspec.slo.monitor.SloEvent;
import io.smartspec.slo.monitor.SloMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static io.smartspec.slo.remediation.Fixtures.KEY;
import static io.smartspec.slo.remediation.Fixtures.SLO;
import static io.smartspec.slo.remediation.Fixtures.T0;
import static io.smartspec.slo.remediation.Fixtures.kinds;
import static io.smartspec.slo.remediation.Fixtures.remediationTexts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real monitor over a fake service with an injected fault: the breach is healed by a command that calls the
 * service's admin endpoint, and the incident shows breach, action, recovery.
 */
class SelfHealingTest {

    @TempDir
    Path dir;
    FakeService service;
    Incidents incidents;
    final MutableClock clock = new MutableClock(T0);

    @BeforeEach
    void start() throws Exception {
        service = new FakeService();
        incidents = Incidents.in(IncidentStore.embedded(dir.resolve("incidents"))).closeStoreOnClose().build();
    }

    @AfterEach
    void stop() {
        incidents.close();
        service.close();
    }

    private SloMonitor monitor(Remediation remediation, Slo... slos) {
        return SloMonitor.builder().slos(SloSet.of("checkout", List.of(slos)), service.source()).clock(clock)
                .listener(incidents).onRound(incidents::onRound)
                .listener(remediation).onRound(remediation::onRound).build();
    }

    private static Slo errors(String name) {
        return Slo.named(name).metric("checkout_error_rate", "error-rate").below(Quantity.percent(1))
                .priority(Priority.P1).build();
    }

    @Test
    void aCommandHealsTheInjectedFaultAndTheIncidentShowsBreachActionRecovery() {
        // given a command that calls the service's admin endpoint once the breach held for 1 minute
        Remediation remediation = Remediation.builder()
                .action("rollback-checkout", RemediationAction.command(List.of("curl", "-fsS", "-X", "POST",
                        service.url("/admin/heal"))), Guardrails.ofDefaults().after(Duration.ofMinutes(1)))
                .forSlo(SLO, "rollback-checkout").recordTo(incidents).build();
        try (SloMonitor monitor = monitor(remediation, errors(SLO))) {
            // when the faulty service is monitored every minute
            monitor.runOnce();
            eventually(() -> assertThat(kinds(incidents)).containsExactly("breach"));
            assertThat(service.heals).hasValue(0);
            clock.set(T0.plusSeconds(60));
            monitor.runOnce();
            eventually(() -> assertThat(remediationTexts(incidents)).hasSize(2));
            assertThat(service.heals).hasValue(1);
            clock.set(T0.plusSeconds(120));
            monitor.runOnce();

            // then the incident shows the breach, the action and its outcome, the recovery, and that it healed
            eventually(() -> assertThat(kinds(incidents)).containsExactly("breach", "remediation", "remediation",
                    "recovery", "remediation"));
            List<String> texts = remediationTexts(incidents);
            assertThat(texts.get(0)).startsWith("remediation: running rollback-checkout (command [curl, -fsS, -X, "
                    + "POST, " + service.url("/admin/heal") + "]): breached for 1 min (after 1 min): "
                    + "checkout_error_rate = 12.5 %, objective < 1 %");
            assertThat(texts.get(1)).startsWith("remediation: rollback-checkout succeeded in ")
                    .contains(": exit 0; output: rolled back to the last good version");
            assertThat(texts.get(2)).isEqualTo("remediation: the SLO recovered 1 min after rollback-checkout ran "
                    + "(verify within 5 min): healed");
            assertThat(incidents.find(KEY).orElseThrow().breaching()).isFalse();
        } finally {
            remediation.close();
        }
    }

    @Test
    void aThrowingOrHangingActionNeverStopsTheMonitor() throws Exception {
        // given one SLO whose action throws and one whose action hangs, ignoring interrupts
        CountDownLatch hanging = new CountDownLatch(1);
        RemediationAction throwing = request -> {
            throw new IllegalStateException("boom");
        };
        RemediationAction hangs = request -> {
            hanging.countDown();
            while (true) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException ignored) {
                    // a badly written action
                }
            }
        };
        Guardrails now = Guardrails.ofDefaults().after(Duration.ZERO).timeout(Duration.ofSeconds(1));
        Remediation remediation = Remediation.builder().action("throws", throwing, now).action("hangs", hangs, now)
                .forSlo("checkout-errors", "throws").forSlo("checkout-errors-2", "hangs").recordTo(incidents).build();
        try (SloMonitor monitor = monitor(remediation, errors("checkout-errors"), errors("checkout-errors-2"))) {
            monitor.runOnce();
            hanging.await();

            // when the service is healed and the monitor goes on while the action hangs
            service.faulty.set(false);
            clock.set(T0.plusSeconds(60));
            monitor.runOnce();
            clock.set(T0.plusSeconds(120));
            monitor.runOnce();

            // then the rounds went on and the recovery is recorded, while the hanging action is given up
            assertThat(monitor.roundsRun()).isEqualTo(3);
            eventually(() -> assertThat(kinds(incidents)).contains("recovery"));
            eventually(() -> assertThat(remediationTexts(incidents)).anySatisfy(t -> assertThat(t)
                    .isEqualTo("remediation: throws failed in " + t.substring(t.indexOf(" in ") + 4, t.indexOf(": ",
                            t.indexOf(" in "))) + ": IllegalStateException: boom")));
            eventually(() -> assertThat(incidents.find("checkout/checkout-errors-2").orElseThrow().timeline())
                    .anySatisfy(e -> assertThat(e.text()).isEqualTo("hangs timed out after 1 s and was stopped: it "
                            + "did not stop within 5 s of being interrupted; given up")));
        } finally {
            remediation.close();
        }
    }

    @Test
    void anAfterOfWholeRoundsRunsTheActionOnTheRoundThatCompletesItOnAScheduledMonitor() {
        // given a monitor every 200 ms whose clock reads 3 ns short of the interval at each round, as a real
        // ticker's rounds do, and an action to run once the breach held three rounds (600 ms)
        Duration interval = Duration.ofMillis(200);
        java.util.concurrent.atomic.AtomicInteger rounds = new java.util.concurrent.atomic.AtomicInteger();
        Clock drifting = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return T0.plus(interval.minusNanos(3).multipliedBy(rounds.get()));
            }
        };
        java.util.concurrent.CopyOnWriteArrayList<ActionRequest> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
        Remediation remediation = Remediation.builder()
                .action("heal", request -> {
                    requests.add(request);
                    return ActionResult.ok("noted");
                }, Guardrails.ofDefaults().after(interval.multipliedBy(3)).cooldown(Duration.ofHours(1)))
                .forSlo(SLO, "heal").build();
        try (SloMonitor monitor = SloMonitor.builder().slos(SloSet.of("checkout", List.of(errors(SLO))),
                service.source()).clock(drifting).interval(interval).onRound(r -> rounds.incrementAndGet())
                .listener(remediation).onRound(remediation::onRound).build()) {
            // when the faulty service is monitored until the action ran
            monitor.start();
            eventually(() -> assertThat(requests).hasSize(1));
        } finally {
            remediation.close();
        }

        // then it ran on the third round after the breach began, having held exactly 600 ms, not a round later
        SloEvent breach = requests.get(0).event();
        assertThat(Duration.between(breach.since(), breach.occurredAt())).isEqualTo(interval.multipliedBy(3));
    }

    static void eventually(Runnable assertion) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
