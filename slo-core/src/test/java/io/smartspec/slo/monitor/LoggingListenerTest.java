package io.smartspec.slo.monitor;

import io.smartspec.slo.Priority;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ResourceBundle;

import static org.assertj.core.api.Assertions.assertThat;

class LoggingListenerTest {

    private static final Instant SINCE = Instant.parse("2026-11-22T10:00:00Z");

    private record Line(System.Logger.Level level, String message) {
    }

    private static final class CapturingLogger implements System.Logger {
        final List<Line> lines = new ArrayList<>();

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(new Line(level, msg));
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(new Line(level, format));
        }
    }

    private static SloResult breached() {
        Slo slo = Slo.named("p99-latency").metric("api_latency_p99", "http.server.requests p99")
                .below(Duration.ofMillis(200)).priority(Priority.P1).build();
        return new SloResult("checkout", slo, Status.BREACHED, Optional.of(Quantity.millis(213.4)),
                Optional.of(Quantity.millis(-13.4)), "", Optional.empty(), List.of(), List.of(),
                SINCE.plus(Duration.ofMinutes(5)), "micrometer", "http.server.requests p99");
    }

    @Test
    void aBreachIsOneReadableLineAtErrorForAPagingPriority() {
        // given
        CapturingLogger logger = new CapturingLogger();
        SloEvent event = new SloEvent(SloEvent.Kind.BREACH, breached(), SINCE, SINCE.plus(Duration.ofMinutes(5)));

        // when
        LoggingListener.to(logger).onEvent(event);

        // then
        assertThat(logger.lines).containsExactly(new Line(System.Logger.Level.ERROR,
                "SLO BREACHED [P1] checkout/p99-latency: api_latency_p99 = 213.4 ms, objective < 200 ms "
                        + "(over by 13.4 ms); since 2026-11-22T10:00:00Z (5m); source micrometer; "
                        + "query http.server.requests p99"));
    }

    @Test
    void aRecoveryLogsAtInfoAndSaysHowLongTheBreachLasted() {
        // given
        SloResult met = breached();
        SloResult recovered = new SloResult(met.specId(), met.slo(), Status.MET, Optional.of(Quantity.millis(120)),
                Optional.of(Quantity.millis(80)), "", Optional.empty(), List.of(), List.of(),
                SINCE.plus(Duration.ofHours(2)), "micrometer", met.query());
        SloEvent event = new SloEvent(SloEvent.Kind.RECOVERY, recovered, SINCE, SINCE.plus(Duration.ofHours(2)));

        // when
        String line = LoggingListener.format(event);

        // then
        assertThat(LoggingListener.level(event)).isEqualTo(System.Logger.Level.INFO);
        assertThat(line).startsWith("SLO RECOVERED [P1] checkout/p99-latency: api_latency_p99 = 120 ms")
                .contains("(headroom 80 ms)", "breached from 2026-11-22T10:00:00Z (2h)")
                .doesNotContain("\n");
    }
}
