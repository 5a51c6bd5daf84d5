package io.smartspec.slo.datadog;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.Secret;
import io.smartspec.slo.junit.MetricSourceContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/** The shared contract, for {@link DatadogSource} over WireMock on 127.0.0.1. */
class DatadogSourceContractTest extends MetricSourceContract {

    private static final Secret API_KEY = Secret.of("0123456789abcdef0123456789abcdef", "env DATADOG_API_KEY");
    private static final Secret APP_KEY = Secret.of("fedcba9876543210fedcba9876543210fedcba98", "env DATADOG_APP_KEY");
    private static final String PATH = "/api/v1/query";

    private static WireMockServer server;

    @BeforeAll
    static void startServer() {
        server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        server.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @Override
    protected MetricSource createSource() {
        return DatadogSource.using(DatadogConfig.custom()
                .url("http://127.0.0.1:" + server.port())
                .apiKey(API_KEY)
                .appKey(APP_KEY)
                .timeout(Duration.ofSeconds(5))
                .maxAttempts(2)
                .initialBackoff(Duration.ofMillis(10))
                .maxBackoff(Duration.ofMillis(20))
                .build());
    }

    @Override
    protected List<Secret> secrets() {
        return List.of(API_KEY, APP_KEY);
    }

    /**
     * One series of one point, as {@code GET /api/v1/query} writes it. Datadog has no NaN in JSON (a
     * point without a value is {@code null}); a value beyond a double's range reads as an infinity.
     */
    private static String series(double value) {
        String v = Double.isNaN(value) ? "null" : value == Double.POSITIVE_INFINITY ? "1e999"
                : value == Double.NEGATIVE_INFINITY ? "-1e999" : Double.toString(value);
        return "{\"status\":\"ok\",\"res_type\":\"time_series\",\"series\":[{\"scope\":\"service:checkout\","
                + "\"pointlist\":[[1641430200000," + v + "]]}]}";
    }

    private static void answer(String body) {
        server.resetAll();
        server.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson(body)));
    }

    @Override
    protected MetricQuery givenValue(double value) {
        answer(series(value));
        return MetricQuery.value("m", "avg:checkout.queue.depth{service:checkout}", NOW);
    }

    @Override
    protected MetricQuery givenNoData() {
        answer("{\"status\":\"ok\",\"res_type\":\"time_series\",\"series\":[]}");
        return MetricQuery.value("m", "avg:metric.that.does.not.exist{*}", NOW);
    }

    @Override
    protected MetricQuery givenError() {
        server.resetAll();
        server.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"errors\":[\"Error parsing query: keys " + API_KEY.reveal() + " / " + APP_KEY.reveal()
                        + " cannot run 'avg:checkout.queue.depth{'\"]}")));
        return MetricQuery.value("m", "avg:checkout.queue.depth{", NOW);
    }

    @Override
    protected Optional<MetricQuery> givenEvents(long count, Duration window) {
        answer(series(count));
        return Optional.of(MetricQuery.events("m", "sum:checkout.requests{*}.as_count()", window, NOW));
    }

    @Override
    protected MetricQuery givenValueOnlyAt(double value, Instant past) {
        server.resetAll();
        server.stubFor(get(urlPathEqualTo(PATH)).atPriority(10)
                .willReturn(okJson("{\"status\":\"ok\",\"res_type\":\"time_series\",\"series\":[]}")));
        server.stubFor(get(urlPathEqualTo(PATH)).atPriority(1)
                .withQueryParam("to", equalTo(Long.toString(past.getEpochSecond())))
                .willReturn(okJson(series(value))));
        return MetricQuery.value("m", "avg:checkout.queue.depth{service:checkout}", past);
    }
}
