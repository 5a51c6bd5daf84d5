package io.smartspec.slo.prometheus;

import io.smartspec.slo.Priority;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.SloSet;

import java.time.Duration;

import static io.smartspec.slo.Slo.bad;
import static io.smartspec.slo.Slo.good;
import static io.smartspec.slo.Slo.total;

/** The SLOs of a checkout service, as the tests use them. */
final class Checkout {

    private Checkout() {
    }

    static SloSet slos() {
        return SloSet.named("checkout")
                .slo("availability", s -> s
                        // events counted with increase(): min_events compares a window's count
                        .ratio(bad("sum(increase(http_requests_total{job=\"checkout\",code=~\"5..\"}[{{window}}]))"),
                                total("sum(increase(http_requests_total{job=\"checkout\"}[{{window}}]))"))
                        .target(Quantity.percent(99.9)).over(Duration.ofDays(30))
                        .priority(Priority.P1)
                        .runbook("https://runbooks.example/checkout-availability"))
                .slo("success-rate", s -> s
                        .ratio(good("http_requests_total{job=\"checkout\",code!~\"5..\"}"),
                                total("http_requests_total{job=\"checkout\"}"))
                        .target(Quantity.percent(99)).over(Duration.ofDays(7)))
                .slo("fast-checkout", s -> s
                        .latency("checkout_latency", "http_request_duration_seconds{job=\"checkout\"}")
                        .fasterThan(Duration.ofMillis(300))
                        .target(Quantity.percent(99)).over(Duration.ofDays(28)))
                .slo("p99-latency", s -> s
                        .metric("api_latency_p99", "histogram_quantile(0.99, sum by (le) (rate("
                                + "http_request_duration_seconds_bucket{job=\"checkout\"}[5m])))")
                        .unit(io.smartspec.slo.Unit.SECONDS)
                        .below(Duration.ofMillis(200))
                        .priority(Priority.P0))
                .slo("queue-depth", s -> s
                        .metric("queue_depth", "max(checkout_queue_depth)")
                        .atMost(Quantity.number(100))
                        .priority(Priority.P3))
                .build();
    }
}
