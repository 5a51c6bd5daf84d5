package io.smartspec.slo.monitor;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.micrometer.MicrometerSource;
import io.smartspec.slo.spec.SpecLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A per-label SLO counted in time slices, in process: each label value keeps its own slices. Two routes are read
 * once a slice, one always under the threshold and one always over it; the counts are computed by hand.
 */
class PerLabelTimeSlicesTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:30Z");

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final AtomicInteger fast = new AtomicInteger(100);
    private final AtomicInteger slow = new AtomicInteger(900);

    @Test
    void eachRouteCountsItsOwnGoodAndBadSlices() throws IOException {
        // given: /cart's p99 reads 100 ms (good: < 200ms), /pay's 900 ms (bad), in each of three 1m slices
        Gauge.builder("checkout.p99", fast, AtomicInteger::get).tag("route", "/cart").register(registry);
        Gauge.builder("checkout.p99", slow, AtomicInteger::get).tag("route", "/pay").register(registry);
        Path specDir = Files.createDirectories(dir.resolve("checkout"));
        Path spec = Files.writeString(specDir.resolve("spec.md"), """
                # Checkout

                ## 4. Non-Functional Requirements

                | Requirement | Metric | Target | Window | Budget |
                |---|---|---|---|---|
                | p99 latency | `checkout_p99` | < 200ms | 30d | 99% of 1m slices |
                """);
        Path yaml = Files.writeString(specDir.resolve("observability.yaml"), """
                provider: micrometer
                metrics:
                  - name: checkout_p99
                    query: "checkout.p99"
                    unit: ms
                    group_by: [route]
                """);
        Clock clock = new Clock() {
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
                return now.get();
            }
        };

        // when: a round in each of three slices (10:00:30, 10:01:30, 10:02:30)
        EvaluationRound round = null;
        try (SloMonitor monitor = SloMonitor.forSpec(SpecLoader.load(spec, yaml),
                MicrometerSource.builder(registry).build()).clock(clock).build()) {
            for (int i = 0; i < 3; i++) {
                round = monitor.runOnce();
                now.set(now.get().plus(Duration.ofMinutes(1)));
            }
        }

        // then: the last round, at 10:02:30, counts the slices that have ended: (10:00, 10:01] and (10:01, 10:02]
        // (the one of 10:02:30 ends at 10:03); /cart 2 slices, both good: 100%; /pay 2 slices, both bad: 0%
        SloResult cart = result(round, "checkout_p99{route=\"/cart\"}");
        SloResult pay = result(round, "checkout_p99{route=\"/pay\"}");
        assertThat(cart.errorBudget().orElseThrow().totalEvents()).as("/cart's slices").isEqualTo(2.0);
        assertThat(cart.errorBudget().orElseThrow().badEvents()).as("/cart's bad slices").isEqualTo(0.0);
        assertThat(pay.errorBudget().orElseThrow().totalEvents()).as("/pay's slices").isEqualTo(2.0);
        assertThat(pay.errorBudget().orElseThrow().badEvents()).as("/pay's bad slices").isEqualTo(2.0);
        assertThat(cart.observed().orElseThrow().value()).isEqualTo(100.0);
        assertThat(pay.observed().orElseThrow().value()).isEqualTo(0.0);
    }

    private static SloResult result(EvaluationRound round, String name) {
        return round.results().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError("no result named " + name + " in " + round.results()));
    }
}
