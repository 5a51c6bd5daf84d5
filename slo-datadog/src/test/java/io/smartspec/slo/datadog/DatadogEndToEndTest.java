package io.smartspec.slo.datadog;

import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.spec.NfrTable;
import io.smartspec.slo.Problem;
import io.smartspec.slo.spec.SpecLoader;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.source.MetricSourceProvider;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Secret;
import io.smartspec.slo.evaluation.SloEvaluator;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.Unit;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.smartspec.slo.Quantity.percent;
import static io.smartspec.slo.Slo.good;
import static io.smartspec.slo.Slo.total;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's Datadog example (src/test/resources/seed: its observability.yaml verbatim and its NFR
 * table) loaded and evaluated end to end against WireMock, with the keys in the environment.
 * (Through {@code SpecLoader} and {@code SloEvaluator}; the test through {@code slo monitor
 * --run-once} belongs with the command line.)
 */
class DatadogEndToEndTest extends DatadogTestSupport {

    private static final String P99 = "avg:trace.rack.request.duration{service:my-api,env:prod}.p99";
    private static final String ERRORS = "sum:trace.rack.request.errors{service:my-api,env:prod}.as_rate()";
    private static final Instant AT = Instant.parse("2026-11-22T12:00:00Z");
    /** Datadog's unit metadata of a series, as in the recorded responses. */
    private static final String SECONDS = "[{\"family\": \"time\", \"name\": \"second\", \"short_name\": \"s\", \"scale_factor\": 1.0}, null]";
    private static final String PERCENT = "[{\"family\": \"percentage\", \"scale_factor\": 1.0, \"name\": \"percent\", \"short_name\": \"%\"}, null]";

