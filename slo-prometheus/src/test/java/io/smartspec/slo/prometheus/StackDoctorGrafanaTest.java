package io.smartspec.slo.prometheus;

import com.sun.net.httpserver.HttpServer;
import io.smartspec.slo.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The doctor's Grafana check against a stand-in for Grafana's HTTP API (JDK HttpServer): the
 * dashboard found by its uid, missing, or the token refused — and the token never printed.
 */
class StackDoctorGrafanaTest {

    private HttpServer grafana;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile int status = 200;

    @BeforeEach
    void start() throws IOException {
        grafana = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        grafana.createContext("/api/dashboards/uid/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            boolean ours = exchange.getRequestURI().getPath().equals("/api/dashboards/uid/slo-checkout");
            int code = status != 200 ? status : ours ? 200 : 404;
            byte[] body = (code == 200 ? "{\"dashboard\":{\"title\":\"SLOs: checkout\",\"uid\":\"slo-checkout\","
                    + "\"version\":3}}" : "{\"message\":\"Dashboard not found\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        grafana.start();
    }

    @AfterEach
    void stop() {
        grafana.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + grafana.getAddress().getPort();
    }

    private StackDoctor.Check check(String specId, Optional<Secret> token) {
        // the Prometheus check fails (nothing listens on port 1); only the Grafana line is looked at
        return StackDoctor.forSpec(specId, Checkout.slos()).prometheus("http://127.0.0.1:1").grafana(url(), token)
                .check().stream().filter(c -> c.name().equals("grafana dashboard")).findFirst().orElseThrow();
    }

    @Test
    void theDashboardOfTheSpecIsFoundByItsUidWithTheToken() {
        StackDoctor.Check check = check("checkout", Optional.of(Secret.of("glsa_token_123", "env GRAFANA_TOKEN")));
        assertThat(check.passed()).as(check.toString()).isTrue();
        assertThat(check.detail()).isEqualTo("'SLOs: checkout' (uid slo-checkout, version 3) at " + url());
        assertThat(authorizations).containsExactly("Bearer glsa_token_123");
        assertThat(check.toString()).doesNotContain("glsa_token_123");
    }

    @Test
    void aMissingDashboardFailsWithHowToImportIt() {
        StackDoctor.Check check = check("payments", Optional.empty());
        assertThat(check.passed()).isFalse();
        assertThat(check.detail()).isEqualTo("no dashboard with uid slo-payments at " + url());
        assertThat(check.fix()).contains("slo dashboard --spec-id payments --out FILE", "--provisioning DIR");
    }

    @Test
    void aRefusedTokenFailsNamingTheVariable() {
        status = 401;
        StackDoctor.Check check = check("checkout", Optional.of(Secret.of("wrong", "env GRAFANA_TOKEN")));
        assertThat(check.passed()).isFalse();
        assertThat(check.detail()).isEqualTo("Grafana refused the request (401)");
        assertThat(check.fix()).contains("GRAFANA_TOKEN");
    }
}
