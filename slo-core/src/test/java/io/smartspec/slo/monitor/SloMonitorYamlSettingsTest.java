package io.smartspec.slo.monitor;

import io.smartspec.slo.Priority;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.spec.SpecLoader;
import io.smartspec.slo.MonitorFixtures.FakeSource;
import io.smartspec.slo.MonitorFixtures.RecordingListener;
import io.smartspec.slo.MonitorFixtures.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The monitor settings of observability.yaml, applied by {@code SloMonitor.forSpec(...)}. */
class SloMonitorYamlSettingsTest {

    @TempDir
    Path dir;

    private final VirtualClock clock = new VirtualClock();
    private final FakeSource source = new FakeSource();
    private final RecordingListener listener = new RecordingListener();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    /** A spec with {@code rows} latency SLOs ({@code m0 < 200ms}, ...), each read by the query {@code q<i>}. */
    private Path spec(String id, int rows, String settings) throws IOException {
        Path specDir = Files.createDirectories(dir.resolve(id));
        StringBuilder table = new StringBuilder();
        StringBuilder metrics = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            table.append("| Performance | latency %d | `m%d` | < 200ms | P1 |\n".formatted(i, i));
            metrics.append("  - name: m%d\n    query: q%d\n    unit: ms\n".formatted(i, i));
        }
        Files.writeString(specDir.resolve("spec.md"), """
                # %s

                ## 4. Non-Functional Requirements

                | Category | Requirement | Metric | Target | Priority |
                |---|---|---|---|---|
                %s""".formatted(id, table));
        Files.writeString(specDir.resolve("observability.yaml"), "provider: micrometer\n" + settings
                + "metrics:\n" + metrics);
        return specDir;
    }

    private SloMonitor build(SloMonitor.Builder b) {
        SloMonitor m = b.build();
        toClose.add(m);
        return m;
    }

    private SloMonitor.Builder monitorOf(Path specDir) {
        return SloMonitor.forSpec(load(specDir), source).clock(clock).listener(listener);
    }

    private static LoadedSpec load(Path specDir) {
        return SpecLoader.load(specDir.resolve("spec.md"), specDir.resolve("observability.yaml"));
    }

    @Test
    void noDataFiresABreachWhenObservabilityYamlSaysAlertWhenNoData() throws IOException {
        // given: the query has no series
        SloMonitor monitor = build(monitorOf(spec("checkout", 1, "alert_when_no_data: true\n")));

        // when
        monitor.runOnce();

        // then
        SloEvent event = listener.next();
        assertThat(event.kind()).isEqualTo(SloEvent.Kind.BREACH);
        assertThat(event.result().status()).isEqualTo(Status.NO_DATA);
    }

    @Test
    void noDataFiresNothingWhenObservabilityYamlSaysFalse() throws IOException {
        // given
        SloMonitor monitor = build(monitorOf(spec("checkout", 1, "alert_when_no_data: false\n")));

        // when: a round without data, then a real breach
        monitor.runOnce();
        source.set("q0", Quantity.millis(250));
        clock.advance(Duration.ofMinutes(1));
        monitor.runOnce();

        // then: the first event is the real breach
        SloEvent first = listener.next();
        assertThat(first.result().status()).isEqualTo(Status.BREACHED);
        assertThat(first.occurredAt()).isEqualTo(clock.instant());
    }

    @Test
    void theBuildersAlertWhenNoDataWinsOverTheFile() throws IOException {
        // given
        SloMonitor monitor = build(monitorOf(spec("checkout", 1, "alert_when_no_data: true\n"))
                .alertWhenNoData(false));

        // when
        monitor.runOnce();
        source.set("q0", Quantity.millis(250));
        clock.advance(Duration.ofMinutes(1));
        monitor.runOnce();

        // then
        assertThat(listener.next().result().status()).isEqualTo(Status.BREACHED);
    }

    @Test
    void breachForFromTheFileDelaysTheBreach() throws IOException {
        // given
        SloMonitor monitor = build(monitorOf(spec("checkout", 1, "breach_for: 2m\n")));
        source.set("q0", Quantity.millis(250));
        Instant start = clock.instant();

        // when
        monitor.runOnce(); // breached, held 0m
        clock.advance(Duration.ofMinutes(1));
        monitor.runOnce(); // held 1m
        clock.advance(Duration.ofMinutes(1));
        monitor.runOnce(); // held 2m

        // then
        SloEvent breach = listener.next();
        assertThat(breach.kind()).isEqualTo(SloEvent.Kind.BREACH);
        assertThat(breach.since()).isEqualTo(start);
        assertThat(breach.occurredAt()).isEqualTo(start.plus(Duration.ofMinutes(2)));
    }

    @Test
    void theBuildersBreachForWinsOverTheFile() throws IOException {
        // given
        SloMonitor monitor = build(monitorOf(spec("checkout", 1, "breach_for: 10m\n")).breachFor(Duration.ZERO));
        source.set("q0", Quantity.millis(250));

        // when
        monitor.runOnce();

        // then
        assertThat(listener.next().occurredAt()).isEqualTo(clock.instant());
    }

    @Test
    void remindersFollowReminderEveryOfTheFile() throws IOException {
        // given
        SloMonitor monitor = build(monitorOf(spec("checkout", 1, "reminder_every: 30m\n")));
        source.set("q0", Quantity.millis(250));

        // when
        monitor.runOnce();
        clock.advance(Duration.ofMinutes(30));
        monitor.runOnce();

        // then
        assertThat(listener.next().kind()).isEqualTo(SloEvent.Kind.BREACH);
        SloEvent reminder = listener.next();
        assertThat(reminder.kind()).isEqualTo(SloEvent.Kind.STILL_BREACHING);
        assertThat(reminder.duration()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void theIntervalComesFromTheFileUnlessTheBuilderSetsIt() throws IOException {
        // given
        Path specDir = spec("checkout", 1, "interval: 30s\n");

        // when
        SloMonitor fromFile = build(monitorOf(specDir));
        SloMonitor fromBuilder = build(monitorOf(specDir).interval(Duration.ofMinutes(5)));

        // then
        assertThat(fromFile).hasToString("SloMonitor[1 SLOs in 1 set(s), every 30s]");
        assertThat(fromBuilder).hasToString("SloMonitor[1 SLOs in 1 set(s), every 5m]");
    }

    @Test
    void queryConcurrencyOfOneEvaluatesTheSlosOfARoundOneAtATime() throws IOException {
        // given: four SLOs whose queries each hold a moment, counting how many run at once
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            source.set("q" + i, () -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
                return Measurement.of(Quantity.millis(100));
            });
        }
        SloMonitor monitor = build(monitorOf(spec("checkout", 4, "query_concurrency: 1\n")));

        // when
        EvaluationRound round = monitor.runOnce();

        // then
        assertThat(round.results()).hasSize(4).allSatisfy(r -> assertThat(r.status()).isEqualTo(Status.MET));
        assertThat(most).hasValue(1);
    }

    @Test
    void onlyTheSettingsOfTheSpecTheMonitorIsBuiltForApply() throws IOException {
        // given
        Path a = spec("checkout", 1, "interval: 30s\n");
        Path b = spec("payments", 1, "interval: 2m\n");

        // when
        SloMonitor both = build(SloMonitor.forSpec(load(a), source).spec(load(b), source));

        // then
        assertThat(both).hasToString("SloMonitor[2 SLOs in 2 set(s), every 30s]");
    }

    @Test
    void aSpecIdMonitoredTwiceIsAProblemOfBuild() throws IOException {
        // given
        Path a = spec("checkout", 1, "");

        // then
        assertThatThrownBy(() -> SloMonitor.forSpec(load(a), source).spec(load(a), source).build())
                .isInstanceOf(SloValidationException.class)
                .hasMessageContaining("spec id 'checkout' is monitored twice");
    }
}
