package io.smartspec.slo.remediation;

import com.sun.net.httpserver.HttpServer;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.incident.store.IncidentStore;
import io.smartspec.slo.incident.store.Incidents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.smartspec.slo.remediation.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The http action, configured in observability.yaml, against a real feature-flag service. */
class HttpActionTest {

    @TempDir
    Path dir;
    HttpServer flags;
    final List<String> requests = new CopyOnWriteArrayList<>();
    volatile int status = 200;

    @BeforeEach
    void start() throws Exception {
        flags = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        flags.createContext("/api/flags/new-checkout", x -> {
            String auth = x.getRequestHeaders().getFirst("Authorization");
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(x.getRequestMethod() + " " + auth + " " + body);
            // a careless service that echoes the credentials it was sent
            byte[] answer = ("flag new-checkout disabled (caller " + auth + ")").getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(status, answer.length);
            x.getResponseBody().write(answer);
            x.close();
        });
        flags.start();
    }

    @AfterEach
    void stop() {
        flags.stop(0);
    }

    private List<String> run() {
        String yaml = """
                provider: prometheus
                metrics:
                  - name: checkout_error_rate
                    query: error-rate
                remediation:
                  actions:
                    disable-new-checkout:
                      http:
                        method: PATCH
                        url: http://127.0.0.1:%d/api/flags/new-checkout
                        headers:
                          Authorization: "Bearer {{env.FLAGS_TOKEN}}"
                        body: '{"enabled": false}'
                      after: 0s
                  slos:
                    checkout-errors: disable-new-checkout
                """.formatted(flags.getAddress().getPort());
        ObservabilityConfig config = ObservabilityConfig.parse("observability.yaml", yaml,
                Map.of("FLAGS_TOKEN", "flag-t0ken-9f8e"));
        try (Incidents incidents = Incidents.in(IncidentStore.embedded(dir)).closeStoreOnClose().build()) {
            Remediation remediation = Remediation.fromConfig(config).recordTo(incidents).build();
            try {
                feed(incidents, remediation, breach(0, 0));
            } finally {
                remediation.close();
            }
            return remediationTexts(incidents);
        }
    }

    @Test
    void theCallIsMadeWithItsSecretHeaderAndBodyAndRecordedWithoutTheSecret() {
        List<String> texts = run();

        assertThat(requests).containsExactly("PATCH Bearer flag-t0ken-9f8e {\"enabled\": false}");
        assertThat(texts.get(0)).startsWith("remediation: running disable-new-checkout (http PATCH http://127.0.0.1:"
                + flags.getAddress().getPort() + "/api/flags/new-checkout with headers Authorization): ");
        assertThat(texts.get(1)).startsWith("remediation: disable-new-checkout succeeded in ")
                .endsWith(": HTTP 200; output: flag new-checkout disabled (caller ****); the SLO is verified "
                        + "within 5 min");
        assertThat(String.join("\n", texts)).doesNotContain("flag-t0ken-9f8e");
    }

    @Test
    void anAnswerOtherThan2xxIsAFailure() {
        status = 409;

        List<String> texts = run();

        assertThat(texts.get(1)).startsWith("remediation: disable-new-checkout failed in ")
                .contains(": HTTP 409; output: flag new-checkout disabled");
    }
}
