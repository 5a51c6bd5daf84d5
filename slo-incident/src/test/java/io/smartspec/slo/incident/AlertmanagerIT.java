package io.smartspec.slo.incident;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.monitor.SloMonitor;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.source.MetricSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against a real Alertmanager (Debian's {@code prometheus-alertmanager}) on 127.0.0.1, started and
 * stopped by the test: a breach becomes an active alert with our labels, and a recovery resolves it;
 * across a restart of the monitor and the forwarder on one state directory, a recovery during the
 * downtime resolves the alert and a breach that holds stays one alert with its original startsAt.
 */
class AlertmanagerIT {

    private static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
    private static final String INSTALL_HINT = "prometheus-alertmanager not found at " + BINARY
            + "; install it with: sudo apt-get install -y prometheus-alertmanager";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path temp;

    private Process alertmanager;
    private String url;
    private int port;

    @BeforeEach
    void startAlertmanager() throws Exception {
        if (!Files.isExecutable(BINARY)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(INSTALL_HINT);
            }
            Assumptions.abort(INSTALL_HINT);
        }
        Path config = temp.resolve("alertmanager.yml");
        Files.writeString(config, """
                route:
                  receiver: blackhole
                  group_wait: 1s
                receivers:
                  - name: blackhole
                """);
        Files.createDirectories(temp.resolve("data"));
        if (port == 0) {
            port = RecordingReceiver.freePort();
        }
        url = "http://127.0.0.1:" + port;
        alertmanager = new ProcessBuilder(BINARY.toString(), "--config.file=" + config,
                "--storage.path=" + temp.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=", "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(temp.resolve("alertmanager.log").toFile()).start();
        Eventually.await("Alertmanager ready at " + url, Duration.ofSeconds(30), () -> {
            if (!alertmanager.isAlive()) {
                throw new AssertionError("Alertmanager exited: " + log());
            }
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
    }

    @AfterEach
    void stopAlertmanager() throws InterruptedException {
        if (alertmanager != null) {
            alertmanager.destroy();
            if (!alertmanager.waitFor(10, TimeUnit.SECONDS)) {
                alertmanager.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private String log() {
        try {
            return Files.readString(temp.resolve("alertmanager.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private List<JsonNode> alerts() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/api/v2/alerts"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            List<JsonNode> out = new ArrayList<>();
            JSON.readTree(response.body()).forEach(out::add);
            return out;
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private Optional<JsonNode> alertOf(String slo) {
        return alerts().stream().filter(a -> slo.equals(a.path("labels").path("slo").asText())).findFirst();
    }

    @Test
    void breachBecomesAnActiveAlertWithOurLabelsAndRecoveryResolvesIt() {
        try (IncidentForwarder forwarder = IncidentForwarder.withOutbox(temp.resolve("outbox"))
                .forwardTo(Receiver.alertmanager(url)).build()) {
            // when
            forwarder.onEvent(TestEvents.breach("checkout-p99", Priority.P1, Instant.now()));
            assertThat(forwarder.flush(Duration.ofSeconds(20))).isTrue();

            // then
            Eventually.await("the alert is active", () -> alertOf("checkout-p99")
                    .map(a -> a.path("status").path("state").asText().equals("active")).orElse(false));
            JsonNode alert = alertOf("checkout-p99").orElseThrow();
            assertThat(alert.path("labels").path("alertname").asText()).isEqualTo("SLOBreach");
            assertThat(alert.path("labels").path("spec_id").asText()).isEqualTo("spec-core-001-authentication");
            assertThat(alert.path("labels").path("priority").asText()).isEqualTo("P1");
            assertThat(alert.path("labels").path("severity").asText()).isEqualTo("error");
            assertThat(alert.path("annotations").path("summary").asText()).contains("checkout-p99", "213.4 ms");
            assertThat(alert.path("receivers").get(0).path("name").asText()).isEqualTo("blackhole");

            // when
            forwarder.onEvent(TestEvents.recovery("checkout-p99", Priority.P1, Instant.now()));
            assertThat(forwarder.flush(Duration.ofSeconds(20))).isTrue();

            // then
            Eventually.await("the alert is resolved", () -> alertOf("checkout-p99").isEmpty());
            assertThat(forwarder.stats().get(0).delivered()).isGreaterThanOrEqualTo(2);
            assertThat(forwarder.stats().get(0).rejected()).isZero();
        }
    }

    @Test
    void breachSentWhileAlertmanagerIsDownAppearsOnceItIsUp() throws Exception {
        // given
        stopAlertmanager();
        DeliveryPolicy fast = DeliveryPolicy.ofDefaults().withBackoff(Duration.ofMillis(50), 2, Duration.ofMillis(500));
        try (IncidentForwarder forwarder = IncidentForwarder.withOutbox(temp.resolve("outbox"))
                .forwardTo(Receiver.alertmanager(url)).deliveryPolicy(fast).build()) {
            forwarder.onEvent(TestEvents.breach("login-errors", Priority.P0, Instant.now()));
            Eventually.await("a failed attempt", () -> forwarder.stats().get(0).retries() >= 2);

            // when: it comes back on the same port
            startAlertmanager();

            // then
            assertThat(forwarder.flush(Duration.ofSeconds(20))).isTrue();
            Eventually.await("the alert is active", () -> alertOf("login-errors").isPresent());
            assertThat(alertOf("login-errors").orElseThrow().path("labels").path("severity").asText())
                    .isEqualTo("critical");
        }
    }

    // ---- restarts: a monitor and a forwarder on one directory, as `slo monitor --daemon` runs them ----

    private final AtomicReference<Double> latencyMillis = new AtomicReference<>(250.0);

    private final MetricSource source = new MetricSource() {
        @Override
        public String name() {
            return "fake";
        }

        @Override
        public Measurement query(MetricQuery query) {
            return Measurement.of(Quantity.millis(latencyMillis.get()));
        }
    };

    private static final SloSet CHECKOUT = SloSet.named("checkout").slo("p99", s -> s.metric("api_latency_p99",
            "latency").below(Duration.ofMillis(200)).priority(Priority.P1)).build();

    /** One "process": the monitor (state in the directory) with the forwarder (outbox in it) as its listener. */
    private SloMonitor process(Duration resendEvery) {
        Path dir = temp.resolve("state");
        IncidentForwarder forwarder = IncidentForwarder.withOutbox(dir)
                .forwardTo(Receiver.alertmanager(url).named("am").resendEvery(resendEvery))
                .deliveryPolicy(DeliveryPolicy.ofDefaults().withBackoff(Duration.ofMillis(50), 2,
                        Duration.ofMillis(500)))
                .build();
        return SloMonitor.builder().slos(CHECKOUT, source).stateDirectory(dir).listener(forwarder)
                .interval(Duration.ofMillis(100)).build();
    }

    private Instant startsAt(JsonNode alert) {
        return Instant.parse(alert.path("startsAt").asText());
    }

    @Test
    void aRecoveryWhileTheMonitorWasDownResolvesTheAlertWhenItStartsAgain() {
        // given: a breach Alertmanager shows, then the process stops
        try (SloMonitor first = process(Duration.ofMinutes(1))) {
            first.runOnce();
            Eventually.await("the alert is active", () -> alertOf("p99").isPresent());
        }

        // when: the SLO recovers while it is down, and it starts again
        latencyMillis.set(100.0);
        try (SloMonitor second = process(Duration.ofMinutes(1))) {
            second.runOnce();

            // then
            Eventually.await("the alert is resolved", () -> alertOf("p99").isEmpty());
        }
    }

    @Test
    void aBreachThatHoldsAcrossARestartStaysOneAlertWithItsOriginalStartsAt() throws Exception {
        // given: alerts re-sent every 200 ms, so Alertmanager drops one not re-sent within 800 ms
        Duration resend = Duration.ofMillis(200);
        Instant since;
        try (SloMonitor first = process(resend)) {
            first.runOnce();
            Eventually.await("the alert is active", () -> alertOf("p99").isPresent());
            since = startsAt(alertOf("p99").orElseThrow());
        }

        // when: it starts again with the SLO still breached, and runs for ten resend intervals
        try (SloMonitor second = process(resend).start()) {
            Eventually.await("two rounds", () -> second.roundsRun() >= 2);
            Thread.sleep(resend.multipliedBy(10).toMillis());

            // then: still one alert, firing since the first breach
            List<JsonNode> alerts = alerts().stream()
                    .filter(a -> "p99".equals(a.path("labels").path("slo").asText())).toList();
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).path("status").path("state").asText()).isEqualTo("active");
            assertThat(startsAt(alerts.get(0))).isEqualTo(since);
        }
    }
}
