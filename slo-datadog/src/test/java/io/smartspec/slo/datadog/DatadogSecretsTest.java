package io.smartspec.slo.datadog;

import com.github.tomakehurst.wiremock.http.Fault;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.config.MetricBinding;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.spec.SpecLoader;
import io.smartspec.slo.Secret;
import io.smartspec.slo.evaluation.SloEvaluator;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.SloValidationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.smartspec.slo.Quantity.millis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Neither key ever appears in a log record, a result, a message, an exception or a toString(). */
class DatadogSecretsTest extends DatadogTestSupport {

    private static final String PATH = "/api/v1/query";

    private static void stub(String query, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
        server.stubFor(get(urlPathEqualTo(PATH)).withQueryParam("query", equalTo(query)).willReturn(response));
    }

    @Test
    void noKeyAppearsInAnyLogRecordResultOrExceptionOfAFailingRun() {
        // given Datadog and a proxy that fail in every way, some echoing the keys back
        stub("forbidden", aResponse().withStatus(403)
                .withBody("{\"errors\": [\"Forbidden: API key " + API_KEY + " is not valid\"]}"));
        stub("echo-500", aResponse().withStatus(500).withBody("upstream failed for DD-APPLICATION-KEY=" + APP_KEY));
        stub("echo-400", aResponse().withStatus(400).withBody("<html>bad request from " + API_KEY + "</html>"));
        stub("not-json", okJson("not json: " + APP_KEY + " / " + API_KEY));
        stub("error-status", okJson("{\"status\": \"error\", \"error\": \"key " + API_KEY + " has no access\"}"));
        stub("reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        stub("slow", okJson("{}").withFixedDelay(1500));
        stub("rate-limited", aResponse().withStatus(429).withHeader("X-RateLimit-Reset", "3600")
                .withBody("{\"errors\": [\"Too many requests for " + APP_KEY + "\"]}"));
        Map<String, String> env = Map.of("DATADOG_API_KEY", API_KEY, "DATADOG_APP_KEY", APP_KEY);
        ObservabilityConfig yaml = ObservabilityConfig.parse("observability.yaml", """
                provider: datadog
                url: http://127.0.0.1:%d
                api_key: "{{env.DATADOG_API_KEY}}"
                app_key: "{{env.DATADOG_APP_KEY}}"
                timeout: 300ms
                max_attempts: 2
                initial_backoff: 10ms
                max_backoff: 20ms
                """.formatted(server.port()), env);
        SloSet.Builder slos = SloSet.named("leaky");
        for (String query : List.of("forbidden", "echo-500", "echo-400", "not-json", "error-status", "reset", "slow",
                "rate-limited")) {
            slos.slo(query, s -> s.metric(query, query).below(millis(200)));
        }

        List<String> texts = new ArrayList<>();
        String log;
        try (LogCapture capture = LogCapture.everything()) {
            // when the run fails in every way
            DatadogSource source = (DatadogSource) new DatadogSourceProvider().create(yaml, env);
            EvaluationRound round = SloEvaluator.withDefaults().evaluate(slos.build(), source, JAVA_RECORDING_AT);
            round.results().forEach(r -> texts.add(r.toString() + " " + r.detail()));
            texts.add(source.toString());
            texts.add(source.config().toString());
            texts.add(yaml.toString());
            // and the configuration is rejected, with the keys in it
            Throwable rejected = catchThrowable(() -> SpecLoader.parseConfig("observability.yaml", """
                    provider: datadog
                    url: "ftp://{{env.DATADOG_API_KEY}}"
                    site: "{{env.DATADOG_APP_KEY}}"
                    api_key: "{{env.DATADOG_API_KEY}}"
                    app_key: "{{env.DATADOG_APP_KEY}}"
                    """, env));
            texts.add(String.valueOf(rejected));
            log = capture.text();
        }

        // then every failure was reported, the 403 as a rejected key
        String all = String.join("\n", texts) + "\n" + log;
        assertThat(texts.get(0)).contains("rejected the API or application key");
        assertThat(log).contains("datadog: metric 'forbidden'", "gave up after 2 attempts", "did not answer within 300 ms");
        assertThat(all).doesNotContain(API_KEY).doesNotContain(APP_KEY);
    }

    @Test
    void aKeyEchoedInAFailureIsRedacted() {
        // given
        stub("forbidden", aResponse().withStatus(403)
                .withBody("{\"errors\": [\"Forbidden: API key " + API_KEY + " is not valid\"]}"));

        // when
        Measurement m = source().query(value("cpu", "forbidden"));

        // then
        assertThat(m).isInstanceOfSatisfying(Measurement.Failed.class,
                f -> assertThat(f.message()).contains("Forbidden: API key **** is not valid"));
    }

    @Test
    void aRejectedConfigurationNamesTheKeysOriginNotTheirValue() {
        // given an empty API key from the environment and a bad site
        ObservabilityConfig yaml = ObservabilityConfig.parse("observability.yaml", """
                provider: datadog
                site: datadoghq.mars
                api_key: "{{env.DATADOG_API_KEY}}"
                app_key: "{{env.DATADOG_APP_KEY}}"
                metrics:
                  - name: x
                    query: "avg:x{*}"
                """, Map.of("DATADOG_API_KEY", "", "DATADOG_APP_KEY", APP_KEY));

        // when
        Throwable thrown = catchThrowable(() -> DatadogConfig.from(yaml, Map.of()));

        // then
        assertThat(thrown).isInstanceOf(SloValidationException.class)
                .hasMessageContaining("api_key: is empty (from env DATADOG_API_KEY)")
                .hasMessageNotContaining(APP_KEY);
    }
}
