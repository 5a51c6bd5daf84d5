package io.smartspec.slo.datadog;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Unit;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

/** Every way the network and the API fail, each ending in the right result after the right number of attempts. */
class DatadogRetryTest extends DatadogTestSupport {

    private static final String QUERY_PATH = "/api/v1/query";
    private static final Quantity RECORDED_LAST = Quantity.of(92.57754687873684, Unit.PERCENT);

    /** The first request gets {@code first}; every later one the recorded 200. */
    private static void firstThenRecording(ResponseDefinitionBuilder first) {
        server.stubFor(get(urlPathEqualTo(QUERY_PATH)).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(first).willSetStateTo("recovered"));
        server.stubFor(get(urlPathEqualTo(QUERY_PATH)).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(okJson(recordedBody(JAVA_QUERY, 0))));
    }

    private static void always(ResponseDefinitionBuilder response) {
        server.stubFor(get(urlPathEqualTo(QUERY_PATH)).willReturn(response));
    }

    private static Measurement query(DatadogSource source) {
        return source.query(value("cpu_idle", "system.cpu.idle{*}"));
    }

    private static void assertAttempts(int n) {
        server.verify(n, getRequestedFor(urlPathEqualTo(QUERY_PATH)));
    }

    /*
     * The JDK's HttpClient itself sends an idempotent GET a second time when the connection closes
     * before the first byte of the answer (a reset): one attempt of ours is then two requests.
     */

    @Test
    void retriesAConnectionResetAndReadsTheNextAnswer() {
        // given two resets (our first attempt, resent once by the JDK), then the recorded answer
        server.stubFor(get(urlPathEqualTo(QUERY_PATH)).inScenario("resets").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("reset once"));
        server.stubFor(get(urlPathEqualTo(QUERY_PATH)).inScenario("resets").whenScenarioStateIs("reset once")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("recovered"));
        server.stubFor(get(urlPathEqualTo(QUERY_PATH)).inScenario("resets").whenScenarioStateIs("recovered")
                .willReturn(okJson(recordedBody(JAVA_QUERY, 0))));
        String log;
        Measurement m;

        // when
        try (LogCapture capture = LogCapture.datadog()) {
            m = query(source());
            log = capture.text();
        }

        // then our second attempt reads it
        assertThat(m).isEqualTo(new Measurement.Value(RECORDED_LAST));
        assertThat(log).contains("attempt 1 of 4 failed (the connection to 127.0.0.1:" + server.port() + " failed");
        assertAttempts(3);
    }

