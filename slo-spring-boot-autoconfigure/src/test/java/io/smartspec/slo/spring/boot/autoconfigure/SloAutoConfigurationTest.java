package io.smartspec.slo.spring.boot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.micrometer.MicrometerSource;
import io.smartspec.slo.monitor.SloEvent;
import io.smartspec.slo.monitor.SloListener;
import io.smartspec.slo.monitor.SloMonitor;
import io.smartspec.slo.spring.boot.actuate.SloEndpoint;
import io.smartspec.slo.spring.boot.actuate.SloHealthIndicator;
import io.smartspec.slo.spring.boot.actuate.SlosDescriptor;
import io.smartspec.slo.history.SloHistory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SloAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                    EndpointAutoConfiguration.class, HealthContributorAutoConfiguration.class,
                    SloAutoConfiguration.class, SloActuatorAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=health,slo");

    private static final String SPEC = "smartspec.slo.spec=classpath:specs/checkout/spec.md";

    @Test
    void aSpecBecomesAMonitorOfItsSlosNamedByTheSpecsDirectory() {
        runner.withPropertyValues(SPEC).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(SloMonitor.class).hasSingleBean(SloEndpoint.class)
                    .hasSingleBean(SloHealthIndicator.class);
            SloMonitor monitor = context.getBean(SloMonitor.class);
            assertThat(monitor.sloSets()).extracting(SloSet::name).containsExactly("checkout");
            assertThat(monitor.sloSets().get(0).slos()).extracting(s -> s.name())
                    .containsExactly("checkout_latency_p99", "checkout_availability");
            // started when the application is ready, not when the context is built
            assertThat(monitor.isRunning()).isFalse();
        });
    }

    @Test
    void theMaintenanceWindowsOfObservabilityYamlReachTheMonitor() {
        runner.withPropertyValues("smartspec.slo.spec=classpath:specs/maintained/spec.md").run(context -> {
            assertThat(context).hasNotFailed();
            SloMonitor monitor = context.getBean(SloMonitor.class);
            // Sunday 2026-03-01 03:00 in Berlin is 02:00 UTC, inside the weekly window; 05:00 is after it
            assertThat(monitor.maintenance().windows("maintained")).singleElement()
                    .satisfies(w -> assertThat(w.reason()).isEqualTo("weekly database upkeep"));
            assertThat(monitor.maintenance().activeAt("maintained", "checkout_availability",
                    java.time.Instant.parse("2026-03-01T02:00:00Z"))).isPresent();
            assertThat(monitor.maintenance().activeAt("maintained", "checkout_availability",
                    java.time.Instant.parse("2026-03-01T04:00:00Z"))).isEmpty();
            assertThat(monitor.maintenance().activeAt("maintained", "checkout_latency_p99",
                    java.time.Instant.parse("2026-03-01T02:00:00Z"))).isEmpty();
        });
    }

    @Test
    void theEndpointIsOnlyThereWhenExposed() {
        runner.withPropertyValues(SPEC, "management.endpoints.web.exposure.include=health").run(context ->
                assertThat(context).hasSingleBean(SloMonitor.class).doesNotHaveBean(SloEndpoint.class));
    }

    @Test
    void withoutASpecNothingIsConfigured() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SloMonitor.class)
                .doesNotHaveBean(SloEndpoint.class).doesNotHaveBean(SloHealthIndicator.class));
    }

    @Test
    void disabledBacksOffEvenWithASpec() {
        runner.withPropertyValues(SPEC, "smartspec.slo.enabled=false").run(context -> assertThat(context)
                .hasNotFailed().doesNotHaveBean(SloMonitor.class).doesNotHaveBean(SloEndpoint.class));
    }

    @Test
    void withoutAMeterRegistryItBacksOff() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SloAutoConfiguration.class, SloActuatorAutoConfiguration.class))
                .withPropertyValues(SPEC)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SloMonitor.class));
    }

    @Test
    void theApplicationsOwnMonitorReplacesTheAutoConfiguredOneAndIsServed() {
        runner.withPropertyValues(SPEC).withUserConfiguration(OwnMonitor.class).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(SloMonitor.class);
            SloMonitor monitor = context.getBean(SloMonitor.class);
            assertThat(monitor.sloSets()).extracting(SloSet::name).containsExactly("own");
            assertThat(context.getBean(SloEndpoint.class).slos().slos()).extracting(SlosDescriptor.SloDescriptor::spec)
                    .containsOnly("own");
        });
    }

    @Test
    void observabilityYamlSettingsApplyUnlessAPropertyOverridesThem() {
        runner.withPropertyValues(SPEC).run(context ->
                assertThat(context.getBean(SloMonitor.class).interval()).isEqualTo(Duration.ofSeconds(45)));
        runner.withPropertyValues(SPEC, "smartspec.slo.interval=2s").run(context ->
                assertThat(context.getBean(SloMonitor.class).interval()).isEqualTo(Duration.ofSeconds(2)));
    }

    @Test
    void propertiesBindToTypedSettings() {
        runner.withPropertyValues(SPEC, "smartspec.slo.breach-for=30s", "smartspec.slo.reminder-every=1h",
                "smartspec.slo.query-concurrency=2", "smartspec.slo.min-events=50", "smartspec.slo.spec-id=shop",
                "smartspec.slo.health.priorities=P0,P2", "smartspec.slo.history.dir=/tmp/h").run(context -> {
            SloProperties p = context.getBean(SloProperties.class);
            assertThat(p.getBreachFor()).isEqualTo(Duration.ofSeconds(30));
            assertThat(p.getReminderEvery()).isEqualTo(Duration.ofHours(1));
            assertThat(p.getQueryConcurrency()).isEqualTo(2);
            assertThat(p.getHealth().getPriorities()).containsExactlyInAnyOrder(io.smartspec.slo.Priority.P0,
                    io.smartspec.slo.Priority.P2);
            assertThat(p.getHistory().getDir()).hasToString("/tmp/h");
            SloMonitor monitor = context.getBean(SloMonitor.class);
            assertThat(monitor.sloSets()).extracting(SloSet::name).containsExactly("shop");
            // min-events counts events: it reaches the ratio SLO; a threshold SLO counts none and keeps 0
            assertThat(monitor.sloSets().get(0).slos()).allSatisfy(s -> assertThat(s.minEvents())
                    .isEqualTo(s.indicator() instanceof io.smartspec.slo.Indicator.Threshold ? 0 : 50));
            assertThat(monitor.sloSets().get(0).slos()).anySatisfy(s -> assertThat(s.minEvents()).isEqualTo(50));
        });
    }

    @Test
    void theSpecsMeterSettingsApplyToMetersRegisteredInTheApplicationsRegistry() {
        runner.withPropertyValues(SPEC).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            Timer timer = Timer.builder("checkout.requests").tag("outcome", "SUCCESS").register(registry);
            timer.record(Duration.ofMillis(20));
            assertThat(timer.takeSnapshot().percentileValues()).extracting(ValueAtPercentile::percentile)
                    .contains(0.99);
            Timer other = Timer.builder("unrelated").register(registry);
            assertThat(other.takeSnapshot().percentileValues()).isEmpty();
        });
    }

    @Test
    void listenerBeansHearTheMonitorsEvents() {
        runner.withPropertyValues(SPEC, "smartspec.slo.breach-for=0s").withUserConfiguration(Listening.class)
                .run(context -> {
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    Timer timer = Timer.builder("checkout.requests").tag("outcome", "SUCCESS").register(registry);
                    for (int i = 0; i < 100; i++) {
                        timer.record(Duration.ofMillis(400));
                    }
                    EvaluationRound round = context.getBean(SloMonitor.class).runOnce();
                    assertThat(round.result("checkout_latency_p99")).map(SloResult::status)
                            .contains(io.smartspec.slo.evaluation.Status.BREACHED);
                    List<SloEvent> heard = context.getBean(Listening.class).events;
                    await().atMost(5, TimeUnit.SECONDS).until(() -> !heard.isEmpty());
                    assertThat(heard).extracting(SloEvent::kind).contains(SloEvent.Kind.BREACH);
                });
    }

    @Test
    void theHealthIndicatorCountsOnlyTheConfiguredPriorities() {
        runner.withPropertyValues(SPEC).run(context -> {
            SloHealthIndicator health = context.getBean(SloHealthIndicator.class);
            assertThat(health.health().getStatus()).isEqualTo(Status.UNKNOWN); // no round yet
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            // p99 (P1) met; availability (P3) breached: 50% failed
            Timer ok = Timer.builder("checkout.requests").tag("outcome", "SUCCESS").register(registry);
            Timer failed = Timer.builder("checkout.requests").tag("outcome", "SERVER_ERROR").register(registry);
            for (int i = 0; i < 100; i++) {
                ok.record(Duration.ofMillis(20));
                failed.record(Duration.ofMillis(20));
            }
            EvaluationRound round = context.getBean(SloMonitor.class).runOnce();
            assertThat(round.result("checkout_availability")).map(SloResult::status)
                    .contains(io.smartspec.slo.evaluation.Status.BREACHED);
            Health byDefault = health.health();
            assertThat(byDefault.getStatus()).isEqualTo(Status.UP);
            assertThat(byDefault.getDetails()).containsEntry("counted", List.of("P0", "P1"));
        });
        runner.withPropertyValues(SPEC, "smartspec.slo.health.priorities=P1,P3").run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            Timer ok = Timer.builder("checkout.requests").tag("outcome", "SUCCESS").register(registry);
            Timer failed = Timer.builder("checkout.requests").tag("outcome", "SERVER_ERROR").register(registry);
            for (int i = 0; i < 100; i++) {
                ok.record(Duration.ofMillis(20));
                failed.record(Duration.ofMillis(20));
            }
            context.getBean(SloMonitor.class).runOnce();
            Health health = context.getBean(SloHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("breached", List.of("checkout_availability"));
        });
    }

    @Test
    void noDataIsNeverHealthy() {
        runner.withPropertyValues(SPEC).run(context -> {
            context.getBean(SloMonitor.class).runOnce(); // nothing recorded
            assertThat(context.getBean(SloHealthIndicator.class).health().getStatus()).isEqualTo(Status.UNKNOWN);
        });
    }

    @Test
    void withAHistoryDirectoryEveryRoundIsRecorded(@TempDir Path history) {
        runner.withPropertyValues(SPEC, "smartspec.slo.history.dir=" + history).run(context -> {
            context.getBean(SloMonitor.class).runOnce();
            assertThat(SloHistory.in(history).specIds()).containsExactly("checkout");
        });
    }

    @Test
    void withAStateDirectoryAnOpenBreachIsKeptForTheNextStart(@TempDir Path state) {
        runner.withPropertyValues(SPEC, "smartspec.slo.state-dir=" + state, "smartspec.slo.breach-for=0s")
                .run(context -> {
                    Timer timer = Timer.builder("checkout.requests").tag("outcome", "SUCCESS")
                            .register(context.getBean(MeterRegistry.class));
                    for (int i = 0; i < 100; i++) {
                        timer.record(Duration.ofMillis(400));
                    }
                    context.getBean(SloMonitor.class).runOnce();
                });
        assertThat(state.resolve("checkout").resolve("monitor-state.json")).content().contains("checkout_latency_p99");
    }

    @Test
    void theHealthIndicatorCanBeTurnedOffTheActuatorWay() {
        runner.withPropertyValues(SPEC, "management.health.slo.enabled=false").run(context ->
                assertThat(context).hasSingleBean(SloMonitor.class).doesNotHaveBean(SloHealthIndicator.class));
    }

    @Test
    void aBadSpecFailsStartupWithTheLocatedProblems() {
        runner.withPropertyValues("smartspec.slo.spec=classpath:specs/broken/spec.md").run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new SloFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription())
                    .contains("classpath:specs/broken/spec.md")
                    .contains("specs/broken/spec.md:7: checkout_latency_p99: ")
                    .contains("parsecs")
                    .contains("specs/broken/spec.md:8: checkout_latency_p95: ");
            assertThat(analysis.getAction()).contains("smartspec.slo.enabled=false");
        });
    }

    @Test
    void aMissingSpecNamesTheProperty() {
        runner.withPropertyValues("smartspec.slo.spec=classpath:nowhere/spec.md").run(context -> {
            assertThat(context).hasFailed();
            assertThat(new SloFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
                    .contains("nowhere/spec.md: not found (smartspec.slo.spec=classpath:nowhere/spec.md)")
                    .contains("nowhere/observability.yaml: not found (smartspec.slo.config=");
        });
    }

    @Test
    void badPropertiesAreNamedAllAtOnce() {
        runner.withPropertyValues(SPEC, "smartspec.slo.interval=-5s", "smartspec.slo.query-concurrency=0")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(new SloFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
                            .contains("2 problems")
                            .contains("smartspec.slo.interval: '-5s' is not valid; expected a positive duration")
                            .contains("smartspec.slo.query-concurrency: '0' is not valid; expected a whole number "
                                    + "from 1 to 1024");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnMonitor {
        @Bean
        SloMonitor ownMonitor() {
            SloSet set = SloSet.of("own", List.of(io.smartspec.slo.Slo.named("own_p99")
                    .metric("own_p99", "own.requests p99").below(Duration.ofMillis(100)).build()));
            return SloMonitor.builder().slos(set, MicrometerSource.of(new SimpleMeterRegistry())).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Listening implements SloListener {
        final List<SloEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(SloEvent event) {
            events.add(event);
        }
    }
}
