package io.smartspec.slo.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.evaluation.SloEvaluator;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.micrometer.MicrometerSource;
import io.smartspec.slo.micrometer.SloMeterFilter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CalendarSlicesExampleTest {

    @Test
    void theReadmesCalendarSlosGiveTheP99AnErrorBudgetAndNameTheirMonth() {
        // given the README's SLOs on Micrometer meters
        SloSet slos = CalendarSlicesExample.checkoutSlos();
        MeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(SloMeterFilter.of(slos));
        Timer timer = Timer.builder("checkout.requests").tag("outcome", "SUCCESS").register(registry);
        MicrometerSource source = MicrometerSource.of(registry);
        Instant start = Instant.now();
        for (int i = 1; i <= 1000; i++) {
            timer.record(Duration.ofMillis(i % 200 + 1));
        }

        // when the monitor reads the p99 in one minute and judges that slice two minutes later
        SloEvaluator.withDefaults().evaluate(slos, source, start);
        EvaluationRound round = SloEvaluator.withDefaults().evaluate(slos, source, start.plusSeconds(120));

        // then the p99 has a budget of slices, and both SLOs name the month they count
        SloResult p99 = round.result("p99-latency").orElseThrow();
        assertThat(p99.status()).isEqualTo(Status.MET);
        assertThat(p99.observed()).contains(Quantity.percent(100));
        assertThat(p99.errorBudget()).isPresent();
        String month = "calendar month (Europe/Berlin), since "
                + start.plusSeconds(120).atZone(ZoneId.of("Europe/Berlin")).toLocalDate().withDayOfMonth(1);
        assertThat(p99.window()).contains(month);
        assertThat(round.result("availability").orElseThrow().window()).contains(month);
    }
}
