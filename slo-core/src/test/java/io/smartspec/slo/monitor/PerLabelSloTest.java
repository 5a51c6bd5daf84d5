package io.smartspec.slo.monitor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.micrometer.MicrometerSource;
import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.spec.SpecLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-label SLOs in process: {@code group_by: [route]} on a Micrometer ratio gives one instance per route,
 * each with its own SLI, error budget and events. The expected numbers are computed by hand from the
 * counts each test records.
 */
class PerLabelSloTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final List<SloEvent> events = Collections.synchronizedList(new ArrayList<>());

    private LoadedSpec spec(String groupSettings) throws IOException {
        Path specDir = Files.createDirectories(dir.resolve("checkout"));
        Path spec = Files.writeString(specDir.resolve("spec.md"), """
                # Checkout

                ## 4. Non-Functional Requirements

                | Category | Requirement | Metric | Target | Priority | Window |
                |---|---|---|---|---|---|
                | Availability | Successful requests | `checkout_errors` | >= 99.9% | P1 | 30d |
                """);
        Path yaml = Files.writeString(specDir.resolve("observability.yaml"), """
                provider: micrometer
                metrics:
                  - name: checkout_errors
                    bad_query: "http.requests{outcome=SERVER_ERROR}"
                    total_query: "http.requests"
                %s
                """.formatted(groupSettings));
        return SpecLoader.load(spec, yaml);
    }

    private void count(String route, String outcome, int n) {
        Counter.builder("http.requests").tag("route", route).tag("outcome", outcome).register(registry).increment(n);
    }

    private SloMonitor monitor(LoadedSpec spec) {
        // every count was made after the monitor began counting, inside every window
        MicrometerSource source = MicrometerSource.builder(registry).countingSince(T0.minusSeconds(60)).build();
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        return SloMonitor.forSpec(spec, source).clock(clock).listener(events::add).build();
    }

    private static SloResult result(EvaluationRound round, String name) {
        return round.results().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError("no result named " + name + " in " + round.results()));
    }

    @Test
    void eachRouteHasItsOwnSliAndErrorBudget() throws IOException {
        // given: /pay 1000 requests, 5 failed; /cart 2000 requests, 1 failed
        count("/pay", "SUCCESS", 995);
        count("/pay", "SERVER_ERROR", 5);
        count("/cart", "SUCCESS", 1999);
        count("/cart", "SERVER_ERROR", 1);

        // when
        EvaluationRound round;
        try (SloMonitor monitor = monitor(spec("    group_by: [route]"))) {
            round = monitor.runOnce();
        }

        // then: one result per route, named by its label value, in the order of their names
        assertThat(round.results()).extracting(SloResult::name)
                .containsExactly("checkout_errors{route=\"/cart\"}", "checkout_errors{route=\"/pay\"}");
        // /pay: 99.9% of 1000 allows 1 bad request; 5 spent: SLI 99.5%, 1 - 5/1 = -400% of the budget left
        SloResult pay = result(round, "checkout_errors{route=\"/pay\"}");
        assertThat(pay.status()).isEqualTo(Status.BREACHED);
        assertThat(pay.observed().orElseThrow().value()).isEqualTo(99.5);
        assertThat(pay.errorBudget().orElseThrow().allowedBadEvents()).isEqualTo(1.0);
        assertThat(pay.errorBudget().orElseThrow().badEvents()).isEqualTo(5.0);
        assertThat(pay.errorBudget().orElseThrow().remaining()).isEqualTo(-4.0);
        // /cart: 99.9% of 2000 allows 2; 1 spent: SLI 99.95%, half the budget left
        SloResult cart = result(round, "checkout_errors{route=\"/cart\"}");
        assertThat(cart.status()).isEqualTo(Status.MET);
        assertThat(cart.observed().orElseThrow().value()).isEqualTo(99.95);
        assertThat(cart.errorBudget().orElseThrow().allowedBadEvents()).isEqualTo(2.0);
        assertThat(cart.errorBudget().orElseThrow().remaining()).isEqualTo(0.5);
        assertThat(cart.slo().grouping().values()).containsExactly(java.util.Map.entry("route", "/cart"));
    }

    @Test
    void aBreachOnOneRouteAndARecoveryOnAnotherAreSeparateEvents() throws IOException {
        // given: both routes over their budget (/pay 5 of 1 allowed, /cart 3 of 2 allowed)
        count("/pay", "SUCCESS", 995);
        count("/pay", "SERVER_ERROR", 5);
        count("/cart", "SUCCESS", 1997);
        count("/cart", "SERVER_ERROR", 3);

        // when: /cart then serves 4000 good requests (3 bad of 6000: 6 allowed, half left) and /pay none
        try (SloMonitor monitor = monitor(spec("    group_by: [route]"))) {
            monitor.runOnce();
            count("/cart", "SUCCESS", 4000);
            now.set(T0.plus(Duration.ofMinutes(1)));
            monitor.runOnce();
        }

        // then: a breach per route, and the recovery of /cart alone, each keyed by its instance
        assertThat(events).extracting(e -> e.kind() + " " + e.dedupKey()).containsExactlyInAnyOrder(
                "BREACH checkout/checkout_errors{route=\"/cart\"}",
                "BREACH checkout/checkout_errors{route=\"/pay\"}",
                "RECOVERY checkout/checkout_errors{route=\"/cart\"}");
        assertThat(events).filteredOn(e -> e.kind() == SloEvent.Kind.RECOVERY).singleElement()
                .satisfies(e -> assertThat(e.summary()).contains("checkout_errors{route=\"/cart\"}"));
    }

    @Test
    void anOpenBreachOfOneRouteSurvivesARestartAndRecoversUnderItsOwnKey() throws IOException {
        // given: /pay breached (5 of 1 allowed) and /cart met, with the state kept in a directory
        LoadedSpec spec = spec("    group_by: [route]");
        Path state = dir.resolve("state");
        count("/pay", "SUCCESS", 995);
        count("/pay", "SERVER_ERROR", 5);
        count("/cart", "SUCCESS", 2000);
        MicrometerSource source = MicrometerSource.builder(registry).countingSince(T0.minusSeconds(60)).build();
        try (SloMonitor monitor = SloMonitor.forSpec(spec, source).clock(Clock.fixed(T0, ZoneOffset.UTC))
                .stateDirectory(state).listener(events::add).build()) {
            monitor.runOnce();
        }

        // when: after a restart /pay has served 10,000 more good requests (5 of 11,000: 11 allowed)
        count("/pay", "SUCCESS", 10_000);
        Instant later = T0.plus(Duration.ofMinutes(2));
        try (SloMonitor monitor = SloMonitor.forSpec(spec, source).clock(Clock.fixed(later, ZoneOffset.UTC))
                .stateDirectory(state).listener(events::add).build()) {
            monitor.runOnce();
        }

        // then: the breach and its recovery share the instance's key; /cart raised nothing
        assertThat(events).extracting(e -> e.kind() + " " + e.dedupKey()).containsExactly(
                "BREACH checkout/checkout_errors{route=\"/pay\"}",
                "RECOVERY checkout/checkout_errors{route=\"/pay\"}");
        assertThat(events.get(1).since()).isEqualTo(T0);
    }

    @Test
    void theMonitorsGaugesHaveOneSeriesPerInstance() throws IOException {
        // given
        count("/pay", "SUCCESS", 995);
        count("/pay", "SERVER_ERROR", 5);
        count("/cart", "SUCCESS", 2000);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        MicrometerSource source = MicrometerSource.builder(registry).countingSince(T0.minusSeconds(60)).build();

        // when
        try (SloMonitor monitor = SloMonitor.forSpec(spec("    group_by: [route]"), source)
                .clock(Clock.fixed(T0, ZoneOffset.UTC)).meterRegistry(meters).build()) {
            monitor.runOnce();

            // then: breached (2) for /pay, met (0) for /cart, and no gauge for the SLO as a whole
            assertThat(meters.find("slo.status").gauges()).extracting(g -> g.getId().getTag("slo") + "=" + g.value())
                    .containsExactlyInAnyOrder("checkout_errors{route=\"/pay\"}=2.0",
                            "checkout_errors{route=\"/cart\"}=0.0");
            assertThat(meters.find("slo.error.budget.remaining").tag("slo", "checkout_errors{route=\"/pay\"}")
                    .gauge().value()).isEqualTo(-4.0);
        }
    }

    @Test
    void beyondTheGroupLimitInstancesAreDroppedWithAWarningNamingTheSloAndHowMany() throws IOException {
        // given: three routes, a limit of two
        for (String route : List.of("/a", "/b", "/c")) {
            count(route, "SUCCESS", 1000);
        }
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        Logger jul = Logger.getLogger("io.smartspec.slo.evaluation.PerLabelEvaluation");
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    warnings.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(handler);

        // when
        EvaluationRound round;
        try (SloMonitor monitor = monitor(spec("    group_by: [route]\n    group_limit: 2"))) {
            round = monitor.runOnce();
        } finally {
            jul.removeHandler(handler);
        }

        // then: the first two by name, and a warning that says which SLO, the limit and how many were dropped
        assertThat(round.results()).extracting(SloResult::name)
                .containsExactly("checkout_errors{route=\"/a\"}", "checkout_errors{route=\"/b\"}");
        assertThat(warnings).singleElement().satisfies(w -> assertThat(w)
                .contains("SLO 'checkout/checkout_errors'", "3 instances", "group_limit of 2", "dropping 1",
                        "checkout_errors{route=\"/c\"}"));
    }

    @Test
    void aGroupedSloWithoutTheLabelIsNoDataNotMet() throws IOException {
        // given: the meters have no 'route' tag
        Counter.builder("http.requests").tag("outcome", "SUCCESS").register(registry).increment(5000);

        // when
        EvaluationRound round;
        try (SloMonitor monitor = monitor(spec("    group_by: [route]"))) {
            round = monitor.runOnce();
        }

        // then
        assertThat(round.results()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("checkout_errors");
            assertThat(r.status()).isEqualTo(Status.NO_DATA);
            assertThat(r.detail()).contains("has the tag route");
        });
    }
}
