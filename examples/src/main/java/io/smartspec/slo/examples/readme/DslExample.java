package io.smartspec.slo.examples.readme;

import io.smartspec.slo.SloSet;

import java.time.Duration;

import static io.smartspec.slo.Priority.P0;
import static io.smartspec.slo.Priority.P1;
import static io.smartspec.slo.Quantity.percent;
import static io.smartspec.slo.Slo.good;
import static io.smartspec.slo.Slo.total;
import static io.smartspec.slo.Windows.days;

/** The README's DSL snippet, compiled and evaluated by the examples' tests. */
public final class DslExample {

    private DslExample() {
    }

    public static SloSet checkoutSlos() {
        // tag::dsl[]
        SloSet slos = SloSet.named("checkout")
                .slo("p99-latency", s -> s.metric("checkout_p99", "checkout.requests{outcome=SUCCESS} p99")
                        .below(Duration.ofMillis(250)).priority(P1))
                .slo("availability", s -> s.ratio(good("checkout.requests{outcome=SUCCESS}"), total("checkout.requests"))
                        .target(percent(99.9)).over(days(30)).priority(P0))
                .slo("fast-checkouts", s -> s.latency("checkout.requests")
                        .fasterThan(Duration.ofMillis(300)).target(percent(99)))
                .build();
        // end::dsl[]
        return slos;
    }
}
