package io.smartspec.slo.examples.checkout;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.monitor.SloEvent;
import io.smartspec.slo.monitor.SloMonitor;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.incident.IncidentForwarder;
import io.smartspec.slo.incident.Receiver;
import io.smartspec.slo.micrometer.MicrometerSource;
import io.smartspec.slo.micrometer.SloMeterFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checkout service with its embedded monitor, used as an application would: real HTTP traffic,
 * real Micrometer timers, a bad deploy injected, and the breach and recovery delivered to the
 * incident receiver over HTTP.
 */
class CheckoutMonitoringIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final List<SloEvent> events = new CopyOnWriteArrayList<>();
    private LoadedSpec spec;
    private CheckoutService service;
    private IncidentReceiver receiver;
    private LoadGenerator load;
    private IncidentForwarder incidents;
    private SloMonitor monitor;

    @TempDir
    Path outbox;

    @BeforeEach
    void startTheService() throws Exception {
        spec = CheckoutSpec.load();
        registry.config().meterFilter(SloMeterFilter.of(spec.slos()));
        registry.config().meterFilter(CheckoutDemo.shortPercentileWindow(CheckoutService.TIMER, Duration.ofSeconds(2)));
        service = CheckoutService.start(registry, 0);
        receiver = IncidentReceiver.start(new PrintStream(PrintStream.nullOutputStream()));
        incidents = IncidentForwarder.withOutbox(outbox).forwardTo(Receiver.webhook(receiver.uri().toString())).build();
        monitor = SloMonitor.builder()
                .slos(spec.slos(), MicrometerSource.of(registry))
                .listener(events::add)
                .listener(incidents)
                .build();
        load = LoadGenerator.start(service.uri(), 4, Duration.ofMillis(5));
    }

    @AfterEach
    void stopEverything() {
        load.close();
        monitor.close();
        incidents.close();
        receiver.close();
        service.close();
    }

    @Test
    void theSpecOfTheExampleBindsEveryMonitorableRow() {
        assertThat(spec.errors()).isEmpty();
        assertThat(spec.slos().slos()).extracting(s -> s.name())
                .containsExactly("checkout_latency_p99", "checkout_error_rate", "checkout_availability");
        assertThat(spec.warnings()).singleElement().asString().contains("Encrypt card data at rest");
    }

    @Test
    void theEmbeddedMonitorSeesTheInjectedSlowdownAsABreachAndTheRollbackAsARecovery() throws Exception {
        // given a healthy service
        roundsUntil(r -> r.result("checkout_latency_p99").map(x -> x.status() == Status.MET).orElse(false));

        // when a bad deploy slows every request down by 300 ms
        service.faults().inject(Duration.ofMillis(300), 0);
        roundsUntil(r -> hasEvent(SloEvent.Kind.BREACH));

        // then the breach names the SLO, its value and its objective
        SloEvent breach = events.stream().filter(e -> e.kind() == SloEvent.Kind.BREACH).findFirst().orElseThrow();
        assertThat(breach.dedupKey()).isEqualTo("checkout/checkout_latency_p99");
        assertThat(breach.observed().orElseThrow().canonicalValue()).isGreaterThan(0.25);

        // and when it is rolled back, the SLO recovers
        service.faults().clear();
        roundsUntil(r -> hasEvent(SloEvent.Kind.RECOVERY));
        incidents.flush(Duration.ofSeconds(10));

        // and both arrived at the incident receiver over HTTP
        assertThat(receiver.received()).extracting(p -> p.path("kind").asText())
                .containsSubsequence("breach", "recovery");
        JsonNode first = receiver.received().get(0);
        assertThat(first.toString()).contains("checkout_latency_p99");
    }

    @Test
    void anErrorBurstBreachesTheErrorRateAndSpendsTheAvailabilityBudget() throws Exception {
        service.faults().inject(Duration.ZERO, 0.5);

        EvaluationRound round = roundsUntil(r -> r.result("checkout_error_rate")
                .map(x -> x.status() == Status.BREACHED).orElse(false));

        assertThat(round.result("checkout_availability").orElseThrow().errorBudget().orElseThrow().consumed())
                .isGreaterThan(0);
        assertThat(events).anySatisfy(e -> assertThat(e.dedupKey()).isEqualTo("checkout/checkout_error_rate"));
    }

    private boolean hasEvent(SloEvent.Kind kind) {
        return events.stream().anyMatch(e -> e.kind() == kind && e.slo().name().equals("checkout_latency_p99"));
    }

    /** Runs monitor rounds (a bounded number, ~4 per second) until {@code done} holds. */
    private EvaluationRound roundsUntil(Predicate<EvaluationRound> done) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        EvaluationRound round = monitor.runOnce();
        while (!done.test(round)) {
            assertThat(Instant.now()).as("waited %s for the monitor; last round: %s", PATIENCE, round.results())
                    .isBefore(deadline);
            Thread.sleep(250);
            round = monitor.runOnce();
        }
        Thread.sleep(200); // listeners run on their own threads
        return round;
    }
}
