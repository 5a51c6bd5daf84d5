package io.smartspec.slo.datadog;

import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Unit;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** A Datadog SLO as the indicator, read from {@code /api/v1/slo/{id}/history}. */
class DatadogSloHistoryTest extends DatadogTestSupport {

    private static final String ID = "423786587d20530b9c05db1767c5869b";
    private static final String HISTORY = "/api/v1/slo/" + ID + "/history";
    /** slo-generator's fixture: to_ts of the history. */
    private static final Instant AT = Instant.ofEpochSecond(1601727152);

    private static void answerWithSloGeneratorFixture() {
        server.stubFor(get(urlPathEqualTo(HISTORY)).willReturn(okJson(resource("slo-generator/dd_slo_history.json"))));
    }

    @Test
    void readsTheSliOfTheSloOverTheLastSevenDays() {
        // given
        answerWithSloGeneratorFixture();

        // when
        Measurement m = source().query(MetricQuery.value("disk", "slo:" + ID, AT));

        // then
        assertThat(m).isEqualTo(new Measurement.Value(Quantity.of(17.407365359189875, Unit.PERCENT)));
        server.verify(1, getRequestedFor(urlPathEqualTo(HISTORY))
                .withQueryParam("from_ts", equalTo(String.valueOf(AT.getEpochSecond() - 7 * 86_400)))
                .withQueryParam("to_ts", equalTo(String.valueOf(AT.getEpochSecond()))));
    }

    @Test
    void readsGoodBadAndTotalEventsOfAMetricSloOverTheEvaluatedWindow() {
        // given
        answerWithSloGeneratorFixture();
        Duration hour = Duration.ofHours(1);

        // when
        Measurement good = source().query(MetricQuery.events("disk", "slo:" + ID + ":good", hour, AT));
        Measurement bad = source().query(MetricQuery.events("disk", "slo:" + ID + ":bad", hour, AT));
        Measurement total = source().query(MetricQuery.events("disk", "slo:" + ID + ":total", hour, AT));

        // then numerator 458420286000 of denominator 2633484600000
        assertThat(good).isEqualTo(Measurement.of(458420286000d, Unit.NUMBER));
        assertThat(bad).isEqualTo(Measurement.of(2175064314000d, Unit.NUMBER));
        assertThat(total).isEqualTo(Measurement.of(2633484600000d, Unit.NUMBER));
        server.verify(3, getRequestedFor(urlPathEqualTo(HISTORY))
                .withQueryParam("from_ts", equalTo(String.valueOf(AT.getEpochSecond() - 3600))));
    }

    @Test
    void hasNoDataWithDatadogsReasonWhenTheRecordedHistoryHasNoSli() {
        // given the real recorded history of an SLO without events
        String id = "627a3ccd24af50beb8eacbd36c5962f9";
        server.stubFor(get(urlPathEqualTo("/api/v1/slo/" + id + "/history"))
                .willReturn(okJson(recordedBody(SLO_HISTORY_NO_DATA, 1))));

        // when
        Measurement m = source().query(MetricQuery.value("checkout", "slo:" + id, Instant.ofEpochSecond(1704322488)));

        // then
        assertThat(m).isEqualTo(Measurement.noData("Datadog SLO " + id
                + " has no SLI value (state no_data: The denominator is zero valued)"));
    }

    @Test
    void explainsThatARatioNeedsEventCountsNotTheSli() {
        // given
        answerWithSloGeneratorFixture();

        // when
        Measurement m = source().query(MetricQuery.events("disk", "slo:" + ID, Duration.ofDays(7), AT));

        // then
        assertThat(m).isInstanceOfSatisfying(Measurement.Failed.class,
                f -> assertThat(f.message()).contains("slo:" + ID + ":good", "slo:" + ID + ":total"));
    }
}
