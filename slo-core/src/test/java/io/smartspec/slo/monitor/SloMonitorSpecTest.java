package io.smartspec.slo.monitor;

import io.smartspec.slo.Priority;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.evaluation.Status;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartspec.slo.micrometer.MicrometerSource;
import io.smartspec.slo.spec.SpecLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SloMonitorSpecTest {

    @TempDir
    Path dir;

    private Path spec() throws IOException {
        Path specDir = Files.createDirectories(dir.resolve("checkout"));
        Files.writeString(specDir.resolve("spec.md"), """
                # Checkout

                ## 4. Non-Functional Requirements

                | Category | Requirement | Metric | Target | Priority |
                |---|---|---|---|---|
                | Performance | p99 Latency | `checkout_latency_p99` | < 200ms | P1 |
                """);
        return specDir.resolve("spec.md");
    }

    private Path yaml(String provider) throws IOException {
        return Files.writeString(dir.resolve("checkout/observability.yaml"), """
                provider: %s
                metrics:
                  - name: checkout_latency_p99
                    query: "http.server.requests{uri=/checkout} p99"
                """.formatted(provider));
    }

    @Test
    void aSpecIsMonitoredFromTheGivenMicrometerSource() throws IOException {
        // given
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Timer t = Timer.builder("http.server.requests").tag("uri", "/checkout").publishPercentiles(0.99)
                .percentilePrecision(3).register(registry);
        for (int i = 0; i < 100; i++) {
            t.record(250, TimeUnit.MILLISECONDS);
        }

        // when
        EvaluationRound round;
        try (SloMonitor monitor = SloMonitor.builder().spec(SpecLoader.load(spec(), yaml("micrometer")), MicrometerSource.of(registry))
                .build()) {
            round = monitor.runOnce();
        }

        // then
        assertThat(round.results()).singleElement().satisfies(r -> {
            assertThat(r.specId()).isEqualTo("checkout");
            assertThat(r.status()).isEqualTo(Status.BREACHED);
            assertThat(r.observed().orElseThrow().canonicalValue()).isBetween(0.249, 0.251);
        });
    }

    @Test
    void theSourceOfASpecIsFoundByItsProviderName() throws IOException {
        // when: the global registry has no such meter
        EvaluationRound round;
        try (SloMonitor monitor = SloMonitor.forSpec(SpecLoader.load(spec(), yaml("micrometer"))).build()) {
            round = monitor.runOnce();
        }

        // then
        assertThat(round.results()).singleElement().satisfies(r -> {
            assertThat(r.source()).isEqualTo("micrometer");
            assertThat(r.status()).isEqualTo(Status.NO_DATA);
        });
    }

    @Test
    void anUnknownProviderIsReportedWithTheAvailableOnes() throws IOException {
        // given
        Path spec = spec();
        Path yaml = yaml("graphite");

        // then: loading the spec runs the checks a monitor needs, so it fails before any monitor is built
        assertThatThrownBy(() -> SpecLoader.load(spec, yaml))
                .isInstanceOf(SloValidationException.class)
                .hasMessageContaining(yaml + ":1: provider: 'graphite' is unknown; available:")
                .hasMessageContaining("micrometer");
    }
}
