package io.smartspec.slo.internal.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloWindow;
import io.smartspec.slo.Unit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BreachStateStoreWindowsTest {

    @TempDir
    Path dir;

    @Test
    void anOpenBreachOfACalendarTimeSliceSloComesBackWithItsWindowAndSlices() {
        // given an open breach of p99 < 200 ms in 99% of the 1m slices of the month in Berlin
        Slo slo = Slo.named("checkout-p99").metric("api_latency_p99").unit(Unit.SECONDS)
                .below(Duration.ofMillis(200)).timeslices(Duration.ofMinutes(1)).target(Quantity.percent(99))
                .over(SloWindow.calendarMonth(ZoneId.of("Europe/Berlin"))).build();
        BreachStateStore store = new BreachStateStore(dir);
        store.save(List.of(new BreachStateStore.Entry("checkout", slo, "prometheus", "q",
                Optional.of(Instant.parse("2026-11-03T10:00:00Z")), Optional.empty(), Optional.empty(),
                Optional.empty())));

        // when a restarted monitor reads it
        Slo restored = new BreachStateStore(dir).load().get(0).slo();

        // then it is the same window and budgeting (the unit of the query is not kept: it is read again)
        assertThat(Files.exists(store.file())).isTrue();
        assertThat(restored.window()).isEqualTo(slo.window());
        assertThat(restored.budgeting()).isEqualTo(slo.budgeting());
        assertThat(restored.objective()).isEqualTo(slo.objective());
        assertThat(restored.toString()).isEqualTo(slo.toString());
    }
}
