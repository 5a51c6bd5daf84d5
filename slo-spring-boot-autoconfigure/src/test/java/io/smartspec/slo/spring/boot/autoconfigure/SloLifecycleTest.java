package io.smartspec.slo.spring.boot.autoconfigure;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.monitor.SloMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The monitor's life in an application: started when ready, closed on shutdown without losing a breach. */
class SloLifecycleTest {

    private final AtomicInteger attempts = new AtomicInteger();
    private HttpServer unavailable;

    @AfterEach
    void stop() {
        if (unavailable != null) {
            unavailable.stop(0);
        }
    }

    @Test
    void theMonitorStartsWhenReadyAndOnShutdownLeavesWhatWasNotDeliveredInTheOutbox(@TempDir Path dir)
            throws IOException {
        // a receiver that is down for maintenance: every delivery is retried later
        unavailable = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        unavailable.createContext("/", exchange -> {
            attempts.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        unavailable.start();
        Path specDir = Files.createDirectories(dir.resolve("shop"));
        try (InputStream spec = getClass().getResourceAsStream("/specs/checkout/spec.md");
             InputStream yaml = getClass().getResourceAsStream("/specs/checkout/observability.yaml")) {
            Files.write(specDir.resolve("spec.md"), spec.readAllBytes());
            Files.writeString(specDir.resolve("observability.yaml"), new String(yaml.readAllBytes())
                    + "incident_response:\n  - type: webhook\n    url: http://127.0.0.1:"
                    + unavailable.getAddress().getPort() + "/hook\n");
        }
        Path outbox = dir.resolve("outbox");
        AtomicReference<SloMonitor> seen = new AtomicReference<>();

        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                        SloAutoConfiguration.class))
                .withPropertyValues("smartspec.slo.spec=file:" + specDir.resolve("spec.md"),
                        "smartspec.slo.incidents.outbox-dir=" + outbox,
                        "smartspec.slo.incidents.close-timeout=100ms",
                        "smartspec.slo.breach-for=0s")
                .run(context -> {
                    SloMonitor monitor = context.getBean(SloMonitor.class);
                    seen.set(monitor);
                    // a file: spec is named by its directory
                    assertThat(monitor.sloSets()).extracting(SloSet::name).containsExactly("shop");
                    assertThat(monitor.isRunning()).isFalse();
                    context.publishEvent(new ApplicationReadyEvent(new SpringApplication(), new String[0],
                            context.getSourceApplicationContext(), Duration.ZERO));
                    assertThat(monitor.isRunning()).isTrue();

                    Timer timer = Timer.builder("checkout.requests").tag("outcome", "SUCCESS")
                            .register(context.getBean(MeterRegistry.class));
                    for (int i = 0; i < 50; i++) {
                        timer.record(Duration.ofMillis(900));
                    }
                    monitor.runOnce();
                    await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() > 0);
                });

        assertThat(seen.get().isRunning()).isFalse();
        assertThat(seen.get().lastRound()).isPresent();
        List<Path> pending;
        try (Stream<Path> files = Files.walk(outbox)) {
            pending = files.filter(p -> p.getFileName().toString().matches("\\d{19}-B-.*\\.json")).toList();
        }
        assertThat(pending).hasSize(1);
        assertThat(Files.readString(pending.get(0))).contains("checkout_latency_p99").contains("\"spec_id\":\"shop\"");
        assertThat(pending.get(0).toString()).contains(outbox.resolve("shop").toString());
    }
}
