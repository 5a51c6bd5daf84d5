package io.smartspec.slo.prometheus;

import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.Secret;
import io.smartspec.slo.junit.MetricSourceContract;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.smartspec.slo.prometheus.FakePrometheus.recorded;

/** The shared contract, for {@link PrometheusSource} over a recorded-answer server on 127.0.0.1. */
class PrometheusSourceContractTest extends MetricSourceContract {

    private static final Secret TOKEN = Secret.of("contract-token-3f9a1c7e", "env PROM_TOKEN");

    private final FakePrometheus prometheus = new FakePrometheus();

    @AfterEach
    void stopPrometheus() {
        prometheus.close();
    }

    @Override
    protected MetricSource createSource() {
        return PrometheusSource.at(prometheus.url()).bearerToken(TOKEN).withoutRetries().build();
    }

    @Override
    protected List<Secret> secrets() {
        return List.of(TOKEN);
    }

    /** A one-sample vector as Prometheus writes it: NaN, +Inf and -Inf are strings like the numbers. */
    private static FakePrometheus.Answer vector(double value) {
        String v = Double.isNaN(value) ? "NaN" : value == Double.POSITIVE_INFINITY ? "+Inf"
                : value == Double.NEGATIVE_INFINITY ? "-Inf" : Double.toString(value);
        return new FakePrometheus.Answer(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
                + "[{\"metric\":{\"job\":\"checkout\"},\"value\":[1795380761.993,\"" + v + "\"]}]}}");
    }

    @Override
    protected MetricQuery givenValue(double value) {
        prometheus.answer(vector(value));
        return MetricQuery.value("m", "sum(rate(http_requests_total[5m]))", NOW);
    }

    @Override
    protected MetricQuery givenNoData() {
        prometheus.answer(recorded("instant_vector_empty"));
        return MetricQuery.value("m", "metric_that_does_not_exist", NOW);
    }

    @Override
    protected MetricQuery givenError() {
        // a proxy in front of Prometheus that echoes the Authorization header it rejected
        prometheus.answer(new FakePrometheus.Answer(400, "{\"status\":\"error\",\"errorType\":\"bad_data\","
                + "\"error\":\"invalid parameter \\\"query\\\": rejected Authorization: Bearer " + TOKEN.reveal() + "\"}"));
        return MetricQuery.value("m", "sum(rate(http_requests_total[5m]", NOW);
    }

    @Override
    protected Optional<MetricQuery> givenEvents(long count, Duration window) {
        prometheus.answer(vector(count));
        return Optional.of(MetricQuery.events("m", "http_requests_total{job=\"checkout\"}", window, NOW));
    }

    @Override
    protected MetricQuery givenValueOnlyAt(double value, Instant past) {
        prometheus.answerBy(request -> PrometheusSource.time(past).equals(request.params().get("time"))
                ? vector(value) : recorded("instant_vector_empty"));
        return MetricQuery.value("m", "up", past);
    }
}
