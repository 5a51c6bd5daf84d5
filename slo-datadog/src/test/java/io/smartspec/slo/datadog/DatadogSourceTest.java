package io.smartspec.slo.datadog;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Unit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DatadogSourceTest extends DatadogTestSupport {

    private static final String QUERY_PATH = "/api/v1/query";

    private static void answer(int status, String body) {
        server.stubFor(get(urlPathEqualTo(QUERY_PATH)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    private static void answer(String body) {
        server.stubFor(get(urlPathEqualTo(QUERY_PATH)).willReturn(okJson(body)));
    }

    private static ObjectNode javaRecordingBody() {
        return (ObjectNode) recordedResponse(JAVA_QUERY, 0).get("body").deepCopy();
    }

    private static Quantity valueOf(Measurement m) {
        assertThat(m).isInstanceOf(Measurement.Value.class);
        return ((Measurement.Value) m).quantity();
    }

    @Test
    void readsTheLastPointOfARecordedSeriesWithIntegerTimestampsInDatadogsUnit() {
        // given the Java client's recording: 288 points of system.cpu.idle in percent
        answer(recordedBody(JAVA_QUERY, 0));

        // when
        Measurement m = source().query(value("cpu_idle", "system.cpu.idle{*}"));

        // then
        assertThat(valueOf(m)).isEqualTo(Quantity.of(92.57754687873684, Unit.PERCENT));
    }

    @Test
    void readsTheLastPointOfARecordedSeriesWithFloatTimestamps() {
        // given the Python client's 2021 recording, whose timestamps are 1623846300000.0
        answer(recordedBody(PYTHON_QUERY, 0));

        // when
        Measurement m = source().query(value("cpu_idle", "system.cpu.idle{*}"));

        // then
        assertThat(valueOf(m)).isEqualTo(Quantity.of(94.11299427350362, Unit.PERCENT));
    }

    @Test
    void asksForTheLastFiveMinutesBeforeTheInstantWithBothKeysInHeaders() {
        // given
        answer(recordedBody(JAVA_QUERY, 0));
        Instant at = Instant.parse("2022-01-06T00:50:52Z");

        // when
        source().query(MetricQuery.value("api_latency_p99",
                "avg:trace.rack.request.duration{service:my-api,env:prod}.p99", at));

        // then
        server.verify(1, getRequestedFor(urlPathEqualTo(QUERY_PATH))
                .withQueryParam("from", equalTo(String.valueOf(at.getEpochSecond() - 300)))
                .withQueryParam("to", equalTo(String.valueOf(at.getEpochSecond())))
                .withQueryParam("query", equalTo("avg:trace.rack.request.duration{service:my-api,env:prod}.p99"))
                .withHeader("DD-API-KEY", equalTo(API_KEY))
                .withHeader("DD-APPLICATION-KEY", equalTo(APP_KEY)));
    }

    @Test
    void usesTheWindowConfiguredForTheMetric() {
        // given
        answer(recordedBody(JAVA_QUERY, 0));
        DatadogSource source = DatadogSource.using(config().metric("cpu_idle",
                new DatadogConfig.Metric(Optional.of(Duration.ofDays(1)), Optional.empty(), Optional.empty())).build());

        // when
        source.query(value("cpu_idle", "system.cpu.idle{*}"));

        // then the window of the recording itself: to - from = 1 day
        long to = JAVA_RECORDING_AT.getEpochSecond();
        server.verify(1, getRequestedFor(urlPathEqualTo(QUERY_PATH))
                .withQueryParam("from", equalTo(String.valueOf(to - 86_400)))
                .withQueryParam("to", equalTo(String.valueOf(to))));
    }

    @ParameterizedTest(name = "{0} of the recorded points is {1}")
    @CsvSource({
            "last, 92.57754687873684",
            "avg, 91.7749419192227",
            "max, 92.64857687950135",
            "min, 90.40943036905179",
            "sum, 26431.183272736136"})
    void aggregatesTheWindowsPointsAsConfiguredForTheMetric(String aggregation, double expected) {
        // given
        answer(recordedBody(JAVA_QUERY, 0));
        DatadogSource source = DatadogSource.using(config().metric("cpu_idle", new DatadogConfig.Metric(
                Optional.empty(), Aggregation.parse(aggregation), Optional.empty())).build());

        // when
        Measurement m = source.query(value("cpu_idle", "system.cpu.idle{*}"));

        // then
        assertThat(valueOf(m).value()).isCloseTo(expected, within(1e-9));
        assertThat(valueOf(m).unit()).isEqualTo(Unit.PERCENT);
    }

    private static ObjectNode twoSeries() {
        ObjectNode body = javaRecordingBody();
        ArrayNode series = (ArrayNode) body.get("series");
        ObjectNode second = series.get(0).deepCopy();
        second.put("scope", "host:b");
        ((ArrayNode) second.get("pointlist")).add(JSON.createArrayNode().add(1641430500000L).add(99.5));
        series.add(second);
        return body;
    }

    @Test
    void failsWhenTheQueryReturnsSeveralSeriesAndTheMetricHasNoAggregation() {
        // given
        answer(twoSeries().toString());

        // when
        Measurement m = source().query(value("cpu_idle", "system.cpu.idle{*} by {host}"));

        // then
        assertThat(m).isInstanceOfSatisfying(Measurement.Failed.class, f -> assertThat(f.message())
                .contains("2 series", "system.cpu.idle{*} by {host}", "host:b", "aggregation", "cpu_idle"));
    }

    @Test
    void poolsThePointsOfSeveralSeriesWhenTheMetricIsAggregated() {
        // given
        answer(twoSeries().toString());
        DatadogSource source = DatadogSource.using(config().metric("cpu_idle", new DatadogConfig.Metric(
                Optional.empty(), Optional.of(Aggregation.MAX), Optional.empty())).build());

        // when
        Measurement m = source.query(value("cpu_idle", "system.cpu.idle{*} by {host}"));

        // then
        assertThat(valueOf(m)).isEqualTo(Quantity.of(99.5, Unit.PERCENT));
    }

    @Test
    void hasNoDataWhenDatadogReturnsNoSeries() {
        // given
        ObjectNode body = javaRecordingBody();
        body.putArray("series");
        answer(body.toString());

        // when
        Measurement m = source().query(value("cpu_idle", "system.cpu.idle{host:gone}"));

        // then
        assertThat(m).isInstanceOfSatisfying(Measurement.NoData.class,
                n -> assertThat(n.reason()).contains("no series", "system.cpu.idle{host:gone}"));
    }

    @Test
    void hasNoDataWhenEveryPointIsNull() {
        // given
        ObjectNode body = javaRecordingBody();
        for (var point : body.get("series").get(0).get("pointlist")) {
            ((ArrayNode) point).set(1, JSON.nullNode());
        }
        answer(body.toString());

        // when
        Measurement m = source().query(value("cpu_idle", "system.cpu.idle{*}"));

        // then
        assertThat(m).isInstanceOfSatisfying(Measurement.NoData.class,
                n -> assertThat(n.reason()).contains("only null points"));
    }

    @Test
    void skipsTrailingNullPointsForTheLastValue() {
        // given
        ObjectNode body = javaRecordingBody();
        ((ArrayNode) body.get("series").get(0).get("pointlist"))
                .add(JSON.createArrayNode().add(1641430500000L).addNull());
        answer(body.toString());

        // when
        Measurement m = source().query(value("cpu_idle", "system.cpu.idle{*}"));

        // then
        assertThat(valueOf(m)).isEqualTo(Quantity.of(92.57754687873684, Unit.PERCENT));
    }

    @Test
    void reportsDatadogsMessageWhenTheBodySaysStatusError() {
        // given
        answer("{\"status\": \"error\", \"res_type\": \"time_series\", \"series\": [], "
                + "\"error\": \"Error parsing query: unable to parse avg:foo{: Rule 'scope_expr' didn't match\"}");

        // when
        Measurement m = source().query(value("broken", "avg:foo{"));

        // then
        assertThat(m).isInstanceOfSatisfying(Measurement.Failed.class, f -> assertThat(f.message())
                .startsWith("Datadog: Error parsing query: unable to parse avg:foo{"));
    }

    @Test
    void reportsTheRecordedBadRequestWithoutRetrying() {
        // given Datadog's real 400 body
        answer(recordedStatus(BAD_REQUEST, 0), recordedBody(BAD_REQUEST, 0));

        // when
        Measurement m = source().query(value("cpu_idle", "system.cpu.idle{*}"));

        // then
        assertThat(m).isEqualTo(Measurement.failed(
                "Datadog rejected the query (HTTP 400: Invalid payload: must specify monitor_ids)"));
        server.verify(1, getRequestedFor(urlPathEqualTo(QUERY_PATH)));
    }

    @Test
    void reportsTheRecordedNotFoundWithoutRetrying() {
        // given Datadog's real 404 body
        answer(recordedStatus(NOT_FOUND, 0), recordedBody(NOT_FOUND, 0));

        // when
        Measurement m = source().query(value("cpu_idle", "system.cpu.idle{*}"));

        // then
        assertThat(m).isInstanceOfSatisfying(Measurement.Failed.class, f -> assertThat(f.message())
                .isEqualTo("Datadog answered HTTP 404: SLO not found: testdeleteansloreturnsnotfoundresponse1704322485 not found"));
        server.verify(1, getRequestedFor(urlPathEqualTo(QUERY_PATH)));
    }

    @Test
    void saysTheKeysWereRejectedOnForbiddenWithoutShowingThem() {
        // given slo-generator's 403 fixture
        answer(403, resource("slo-generator/dd_error.json"));

        // when
        Measurement m = source().query(value("cpu_idle", "system.cpu.idle{*}"));

        // then
        assertThat(m).isInstanceOfSatisfying(Measurement.Failed.class, f -> assertThat(f.message())
                .contains("rejected the API or application key", "HTTP 403: Forbidden", "env DATADOG_API_KEY",
                        "env DATADOG_APP_KEY")
                .doesNotContain(API_KEY, APP_KEY));
        server.verify(1, getRequestedFor(urlPathEqualTo(QUERY_PATH)));
    }

    @Test
    void convertsTheValueWithTheSeriesUnit() {
        // given a latency series in nanoseconds
        ObjectNode body = javaRecordingBody();
        ObjectNode series = (ObjectNode) body.get("series").get(0);
        series.putArray("pointlist").add(JSON.createArrayNode().add(1641430200000L).add(150_000_000.0));
        series.putArray("unit").add(JSON.createObjectNode().put("family", "time").put("name", "nanosecond")
                .put("short_name", "ns").put("scale_factor", 1e-9)).addNull();
        answer(body.toString());

        // when
        Measurement m = source().query(value("api_latency_p99", "p99:trace.http.request{*}"));

        // then
        assertThat(valueOf(m).to(Unit.MILLISECONDS).value()).isCloseTo(150, within(1e-9));
    }

    @Test
    void appliesTheMetricsUnitWhenTheSeriesHasNone() {
        // given slo-generator's fixture, whose series has "unit": null
        answer(resource("slo-generator/dd_timeseries.json"));
        DatadogSource withUnit = DatadogSource.using(config().metric("disk_used", new DatadogConfig.Metric(
                Optional.empty(), Optional.empty(), Optional.of(Unit.FRACTION))).build());

        // when
        Quantity declared = valueOf(withUnit.query(value("disk_used", "sum:system.disk.used{*} / sum:system.disk.total{*}")));
        Quantity plain = valueOf(source().query(value("other", "sum:system.disk.used{*} / sum:system.disk.total{*}")));

        // then
        assertThat(declared).isEqualTo(Quantity.of(0.18535713648676658, Unit.FRACTION));
        assertThat(plain).isEqualTo(Quantity.of(0.18535713648676658, Unit.NUMBER));
    }

    @Test
    void countsEventsAsTheSumOfThePointsOverTheEvaluatedWindow() {
        // given
        answer(recordedBody(JAVA_QUERY, 0));
        Instant at = JAVA_RECORDING_AT;

        // when
        Measurement m = source().query(MetricQuery.events("availability", "sum:requests.ok{*}.as_count()",
                Duration.ofHours(6), at));

        // then
        assertThat(valueOf(m).value()).isCloseTo(26431.183272736136, within(1e-9));
        assertThat(valueOf(m).unit()).isEqualTo(Unit.NUMBER);
        server.verify(1, getRequestedFor(urlPathEqualTo(QUERY_PATH))
                .withQueryParam("from", equalTo(String.valueOf(at.getEpochSecond() - 6 * 3600)))
                .withQueryParam("query", equalTo("sum:requests.ok{*}.as_count()")));
    }

    @Test
    void sumsEventsOfSeveralSeries() {
        // given two series: the recording and one more point of 99.5
        answer(twoSeries().toString());

        // when
        Measurement m = source().query(MetricQuery.events("availability", "sum:requests{*} by {host}.as_count()",
                Duration.ofDays(1), JAVA_RECORDING_AT));

        // then
        assertThat(valueOf(m).value()).isCloseTo(2 * 26431.183272736136 + 99.5, within(1e-6));
    }

    @Test
    void explainsThatLatencyThresholdsNeedAGoodQueryWithoutAskingDatadog() {
        // when
        Measurement m = source().query(MetricQuery.eventsFasterThan("checkout", "trace.http.request{*}",
                Quantity.millis(200), Duration.ofDays(30), JAVA_RECORDING_AT));

        // then
        assertThat(m).isInstanceOfSatisfying(Measurement.Failed.class,
                f -> assertThat(f.message()).contains("200 ms", "good_query", "checkout"));
        server.verify(0, getRequestedFor(urlPathEqualTo(QUERY_PATH)));
    }

    @Test
    void answersForPastInstants() {
        assertThat(source().supportsPastInstants()).isTrue();
        assertThat(source().name()).isEqualTo("datadog");
    }
}
