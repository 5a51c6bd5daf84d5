package io.smartspec.slo.incident.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpServer;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Secret;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.incident.store.Incident;
import io.smartspec.slo.incident.store.IncidentQuery;
import io.smartspec.slo.incident.store.IncidentStore;
import io.smartspec.slo.incident.store.Incidents;
import io.smartspec.slo.incident.store.TimelineEntry;
import io.smartspec.slo.monitor.SloEvent;
import io.smartspec.slo.prometheus.PrometheusRules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Alertmanager (Debian's {@code prometheus-alertmanager}) whose webhook receiver is the
 * incident API: an alert labelled as the rules of {@code slo rules} label it opens an incident, the
 * monitor's breach of the same SLO joins it, and the resolved alert records its recovery.
 */
class AlertmanagerIntakeIT {

    private static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
    private static final String TOKEN = "intake-t0ken";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final SloSet CHECKOUT = SloSet.named("checkout").slo("checkout-p99", s -> s.metric("api_latency_p99",
                    "histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[5m])) by (le))")
            .below(Duration.ofMillis(200)).priority(Priority.P1)).build();

    @TempDir
    Path temp;
    private Process alertmanager;
    private String amUrl;
    private HttpServer api;
    private IncidentStore store;
    private Incidents incidents;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @BeforeEach
    void start() throws Exception {
        if (!Files.isExecutable(BINARY)) {
            String hint = "prometheus-alertmanager not found at " + BINARY + "; apt-get install -y prometheus-alertmanager";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(hint);
            }
            Assumptions.abort(hint);
        }
        store = IncidentStore.embedded(temp.resolve("incidents"));
        incidents = Incidents.in(store).build();
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", IncidentApi.of(incidents).writeToken(Secret.of(TOKEN, "test")));
        api.start();
        Path config = temp.resolve("alertmanager.yml");
        Files.writeString(config, """
                route:
                  receiver: incidents
                  group_by: [spec_id, slo]
                  group_wait: 0s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: incidents
                    webhook_configs:
                      - url: http://127.0.0.1:%d/v1/alertmanager
                        send_resolved: true
                        http_config:
                          authorization:
                            type: Bearer
                            credentials: %s
                """.formatted(api.getAddress().getPort(), TOKEN));
        int port = freePort();
        amUrl = "http://127.0.0.1:" + port;
        alertmanager = new ProcessBuilder(BINARY.toString(), "--config.file=" + config,
                "--storage.path=" + temp.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=", "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(temp.resolve("alertmanager.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(amUrl + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    break;
                }
            } catch (java.io.IOException e) {
                // not yet
            }
            if (!alertmanager.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("Alertmanager did not start: " + Files.readString(temp.resolve("alertmanager.log")));
            }
            Thread.sleep(100);
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (alertmanager != null) {
            alertmanager.destroy();
            if (!alertmanager.waitFor(10, TimeUnit.SECONDS)) {
                alertmanager.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (api != null) {
            api.stop(0);
        }
        if (store != null) {
            store.close();
        }
    }

    /** The labels of the generated threshold alert of checkout-p99, with its alertname, as Prometheus fires it. */
    private static ObjectNode alertLabels() throws Exception {
        JsonNode rules = new YAMLMapper().readTree(PrometheusRules.forSpec("checkout", CHECKOUT).generate());
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("alert")) {
                    ObjectNode labels = ((ObjectNode) rule.path("labels")).deepCopy();
                    labels.put("alertname", rule.get("alert").asText());
                    return labels;
                }
            }
        }
        throw new AssertionError("no alert rule generated");
    }

    private void postAlert(ObjectNode labels, Instant startsAt, Optional<Instant> endsAt) throws Exception {
        ArrayNode body = JSON.createArrayNode();
        ObjectNode alert = body.addObject();
        alert.set("labels", labels);
        alert.putObject("annotations").put("summary", "SLO checkout-p99 of checkout is not met");
        alert.put("startsAt", startsAt.toString());
        endsAt.ifPresent(e -> alert.put("endsAt", e.toString()));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(amUrl + "/api/v2/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private Incident await(Predicate<Incident> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Optional<Incident> i = store.latest("checkout/checkout-p99");
            if (i.isPresent() && condition.test(i.get())) {
                return i.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no incident " + what + " within 20 s: " + store.latest("checkout/checkout-p99")
                + "\n" + Files.readString(temp.resolve("alertmanager.log")));
    }

    @Test
    void alertsOfTheGeneratedRulesOpenAndRecoverTheIncidentTheMonitorFeedsToo() throws Exception {
        // given the labels the generated rules give the alert
        ObjectNode labels = alertLabels();
        assertThat(labels.path("spec_id").asText()).isEqualTo("checkout");
        assertThat(labels.path("slo").asText()).isEqualTo("checkout-p99");
        Instant started = Instant.now().minusSeconds(60);

        // when Prometheus fires it through Alertmanager
        postAlert(labels, started, Optional.empty());
        Incident opened = await(Incident::breaching, "opened by the alert");
        // and the in-process monitor sees the same breach
        var slo = CHECKOUT.slos().get(0);
        SloResult r = new SloResult("checkout", slo, Status.BREACHED, Optional.of(Quantity.millis(420)),
                Optional.of(Quantity.millis(-220)), "", Optional.empty(), List.of(), List.of(), Instant.now(), "test", "q");
        incidents.onEvent(new SloEvent(SloEvent.Kind.BREACH, r, started, Instant.now()));
        // and the alert resolves
        postAlert(labels, started, Optional.of(Instant.now().minusSeconds(1)));
        Incident recovered = await(i -> !i.breaching(), "recovered by the resolved alert");

        // then one incident, opened and recovered by Alertmanager, the monitor's breach joined to it
        assertThat(store.list(IncidentQuery.all())).hasSize(1);
        assertThat(recovered.id()).isEqualTo(opened.id());
        assertThat(recovered.priority()).isEqualTo(Priority.P1);
        assertThat(recovered.timeline()).extracting(e -> e.kind() + " by " + e.actor())
                .containsExactly(TimelineEntry.Kind.BREACH + " by alertmanager", TimelineEntry.Kind.RECOVERY
                        + " by alertmanager");
        assertThat(recovered.timeline().get(0).text()).contains("SLO checkout-p99 of checkout is not met");
    }
}
