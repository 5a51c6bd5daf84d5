package io.smartspec.slo.spring.boot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.smartspec.slo.incident.DeliveryRecorder;
import io.smartspec.slo.micrometer.SloMeterFilter;
import io.smartspec.slo.monitor.SloListener;
import io.smartspec.slo.monitor.SloMonitor;
import io.smartspec.slo.spring.boot.internal.MonitorExtras;
import io.smartspec.slo.spring.boot.internal.MonitorFactory;
import io.smartspec.slo.spring.boot.internal.SloSpec;
import io.smartspec.slo.spring.boot.internal.SpecResources;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Monitors the SLOs of the application's spec.md from its own meters: set {@code smartspec.slo.spec}
 * (e.g. {@code classpath:spec.md}). Runs after Spring Boot's metrics auto-configuration and backs off
 * without a {@link MeterRegistry}, without a spec, with {@code smartspec.slo.enabled=false}, or when the
 * application defines its own {@link SloMonitor}.
 * <ul>
 *   <li>The spec is loaded and checked when the first registry is created, so a bad spec fails startup
 *       (the failure analysis names file, line and value), and its {@link SloMeterFilter} is a
 *       {@link MeterFilter} bean, which Spring Boot applies to its registries before any meter is
 *       registered: {@code http.server.requests} and the application's timers carry the percentiles and
 *       SLO buckets the SLOs read.</li>
 *   <li>The monitor reads the application's {@link MeterRegistry} ({@code provider: micrometer}) and
 *       publishes its own meters there; it starts when the application is ready and closes on shutdown,
 *       handing what is pending to the incident outbox. {@link SloListener} beans are added to it.</li>
 * </ul>
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = SloProperties.PREFIX + ".enabled", matchIfMissing = true)
@ConditionalOnProperty(prefix = SloProperties.PREFIX, name = "spec")
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnMissingBean(SloMonitor.class)
@EnableConfigurationProperties(SloProperties.class)
public class SloAutoConfiguration {

    /** The spec, loaded from its resources and checked; a problem fails startup here. */
    @Bean
    SloSpec smartspecSloSpec(SloProperties properties, Environment environment) {
        return SpecResources.load(properties, environment.getProperty("spring.application.name"), System.getenv());
    }

    /** The spec's meter settings, applied by Spring Boot to every registry it configures. */
    @Bean
    SloMeterFilter smartspecSloMeterFilter(SloSpec spec) {
        return SloMeterFilter.of(spec.slos());
    }

    @Bean(destroyMethod = "close")
    MonitorExtras smartspecSloMonitorExtras(SloSpec spec, SloProperties properties, MeterRegistry registry,
                                            ObjectProvider<DeliveryRecorder> recorder) {
        return MonitorExtras.of(spec, properties, registry, System.getenv(),
                recorder.getIfUnique(() -> DeliveryRecorder.NONE));
    }

    @Bean(destroyMethod = "close")
    SloMonitor sloMonitor(SloSpec spec, MonitorExtras extras, MeterRegistry registry,
                          ObjectProvider<SloListener> listeners) {
        return MonitorFactory.create(spec, extras.source(), registry, extras, listeners.orderedStream().toList());
    }

    /** Starts the monitor once the application is ready to serve: its first round sees a running application. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> smartspecSloMonitorStarter(SloMonitor monitor) {
        return event -> monitor.start();
    }
}
