package io.smartspec.slo.examples.readme;

import io.smartspec.slo.SloSet;

import java.time.Duration;
import java.time.ZoneId;

import static io.smartspec.slo.Quantity.percent;
import static io.smartspec.slo.Slo.good;
import static io.smartspec.slo.Slo.total;
import static io.smartspec.slo.SloWindow.calendarMonth;
import static io.smartspec.slo.Windows.minutes;

/** The README's calendar-window and time-slice snippet, compiled and evaluated by the examples' tests. */
public final class CalendarSlicesExample {

    private CalendarSlicesExample() {
    }

    public static SloSet checkoutSlos() {
        // tag::calendar[]
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        SloSet slos = SloSet.named("checkout")
                // 99% of the minutes of each month (in Berlin) have a p99 under 250 ms
                .slo("p99-latency", s -> s.metric("checkout_p99", "checkout.requests{outcome=SUCCESS} p99")
                        .below(Duration.ofMillis(250))
                        .timeslices(minutes(1)).target(percent(99))
                        .over(calendarMonth(berlin)))
                // 99.9% of the checkouts of each month succeed; the budget is full again on the 1st
                .slo("availability", s -> s.ratio(good("checkout.requests{outcome=SUCCESS}"), total("checkout.requests"))
                        .target(percent(99.9)).over(calendarMonth(berlin)))
                .build();
        // end::calendar[]
        return slos;
    }
}
