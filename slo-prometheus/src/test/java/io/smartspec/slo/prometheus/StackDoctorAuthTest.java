package io.smartspec.slo.prometheus;

import com.sun.net.httpserver.HttpServer;
import io.smartspec.slo.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A Prometheus behind a proxy that wants a token: the doctor sends the configured headers, and never prints them. */
class StackDoctorAuthTest {

    private HttpServer proxy;

    @BeforeEach
    void start() throws IOException {
        proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", exchange -> {
            boolean allowed = "Bearer s3cret-token".equals(exchange.getRequestHeaders().getFirst("Authorization"))
                    && "tenant-7".equals(exchange.getRequestHeaders().getFirst("X-Scope-OrgID"));
            byte[] body = (allowed ? "{\"status\":\"success\",\"data\":{\"version\":\"2.53.0\"}}" : "unauthorized")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(allowed ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        proxy.start();
    }

    @AfterEach
    void stop() {
        proxy.stop(0);
    }

    private StackDoctor.Check reachable(Map<String, Secret> headers) {
        String url = "http://127.0.0.1:" + proxy.getAddress().getPort();
        return StackDoctor.forSpec("checkout", Checkout.slos()).prometheus(url, headers).check().get(0);
    }

    @Test
    void theConfiguredHeadersAreSent() {
        StackDoctor.Check check = reachable(Map.of("Authorization", Secret.of("Bearer s3cret-token"),
                "X-Scope-OrgID", Secret.of("tenant-7")));
        assertThat(check.toString()).startsWith("PASS prometheus reachable:").contains("Prometheus 2.53.0")
                .doesNotContain("s3cret-token");
    }

    @Test
    void withoutThemTheRefusalSaysWhereTheCredentialsGo() {
        StackDoctor.Check check = reachable(Map.of());
        assertThat(check.passed()).isFalse();
        assertThat(check.detail()).contains("HTTP 401", "bearer_token, basic_auth or headers in observability.yaml");
    }
}