    private static Path seed(String file) {
        try {
            return Path.of(DatadogEndToEndTest.class.getResource("/seed/spec-core-001-authentication/" + file).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** spec.md bound to observability.yaml as SpecLoader does, with {@code env} for {{env.DATADOG_API_KEY}}. */
    private static LoadedSpec loadSeed(Map<String, String> env) {
        ObservabilityConfig config = ObservabilityConfig.load(seed("observability.yaml"), env);
        return SpecLoader.bind(NfrTable.parse(seed("spec.md")), config, "spec-core-001-authentication");
    }

    private static MetricSourceProvider datadogProvider() {
        return ServiceLoader.load(MetricSourceProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("datadog")).findFirst().orElseThrow();
    }

    private static String series(String query, double value, String unitJson) {
        long ts = (AT.getEpochSecond() - 60) * 1000;
        return "{\"status\": \"ok\", \"res_type\": \"time_series\", \"query\": \"" + query.replace("\"", "\\\"")
                + "\", \"series\": [{\"metric\": \"m\", \"scope\": \"service:my-api,env:prod\", \"pointlist\": [["
                + (ts - 60_000) + ", " + (value * 2) + "], [" + ts + ".0, " + value + "]], \"unit\": " + unitJson
                + "}], \"from_date\": " + (AT.getEpochSecond() - 300) * 1000 + ", \"to_date\": " + AT.toEpochMilli() + "}";
    }

    private static void datadogAnswers(String query, String body) {
        server.stubFor(get(urlPathEqualTo("/api/v1/query")).withQueryParam("query", equalTo(query))
                .willReturn(okJson(body)));
    }

    @Test
    void theSeedsDatadogExampleIsEvaluatedWithTheKeysFromTheEnvironment() {
        // given Datadog has p99 = 0.15 s and an error rate of 0.25 %, each with Datadog's unit metadata
        datadogAnswers(P99, series(P99, 0.15, SECONDS));
        datadogAnswers(ERRORS, series(ERRORS, 0.25, PERCENT));
        Map<String, String> env = Map.of("DATADOG_API_KEY", API_KEY, "DATADOG_APP_KEY", APP_KEY,
                "DATADOG_URL", "http://127.0.0.1:" + server.port());

        // when
        LoadedSpec spec = loadSeed(env);
        EvaluationRound round;
        try (MetricSource source = datadogProvider().create(spec.config(), env)) {
            round = SloEvaluator.withDefaults().evaluate(spec.slos(), source, AT);
        }

        // then the two rows with a metric are evaluated; the uptime row has none in the seed's file
        assertThat(spec.errors()).extracting(Problem::message).singleElement().asString().contains("api_uptime");
        assertThat(round.results()).extracting(r -> r.slo().metric())
                .containsExactly("api_latency_p99", "api_error_rate");
        SloResult p99 = round.results().get(0);
        SloResult errors = round.results().get(1);
        assertThat(p99.status()).isEqualTo(Status.MET);
        assertThat(p99.observed()).contains(Quantity.of(150, Unit.MILLISECONDS));
        assertThat(errors.status()).isEqualTo(Status.BREACHED);
        assertThat(errors.observed()).contains(percent(0.25));
        server.verify(2, getRequestedFor(urlPathEqualTo("/api/v1/query"))
                .withQueryParam("from", equalTo(String.valueOf(AT.getEpochSecond() - 300)))
                .withQueryParam("to", equalTo(String.valueOf(AT.getEpochSecond())))
                .withHeader("DD-API-KEY", equalTo(API_KEY))
                .withHeader("DD-APPLICATION-KEY", equalTo(APP_KEY)));
    }

    @Test
    void aPlainNumberWithoutUnitMetadataOrDeclaredUnitIsAnErrorSayingWhichUnitToDeclare() {
        // given series without Datadog unit metadata, and the seed's metrics declare no unit:
        datadogAnswers(P99, series(P99, 0.15, "null"));
        datadogAnswers(ERRORS, series(ERRORS, 0.25, "null"));
        Map<String, String> env = Map.of("DATADOG_API_KEY", API_KEY, "DATADOG_URL", "http://127.0.0.1:" + server.port());

        // when
        LoadedSpec spec = loadSeed(env);
        EvaluationRound round;
        try (MetricSource source = DatadogSource.from(spec.config(), env)) {
            round = SloEvaluator.withDefaults().evaluate(spec.slos(), source, AT);
        }

        // then never 0.15 ms or 0.25 % by adopting the objective's unit; loading warned about both
        assertThat(round.results()).extracting(SloResult::status).containsExactly(Status.ERROR, Status.ERROR);
        assertThat(round.results().get(1).detail()).isEqualTo("datadog gave the plain number 0.25 for '" + ERRORS
                + "' (the series' unit metadata when present, else the metric's unit:) and metric 'api_error_rate' "
                + "declares no unit; declare the unit the query returns in observability.yaml, e.g. unit: ratio "
                + "(a fraction 0..1) or unit: % (0..100)");
        assertThat(spec.warnings()).extracting(Problem::message).containsExactly(
                "metric 'api_latency_p99' declares no unit for < 200 ms: its values are read in the unit datadog keeps "
                        + "for the series, and are an error where the series has none; declare what the query "
                        + "returns, e.g. unit: s or unit: ms",
                "metric 'api_error_rate' declares no unit for < 0.1 %: its values are read in the unit datadog keeps "
                        + "for the series, and are an error where the series has none; declare what the query "
                        + "returns, e.g. unit: ratio (a fraction 0..1) or unit: % (0..100)");
    }

    @Test
    void withoutAnApplicationKeyOnlyTheApiKeyIsSent() {
        // given
        datadogAnswers(P99, series(P99, 0.15, SECONDS));
        datadogAnswers(ERRORS, series(ERRORS, 0.01, PERCENT));
        Map<String, String> env = Map.of("DATADOG_API_KEY", API_KEY, "DATADOG_URL", "http://127.0.0.1:" + server.port());

        // when
        LoadedSpec spec = loadSeed(env);
        EvaluationRound round;
        try (MetricSource source = DatadogSource.from(spec.config(), env)) {
            round = SloEvaluator.withDefaults().evaluate(spec.slos(), source, AT);
        }

        // then
        assertThat(round.results()).extracting(SloResult::status).containsExactly(Status.MET, Status.MET);
        server.verify(2, getRequestedFor(urlPathEqualTo("/api/v1/query"))
                .withHeader("DD-API-KEY", equalTo(API_KEY))
                .withHeader("DD-APPLICATION-KEY", absent()));
    }

    @Test
    void aRatioSloCountsEventsOverItsWindowAndTheBurnRateWindows() {
        // given 99 950 good of 100 000 requests in every window
        String good = "sum:trace.rack.request.hits{service:my-api,env:prod,!http.status_class:5xx}.as_count()";
        String all = "sum:trace.rack.request.hits{service:my-api,env:prod}.as_count()";
        datadogAnswers(good, series(good, 99_950 / 3.0, "null"));
        datadogAnswers(all, series(all, 100_000 / 3.0, "null"));
        SloSet slos = SloSet.named("auth")
                .slo("availability", s -> s.ratio(good(good), total(all)).target(percent(99.9)).over(Duration.ofDays(30)))
                .build();
        MetricSourceProvider provider = datadogProvider();
        Map<String, String> env = Map.of("DATADOG_API_KEY", API_KEY, "DATADOG_APP_KEY", APP_KEY);
        ObservabilityConfig config = ObservabilityConfig.parse("observability.yaml", """
                provider: datadog
                url: http://127.0.0.1:%d
                api_key: "{{env.DATADOG_API_KEY}}"
                app_key: "{{env.DATADOG_APP_KEY}}"
                """.formatted(server.port()), env);

        // when
        SloResult result;
        try (MetricSource source = provider.create(config, env)) {
            result = SloEvaluator.withDefaults().evaluate(slos, source, AT).results().get(0);
        }

        // then SLI 99.95 % against 99.9 %: half the budget left, burning at 0.5x
        assertThat(result.status()).isEqualTo(Status.MET);
        assertThat(result.observed().orElseThrow().value()).isCloseTo(99.95, org.assertj.core.api.Assertions.within(1e-9));
        server.verify(getRequestedFor(urlPathEqualTo("/api/v1/query"))
                .withQueryParam("query", equalTo(good))
                .withQueryParam("from", equalTo(String.valueOf(AT.getEpochSecond() - 30 * 86_400))));
        server.verify(getRequestedFor(urlPathEqualTo("/api/v1/query"))
                .withQueryParam("query", equalTo(all))
                .withQueryParam("from", equalTo(String.valueOf(AT.getEpochSecond() - 3600))));
    }
}
