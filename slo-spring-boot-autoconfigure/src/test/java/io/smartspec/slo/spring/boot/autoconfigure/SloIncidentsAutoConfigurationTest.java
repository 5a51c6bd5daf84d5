package io.smartspec.slo.spring.boot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smartspec.slo.incident.store.Incident;
import io.smartspec.slo.incident.store.IncidentState;
import io.smartspec.slo.incident.store.IncidentStore;
import io.smartspec.slo.incident.store.Incidents;
import io.smartspec.slo.monitor.SloMonitor;
import io.smartspec.slo.spring.boot.actuate.IncidentsEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SloIncidentsAutoConfigurationTest {

    private static final String SPEC = "smartspec.slo.spec=classpath:specs/checkout/spec.md";

    @TempDir
    Path dir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                    EndpointAutoConfiguration.class, SloAutoConfiguration.class,
                    SloIncidentsAutoConfiguration.class, SloIncidentsEndpointAutoConfiguration.class))
            .withPropertyValues(SPEC, "smartspec.slo.breach-for=0s",
                    "management.endpoints.web.exposure.include=health,slo,incidents");

    private String storeDir() {
        return "smartspec.slo.incidents.store-dir=" + dir.resolve("incidents");
    }

    @Test
    void withoutAStoreDirNoIncidentsAreRecorded() {
        runner.run(context -> assertThat(context).hasNotFailed().hasSingleBean(SloMonitor.class)
                .doesNotHaveBean(IncidentStore.class).doesNotHaveBean(Incidents.class)
                .doesNotHaveBean(IncidentsEndpoint.class));
    }

    @Test
    void withoutTheIncidentStoreOnTheClassPathItBacksOff() {
        runner.withPropertyValues(storeDir()).withClassLoader(new FilteredClassLoader(IncidentStore.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(SloMonitor.class)
                        .doesNotHaveBean(IncidentsEndpoint.class).doesNotHaveBean("smartspecSloIncidents"));
    }

    @Test
    void theEndpointIsOnlyThereWhenExposed() {
        runner.withPropertyValues(storeDir(), "management.endpoints.web.exposure.include=health")
                .run(context -> assertThat(context).hasSingleBean(Incidents.class)
                        .doesNotHaveBean(IncidentsEndpoint.class));
    }

    @Test
    void anApplicationsOwnStoreIsUsed() {
        runner.withPropertyValues(storeDir())
                .withBean("ownStore", IncidentStore.class, () -> IncidentStore.embedded(dir.resolve("own")))
                .run(context -> {
                    assertThat(context).hasSingleBean(IncidentStore.class).hasBean("ownStore");
                    assertThat(context.getBean(Incidents.class).store()).isSameAs(context.getBean("ownStore"));
                });
    }

    @Test
    void aBreachOfTheMonitorBecomesAnIncidentThatTheEndpointAcknowledgesAndResolves() {
        runner.withPropertyValues(storeDir()).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(IncidentStore.class).hasSingleBean(IncidentsEndpoint.class);
            IncidentsEndpoint endpoint = context.getBean(IncidentsEndpoint.class);
            assertThat(endpoint.incidents(null, null)).isEmpty();

            // p99 400 ms against the spec's < 200 ms: a breach of checkout_latency_p99 (P1)
            Timer timer = Timer.builder("checkout.requests").tag("outcome", "SUCCESS")
                    .register(context.getBean(MeterRegistry.class));
            for (int i = 0; i < 100; i++) {
                timer.record(Duration.ofMillis(400));
            }
            context.getBean(SloMonitor.class).runOnce();
            await().atMost(5, TimeUnit.SECONDS).until(() -> !endpoint.incidents(null, null).isEmpty());

            List<Incident> open = endpoint.incidents("open", null);
            assertThat(open).singleElement().satisfies(i -> {
                assertThat(i.header().sloName()).isEqualTo("checkout_latency_p99");
                assertThat(i.breaching()).isTrue();
            });
            String id = open.get(0).id();
            assertThat(endpoint.incidents(null, "P1")).extracting(Incident::id).containsExactly(id);
            assertThat(endpoint.incidents(null, "P0")).isEmpty();
            assertThat(endpoint.incidents("resolved", null)).isEmpty();
            assertThat(endpoint.incident(id).state()).isEqualTo(IncidentState.OPEN);

            Incident acked = (Incident) endpoint.change(id, "acknowledge", "ana", "looking", null).getBody();
            assertThat(acked.state()).isEqualTo(IncidentState.ACKNOWLEDGED);
            assertThat(acked.acknowledged()).hasValueSatisfying(c -> assertThat(c.toString()).contains("ana"));
            // the store's rules: an acknowledged incident cannot be acknowledged again
            assertThatThrownBy(() -> endpoint.change(id, "acknowledge", "bo", "me too", null))
                    .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining(id);
            assertThat(((Incident) endpoint.change(id, "note", "ana", null, "cache cold").getBody()).timeline())
                    .anySatisfy(e -> assertThat(e.toString()).contains("cache cold"));
            assertThat(((Incident) endpoint.change(id, "resolve", "ana", "rolled back", null).getBody()).state())
                    .isEqualTo(IncidentState.RESOLVED);
            assertThat(endpoint.incidents("resolved", null)).extracting(Incident::id).containsExactly(id);
            assertThat(endpoint.incidents("open", null)).isEmpty();
            // as the store has it, not only as the endpoint returned it
            assertThat(context.getBean(Incidents.class).find(id)).map(Incident::state).contains(IncidentState.RESOLVED);
        });
    }

    @Test
    void anUnknownIdReadsAndChangesNothing() {
        runner.withPropertyValues(storeDir()).run(context -> {
            IncidentsEndpoint endpoint = context.getBean(IncidentsEndpoint.class);
            assertThat(endpoint.incident("no-such-id")).isNull();
            assertThat(endpoint.change("no-such-id", "resolve", "ana", "x", null).getStatus()).isEqualTo(404);
        });
    }

    @Test
    void badFiltersAndActionsSayWhatIsAccepted() {
        runner.withPropertyValues(storeDir()).run(context -> {
            IncidentsEndpoint endpoint = context.getBean(IncidentsEndpoint.class);
            assertThatThrownBy(() -> endpoint.incidents("closed", null)).isInstanceOf(InvalidEndpointRequestException.class)
                    .hasMessageContaining("'closed'").hasMessageContaining("open, acknowledged or resolved");
            assertThatThrownBy(() -> endpoint.incidents(null, "P9")).isInstanceOf(InvalidEndpointRequestException.class)
                    .hasMessageContaining("'P9'");
            assertThatThrownBy(() -> endpoint.change("x", "close", "ana", null, null))
                    .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining("'close'");
        });
    }
}