    @Test
    void givesUpAfterTheLastAttemptWhenTheConnectionIsAlwaysReset() {
        // given
        always(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        // when
        Measurement m = query(source());

        // then 4 attempts of ours, each resent once by the JDK
        assertThat(m).isInstanceOfSatisfying(Measurement.Failed.class, f -> assertThat(f.message())
                .contains("the connection to 127.0.0.1:" + server.port() + " failed", "gave up after 4 attempts"));
        assertAttempts(8);
    }

    @Test
    void retriesAMalformedChunkAndReadsTheNextAnswer() {
        // given
        firstThenRecording(aResponse().withStatus(200).withFault(Fault.MALFORMED_RESPONSE_CHUNK));

        // when
        Measurement m = query(source());

        // then
        assertThat(m).isEqualTo(new Measurement.Value(RECORDED_LAST));
        assertAttempts(2);
    }

    @Test
    void retriesAnAnswerSlowerThanTheTimeoutAndGivesUpAfterTheLastAttempt() {
        // given every answer comes after 2 s, the timeout is 300 ms
        always(okJson(recordedBody(JAVA_QUERY, 0)).withFixedDelay(2000));
        DatadogSource source = DatadogSource.using(config().timeout(Duration.ofMillis(300)).maxAttempts(3).build());

        // when
        Measurement m = query(source);

        // then
        assertThat(m).isInstanceOfSatisfying(Measurement.Failed.class, f -> assertThat(f.message())
                .contains("Datadog did not answer within 300 ms", "gave up after 3 attempts"));
        assertAttempts(3);
    }

    @Test
    void retriesAServerErrorAndReadsTheNextAnswer() {
        // given
        firstThenRecording(aResponse().withStatus(500).withBody("{\"errors\": [\"Internal Server Error\"]}"));

        // when
        Measurement m = query(source());

        // then
        assertThat(m).isEqualTo(new Measurement.Value(RECORDED_LAST));
        assertAttempts(2);
    }

    @Test
    void givesUpWithDatadogsMessageWhenEveryAttemptIsAServerError() {
        // given
        always(aResponse().withStatus(503).withBody("{\"errors\": [\"Service Unavailable\"]}"));

        // when
        Measurement m = query(source());

        // then
        assertThat(m).isEqualTo(Measurement.failed(
                "Datadog answered HTTP 503: Service Unavailable (gave up after 4 attempts)"));
        assertAttempts(4);
    }

    @Test
    void waitsForTheRateLimitResetBeforeRetrying() {
        // given
        firstThenRecording(aResponse().withStatus(429).withHeader("X-RateLimit-Limit", "100")
                .withHeader("X-RateLimit-Period", "10").withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset", "1").withBody("{\"errors\": [\"Too many requests\"]}"));

        // when
        Measurement m;
        String log;
        try (LogCapture capture = LogCapture.datadog()) {
            m = query(source());
            log = capture.text();
        }

        // then the wait is Datadog's reset, not the 10 ms backoff
        assertThat(m).isEqualTo(new Measurement.Value(RECORDED_LAST));
        assertAttempts(2);
        assertThat(log).contains("failed (Datadog rate limit reached (HTTP 429: Too many requests)); retrying in 1000 ms");
    }

    @Test
    void waitsForRetryAfterWhenThereIsNoRateLimitReset() {
        // given
        firstThenRecording(aResponse().withStatus(429).withHeader("Retry-After", "1"));

        // when
        Measurement m;
        String log;
        try (LogCapture capture = LogCapture.datadog()) {
            m = query(source());
            log = capture.text();
        }

        // then
        assertThat(m).isEqualTo(new Measurement.Value(RECORDED_LAST));
        assertAttempts(2);
        assertThat(log).contains("retrying in 1000 ms");
    }

    @Test
    void givesUpAtOnceWhenTheRateLimitResetsAfterTheTimeLimit() {
        // given the limit resets in an hour, the time limit is 20 s
        always(aResponse().withStatus(429).withHeader("X-RateLimit-Reset", "3600"));

        // when
        Measurement m = query(source());

        // then
        assertThat(m).isInstanceOfSatisfying(Measurement.Failed.class, f -> assertThat(f.message())
                .contains("HTTP 429", "gave up after 1 attempt ", "time limit of 20s", "wait 1h"));
        assertAttempts(1);
    }

    @Test
    void stopsRetryingWhenTheNextBackoffWouldPassTheTimeLimit() {
        // given a backoff of at least 500 ms and a time limit of 400 ms
        always(aResponse().withStatus(502));
        DatadogSource source = DatadogSource.using(config().maxAttempts(10).timeLimit(Duration.ofMillis(400))
                .initialBackoff(Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(2)).build());

        // when
        Measurement m = query(source);

        // then
        assertThat(m).isInstanceOfSatisfying(Measurement.Failed.class, f -> assertThat(f.message())
                .contains("HTTP 502", "gave up after 1 attempt", "time limit of 400 ms"));
        assertAttempts(1);
    }

    @Test
    void retriesWhenNothingListensAndSaysWhereItTried() {
        // given a port nobody listens on
        int port = freePort();
        DatadogSource source = DatadogSource.using(config().url("http://127.0.0.1:" + port).maxAttempts(2).build());

        // when
        Measurement m = query(source);

        // then
        assertThat(m).isInstanceOfSatisfying(Measurement.Failed.class, f -> assertThat(f.message())
                .contains("cannot connect to 127.0.0.1:" + port, "gave up after 2 attempts"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
