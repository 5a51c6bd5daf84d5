package io.smartspec.slo.datadog;

import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Unit;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** A monitor may query one source from several threads at once. */
class DatadogConcurrencyTest extends DatadogTestSupport {

    @Test
    void oneSourceAnswersQueriesFromSeveralThreadsEachWithItsOwnValue() throws Exception {
        // given 16 metrics, metric i at i ms
        int metrics = 16;
        for (int i = 0; i < metrics; i++) {
            server.stubFor(get(urlPathEqualTo("/api/v1/query")).withQueryParam("query", equalTo("m" + i + "{*}"))
                    .willReturn(okJson("{\"status\": \"ok\", \"series\": [{\"scope\": \"*\", \"pointlist\": [[1, " + i
                            + "]], \"unit\": [{\"family\": \"time\", \"name\": \"millisecond\"}, null]}]}")));
        }
        DatadogSource source = source();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Measurement>> answers = new ArrayList<>();

        // when
        try {
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < metrics; i++) {
                    String query = "m" + i + "{*}";
                    answers.add(pool.submit(() -> source.query(value("m", query))));
                }
            }
            // then
            for (int k = 0; k < answers.size(); k++) {
                assertThat(answers.get(k).get()).isEqualTo(new Measurement.Value(Quantity.of(k % metrics, Unit.MILLISECONDS)));
            }
        } finally {
            pool.shutdownNow();
        }
        server.verify(3 * metrics, getRequestedFor(urlPathEqualTo("/api/v1/query")));
    }
}
