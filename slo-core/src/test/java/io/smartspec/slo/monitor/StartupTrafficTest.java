package io.smartspec.slo.monitor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartspec.slo.MonitorFixtures.RecordingListener;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.micrometer.MicrometerSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** An embedded monitor with the defaults does not page on the first failed request after a start. */
class StartupTrafficTest {

    @TempDir
    Path dir;

    @Test
    void aFirstFailedRequestDoesNotPage() throws IOException {
        // given the checkout demo's availability SLO (>= 90% over 30d, P0) and one request, which failed
        Path specDir = Files.createDirectories(dir.resolve("checkout"));
        Path spec = Files.writeString(specDir.resolve("spec.md"), """
                ## 4. Non-Functional Requirements

                | Category | Requirement | Metric | Target | Priority | Window |
                |---|---|---|---|---|---|
                | Availability | Successful checkouts | `checkout_availability` | >= 90% | P0 | 30d |
                """);
        Path yaml = Files.writeString(specDir.resolve("observability.yaml"), """
                provider: micrometer
                metrics:
                  - name: checkout_availability
                    good_query: "checkout.requests{outcome=SUCCESS}"
                    total_query: "checkout.requests"
                """);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MicrometerSource source = MicrometerSource.of(registry);
        Counter.builder("checkout.requests").tag("outcome", "SUCCESS").register(registry);
        Counter failed = Counter.builder("checkout.requests").tag("outcome", "SERVER_ERROR").register(registry);
        RecordingListener listener = new RecordingListener();

        // when
        EvaluationRound round;
        try (SloMonitor monitor = SloMonitor.forSpec(io.smartspec.slo.spec.SpecLoader.load(spec, yaml), source).listener(listener)
                .build()) {
            monitor.runOnce();
            failed.increment();
            round = monitor.runOnce();
        }

        // then no breach is sent, and the result says why it is not judged
        assertThat(listener.events).noneMatch(e -> e.kind() == SloEvent.Kind.BREACH);
        assertThat(round.results()).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(Status.NO_DATA);
            assertThat(r.detail()).isEqualTo("1 of 10 events in the last 30d; too few to judge (min_events)");
        });
    }
}
