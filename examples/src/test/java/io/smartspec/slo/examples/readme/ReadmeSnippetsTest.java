package io.smartspec.slo.examples.readme;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.evaluation.SloEvaluator;
import io.smartspec.slo.monitor.SloMonitor;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.micrometer.MicrometerSource;
import io.smartspec.slo.micrometer.SloMeterFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's snippets do what the README says. */
class ReadmeSnippetsTest {

    @TempDir
    Path outbox;

    @Test
    void theEmbeddedMonitorOfTheReadmeEvaluatesTheServicesSpecAgainstItsRegistry() {
        MeterRegistry registry = new SimpleMeterRegistry();

        try (SloMonitor monitor = EmbeddingExample.startMonitoring(registry, outbox)) {
            Timer timer = Timer.builder("checkout.requests").tag("outcome", "SUCCESS").register(registry);
            for (int i = 1; i <= 100; i++) {
                timer.record(Duration.ofMillis(i));
            }
            EvaluationRound round = monitor.runOnce();

            assertThat(monitor.isRunning()).isTrue();
            assertThat(round.result("checkout_latency_p99").orElseThrow().status()).isEqualTo(Status.MET);
            assertThat(registry.find("slo.status").gauges()).hasSize(3);
        }
    }

    @Test
    void theDslOfTheReadmeBuildsThreeSlosThatEvaluateOnMicrometerMeters() {
        SloSet slos = DslExample.checkoutSlos();
        MeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(SloMeterFilter.of(slos));
        Timer timer = Timer.builder("checkout.requests").tag("outcome", "SUCCESS").register(registry);
        MicrometerSource source = MicrometerSource.of(registry);
        Instant start = Instant.now();
        SloEvaluator.withDefaults().evaluate(slos, source, start); // first sample of each counted series
        for (int i = 1; i <= 1000; i++) {
            timer.record(Duration.ofMillis(i % 200 + 1));
        }

        EvaluationRound round = SloEvaluator.withDefaults().evaluate(slos, source, start.plusSeconds(60));

        assertThat(slos.slos()).extracting(s -> s.name()).containsExactly("p99-latency", "availability", "fast-checkouts");
        assertThat(round.results()).extracting(r -> r.status()).containsOnly(Status.MET);
    }
}
