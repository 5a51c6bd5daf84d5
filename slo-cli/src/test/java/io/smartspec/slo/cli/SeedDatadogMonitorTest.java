package io.smartspec.slo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code slo monitor --run-once} on the seed's spec.md and its Datadog observability.yaml (verbatim),
 * with DATADOG_API_KEY and DATADOG_APP_KEY in the environment and DATADOG_URL pointing at WireMock.
 */
class SeedDatadogMonitorTest {

    private static final String SPECS = "src/test/resources/seed-datadog";
    private static final String SPEC_ID = "spec-core-001-authentication";
    private static final String API_KEY = "0123456789abcdef0123456789abcdef";
    private static final String APP_KEY = "fedcba9876543210fedcba9876543210fedcba98";
    private static final String P99 = "avg:trace.rack.request.duration{service:my-api,env:prod}.p99";
    private static final String ERRORS = "sum:trace.rack.request.errors{service:my-api,env:prod}.as_rate()";
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private static WireMockServer datadog;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Map<String, String> env = new HashMap<>();

    @BeforeAll
    static void startDatadog() {
        datadog = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort().containerThreads(8));
        datadog.start();
    }

    @AfterAll
    static void stopDatadog() {
        if (datadog != null) {
            datadog.stop();
        }
    }

    @BeforeEach
    void environment() {
        datadog.resetAll();
        env.put("DATADOG_API_KEY", API_KEY);
        env.put("DATADOG_APP_KEY", APP_KEY);
        env.put("DATADOG_URL", "http://127.0.0.1:" + datadog.port());
    }

    private int slo(String... args) {
        SloCli cli = new SloCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, Clock.fixed(NOW, ZoneOffset.UTC), false);
        return cli.run(args);
    }

    private static String series(double value, String unitJson) {
        long ts = (NOW.getEpochSecond() - 60) * 1000;
        return "{\"status\": \"ok\", \"res_type\": \"time_series\", \"series\": [{\"scope\": \"service:my-api,env:prod\", "
                + "\"pointlist\": [[" + ts + ".0, " + value + "]], \"unit\": " + unitJson + "}]}";
    }

    private static void datadogAnswers(String query, String body) {
        datadog.stubFor(get(urlPathEqualTo("/api/v1/query")).withQueryParam("query", equalTo(query))
                .willReturn(okJson(body)));
    }

    @Test
    void theSeedsDatadogExampleIsMonitoredOnceWithTheKeysFromTheEnvironment() throws Exception {
        // given p99 = 0.15 s and 0.25 % errors, in Datadog's unit metadata (the seed declares no unit:)
        datadogAnswers(P99, series(0.15, "[{\"family\": \"time\", \"name\": \"second\"}, null]"));
        datadogAnswers(ERRORS, series(0.25, "[{\"family\": \"percentage\", \"name\": \"percent\"}, null]"));

        // when
        int code = slo("monitor", "--spec-id", SPEC_ID, "--specs-dir", SPECS, "--run-once", "--format", "json");

        // then
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(SloCli.EXIT_BREACHED);
        JsonNode results = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).get("results");
        assertThat(results).hasSize(2);
        assertThat(results.get(0).get("metric").asText()).isEqualTo("api_latency_p99");
        assertThat(results.get(0).get("status").asText()).isEqualTo("MET");
        assertThat(results.get(0).get("value").asDouble()).isEqualTo(150.0);
        assertThat(results.get(0).get("source").asText()).isEqualTo("datadog");
        assertThat(results.get(1).get("metric").asText()).isEqualTo("api_error_rate");
        assertThat(results.get(1).get("status").asText()).isEqualTo("BREACHED");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("api_uptime")
                .contains("warning: " + SPECS + "/" + SPEC_ID + "/observability.yaml:6: metric 'api_error_rate' "
                        + "declares no unit for < 0.1 %");
        datadog.verify(2, getRequestedFor(urlPathEqualTo("/api/v1/query"))
                .withQueryParam("to", equalTo(String.valueOf(NOW.getEpochSecond())))
                .withQueryParam("from", equalTo(String.valueOf(NOW.getEpochSecond() - 300)))
                .withHeader("DD-API-KEY", equalTo(API_KEY))
                .withHeader("DD-APPLICATION-KEY", equalTo(APP_KEY)));
    }

    @Test
    void rejectedKeysAreReportedWithoutPrintingThem() {
        // given Datadog rejects the keys
        datadog.stubFor(get(urlPathEqualTo("/api/v1/query")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody("{\"errors\": [\"Forbidden\"]}")));

        // when
        int code = slo("monitor", "--spec-id", SPEC_ID, "--specs-dir", SPECS, "--run-once");

        // then
        String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(SloCli.EXIT_UNKNOWN);
        assertThat(printed).contains("rejected the API or application key").doesNotContain(API_KEY, APP_KEY);
        datadog.verify(2, getRequestedFor(urlPathEqualTo("/api/v1/query")));
    }
}
