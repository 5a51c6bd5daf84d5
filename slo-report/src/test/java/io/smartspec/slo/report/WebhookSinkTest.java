package io.smartspec.slo.report;

import io.smartspec.slo.history.GeneratedHistory;
import io.smartspec.slo.history.SloHistory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.smartspec.slo.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSinkTest {

    HttpServer server;
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final List<String> keys = new CopyOnWriteArrayList<>();
    volatile int status = 202;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/feedback", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            keys.add(String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key")));
            byte[] answer = (status == 202 ? "{}" : "{\"error\":\"bad token s3cr3t-token\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/feedback?key=s3cr3t-query");
    }

    static SloReport report(Path dir) {
        SloHistory history = SloHistory.in(dir);
        history.append(GeneratedHistory.round(Instant.parse("2026-03-10T10:00:00Z"), 250, 100));
        return SloReport.forSpec("checkout").over(ReportPeriod.day(LocalDate.of(2026, 3, 10), ZoneOffset.UTC))
                .from(history).build();
    }

    @Test
    void theReportIsPostedAsJsonWithTheTokenAndAnIdempotencyKey(@TempDir Path dir) throws Exception {
        // given
        ReportSink sink = ReportSink.webhook(url(), Secret.of("s3cr3t-token", "env FEEDBACK_TOKEN"));

        // when
        sink.deliver(report(dir));

        // then
        JsonNode body = new ObjectMapper().readTree(bodies.get(0));
        assertThat(body.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(body.get("specId").asText()).isEqualTo("checkout");
        assertThat(authorizations).containsExactly("Bearer s3cr3t-token");
        assertThat(keys).containsExactly("checkout/daily/2026-03-10");
    }

    @Test
    void aRefusedReportFailsWithTheStatusButNeverTheTokenOrTheUrlsQuery(@TempDir Path dir) {
        // given
        status = 401;
        ReportSink sink = ReportSink.webhook(url(), Secret.of("s3cr3t-token", "env FEEDBACK_TOKEN"));

        // then
        assertThatThrownBy(() -> sink.deliver(report(dir)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("/feedback")
                .hasMessageNotContaining("s3cr3t-token")
                .hasMessageNotContaining("s3cr3t-query");
        assertThat(sink.name()).doesNotContain("s3cr3t");
    }
}
