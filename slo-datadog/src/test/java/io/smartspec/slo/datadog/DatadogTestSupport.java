package io.smartspec.slo.datadog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.Secret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/** A WireMock server on 127.0.0.1 per test class, the recorded bodies, and a fast-retrying config. */
abstract class DatadogTestSupport {

    static final String API_KEY = "0123456789abcdef0123456789abcdef";
    static final String APP_KEY = "fedcba9876543210fedcba9876543210fedcba98";
    static final ObjectMapper JSON = new ObjectMapper();

    /** The frozen clock of the Java client's recording of GET /api/v1/query. */
    static final Instant JAVA_RECORDING_AT = Instant.parse("2022-01-06T00:50:52.650Z");

    static WireMockServer server;

    @BeforeAll
    static void startServer() {
        server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort().containerThreads(10));
        server.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @BeforeEach
    void resetServer() {
        server.resetAll();
    }

    /** Fast retries: 4 attempts, 10 ms backoff, 5 s timeout (WireMock starts slowly on a busy machine), 20 s time limit. */
    static DatadogConfig.Builder config() {
        return DatadogConfig.custom()
                .url("http://127.0.0.1:" + server.port())
                .apiKey(Secret.of(API_KEY, "env DATADOG_API_KEY"))
                .appKey(Secret.of(APP_KEY, "env DATADOG_APP_KEY"))
                .timeout(Duration.ofSeconds(5))
                .timeLimit(Duration.ofSeconds(20))
                .maxAttempts(4)
                .initialBackoff(Duration.ofMillis(10))
                .maxBackoff(Duration.ofMillis(50));
    }

    static DatadogSource source() {
        return DatadogSource.using(config().build());
    }

    static MetricQuery value(String metric, String query) {
        return MetricQuery.value(metric, query, JAVA_RECORDING_AT);
    }

    static String resource(String path) {
        try (InputStream in = DatadogTestSupport.class.getResourceAsStream("/reference/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource reference/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The recorded response of interaction {@code i} of a recording: {@code [status, body]}. */
    static JsonNode recordedResponse(String path, int i) {
        try {
            return JSON.readTree(resource(path)).path("interactions").get(i).path("response");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String recordedBody(String path, int i) {
        return recordedResponse(path, i).get("body").toString();
    }

    static int recordedStatus(String path, int i) {
        return recordedResponse(path, i).get("status").asInt();
    }

    static final String JAVA_QUERY = "datadog-api-client-java/Query_timeseries_points_returns_OK_response.json";
    static final String PYTHON_QUERY =
            "datadog-api-client-python/Query_timeseries_points_returns_OK_response.2021-06-17.json";
    static final String BAD_REQUEST = "datadog-api-client-java/Create_an_SLO_object_returns_Bad_Request_response.json";
    static final String NOT_FOUND = "datadog-api-client-java/Delete_an_SLO_returns_Not_found_response.json";
    static final String SLO_HISTORY_NO_DATA = "datadog-api-client-java/Get_an_SLO_s_history_returns_OK_response.json";
}
