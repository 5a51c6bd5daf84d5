package io.smartspec.slo.spring.boot.autoconfigure;

import io.smartspec.slo.incident.store.IncidentStore;
import io.smartspec.slo.incident.store.Incidents;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Incidents as records, when slo-incident-store is on the class path: with
 * {@code smartspec.slo.incidents.store-dir} set, an embedded {@link IncidentStore} in that directory (an
 * application may define its own, e.g. {@link IncidentStore#postgres(String)}), and an {@link Incidents}
 * that records the monitor's breaches and recoveries and the forwarder's deliveries (it is an
 * {@code SloListener} and a {@code DeliveryRecorder}, found by {@link SloAutoConfiguration}). The
 * {@code incidents} actuator endpoint ({@link SloIncidentsEndpointAutoConfiguration}) lists them and acknowledges, resolves and annotates them.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = SloAutoConfiguration.class)
@ConditionalOnClass(IncidentStore.class)
@EnableConfigurationProperties(SloProperties.class)
public class SloIncidentsAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = SloProperties.PREFIX + ".incidents", name = "store-dir")
    IncidentStore smartspecSloIncidentStore(SloProperties properties) {
        return IncidentStore.embedded(properties.getIncidents().getStoreDir());
    }

    /** Closed before the store (it depends on it); the store is a bean of its own, so it is not closed here. */
    @Bean(destroyMethod = "close")
    @ConditionalOnBean(IncidentStore.class)
    @ConditionalOnMissingBean
    Incidents smartspecSloIncidents(IncidentStore store) {
        return Incidents.in(store).build();
    }
}
