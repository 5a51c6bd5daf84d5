package io.smartspec.slo.report;

import io.smartspec.slo.history.GeneratedHistory;
import io.smartspec.slo.history.SloHistory;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.report.SloReport.ActionKind;
import io.smartspec.slo.report.SloReport.Direction;
import io.smartspec.slo.report.SloReport.SloSection;
import io.smartspec.slo.report.SloReport.Verdict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SloReportTest {

    static final LocalDate DAY = LocalDate.of(2026, 3, 10);
    static final Instant START = Instant.parse("2026-03-10T00:00:00Z");

    @TempDir
    static Path dir;
    static SloReport report;

    @BeforeAll
    static void generate() {
        SloHistory history = SloHistory.in(dir);
        GeneratedHistory.quietDay(history, START.minus(Duration.ofDays(1)));
        GeneratedHistory.breachDay(history, START);
        report = SloReport.forSpec("checkout").over(ReportPeriod.day(DAY, ZoneOffset.UTC)).from(history)
                .clock(Clock.fixed(Instant.parse("2026-03-11T00:05:00Z"), ZoneOffset.UTC)).build();
    }

    @Test
    void theExecutiveSummaryCountsMetBreachedAndNoDataAndNamesTheWorstSlo() {
        // given the generated day, when reported (see generate), then
        assertThat(report.summary().slos()).isEqualTo(3);
        assertThat(report.summary().met()).isEqualTo(1);
        assertThat(report.summary().breached()).isEqualTo(1);
        assertThat(report.summary().noData()).isEqualTo(1);
        // (1400 + 1440) / (1440 + 1440)
        assertThat(report.summary().compliance()).isCloseTo(2840.0 / 2880, within(1e-12));
        assertThat(report.summary().worstSlo()).contains("p99");
    }

    @Test
    void aThresholdSloReportsComplianceBudgetAndTargetVersusActual() {
        // when
        SloSection p99 = report.slo("p99").orElseThrow();

        // then
        assertThat(p99.verdict()).isEqualTo(Verdict.BREACHED);
        assertThat(p99.rounds()).isEqualTo(1440);
        assertThat(p99.judged()).isEqualTo(1440);
        assertThat(p99.compliance()).isCloseTo(1400.0 / 1440, within(1e-12));
        // mean: (1400 * 150 + 29 * 250 + 400 + 10 * 300) / 1440
        assertThat(p99.actual()).isCloseTo((1400 * 150 + 29 * 250 + 400 + 10 * 300) / 1440.0, within(1e-9));
        assertThat(p99.worst()).isEqualTo(400);
        // 40 breached rounds of the 14.4 that 99% compliance allows
        assertThat(p99.budget().consumed()).isCloseTo(40 / 14.4, within(1e-9));
        assertThat(p99.budget().remaining()).isCloseTo(1 - 40 / 14.4, within(1e-9));
        assertThat(p99.info().objective().toString()).isEqualTo("< 200 ms");
    }

    @Test
    void breachesHaveStartEndDurationPriorityAndWorstValue() {
        // when
        SloSection p99 = report.slo("p99").orElseThrow();

        // then
        assertThat(p99.breaches()).hasSize(2);
        SloReport.Breach first = p99.breaches().get(0);
        assertThat(first.start()).isEqualTo(Instant.parse("2026-03-10T10:00:00Z"));
        assertThat(first.end()).isEqualTo(Instant.parse("2026-03-10T10:30:00Z"));
        assertThat(first.duration()).isEqualTo(Duration.ofMinutes(30));
        assertThat(first.priority()).isEqualTo(Priority.P1);
        assertThat(first.worst()).isEqualTo(400);
        assertThat(first.ongoing()).isFalse();
        SloReport.Breach second = p99.breaches().get(1);
        assertThat(second.start()).isEqualTo(Instant.parse("2026-03-10T22:00:00Z"));
        assertThat(second.duration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(second.worst()).isEqualTo(300);
        assertThat(p99.breachedFor()).isEqualTo(Duration.ofMinutes(40));
    }

    @Test
    void theTrendComparesWithThePreviousDay() {
        // when
        SloSection p99 = report.slo("p99").orElseThrow();

        // then the quiet day before was fully compliant
        assertThat(p99.trend().previousCompliance()).isEqualTo(1.0);
        assertThat(p99.trend().deltaPoints()).isCloseTo((1400.0 / 1440 - 1) * 100, within(1e-9));
        assertThat(p99.trend().direction()).isEqualTo(Direction.WORSENED);
        assertThat(report.slo("availability").orElseThrow().trend().direction()).isEqualTo(Direction.STEADY);
    }

    @Test
    void aRatioSloReportsItsWindowBudgetAtTheEndOfThePeriodAndItsBurnDown() {
        // when
        SloSection availability = report.slo("availability").orElseThrow();

        // then 600 of the 1000 allowed bad events are spent at 23:59
        assertThat(availability.verdict()).isEqualTo(Verdict.MET);
        assertThat(availability.budget().consumed()).isCloseTo(0.6, within(1e-9));
        assertThat(availability.budget().remaining()).isCloseTo(0.4, within(1e-9));
        assertThat(availability.actual()).isCloseTo(99.94, within(1e-9));
        assertThat(availability.budget().basis()).isEqualTo("rolling 30d window");
        assertThat(availability.budgetRemaining()).isNotEmpty();
        // a chart slot is 6 minutes; its point is the budget left after its last round (00:05)
        assertThat(availability.budgetRemaining()).hasSize(240);
        assertThat(availability.budgetRemaining().get(0).value())
                .isCloseTo(1 - (200 + 400.0 * 5 / 1439) / 1000, within(1e-4));
        assertThat(availability.budgetRemaining().get(availability.budgetRemaining().size() - 1).value())
                .isCloseTo(0.4, within(1e-4));
    }

    @Test
    void actionItemsNameBreachedSlosSpentBudgetsAndMissingDataMostUrgentFirst() {
        // then
        assertThat(report.actionItems()).extracting(SloReport.ActionItem::slo, SloReport.ActionItem::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("availability", ActionKind.BUDGET_MORE_THAN_HALF_SPENT),
                        org.assertj.core.groups.Tuple.tuple("p99", ActionKind.BREACHED),
                        org.assertj.core.groups.Tuple.tuple("queue-depth", ActionKind.NO_DATA));
        assertThat(report.actionItems().get(1).text())
                .contains("p99 breached its objective < 200 ms twice for 40m in total (worst 400 ms)");
    }

    @Test
    void theAppendixOfADailyReportHasOneRowPerHour() {
        // when
        SloSection p99 = report.slo("p99").orElseThrow();

        // then
        assertThat(p99.appendix()).hasSize(24);
        SloReport.AppendixRow ten = p99.appendix().get(10);
        assertThat(ten.rounds()).isEqualTo(60);
        assertThat(ten.breached()).isEqualTo(30);
        assertThat(ten.compliance()).isEqualTo(0.5);
        assertThat(ten.max()).isEqualTo(400);
        assertThat(ten.min()).isEqualTo(150);
    }

    @Test
    void anSloTheSpecDefinesButTheHistoryNeverSawIsReportedWithNoData(@TempDir Path empty) {
        // given
        SloSet slos = SloSet.named("checkout").slo(GeneratedHistory.P99).build();

        // when
        SloReport r = SloReport.forSpec("checkout").over(ReportPeriod.day(DAY, ZoneOffset.UTC))
                .from(SloHistory.in(empty)).expecting(slos).build();

        // then
        assertThat(r.slos()).singleElement().satisfies(s -> {
            assertThat(s.verdict()).isEqualTo(Verdict.NO_DATA);
            assertThat(s.rounds()).isZero();
        });
        assertThat(r.actionItems()).extracting(SloReport.ActionItem::kind).containsExactly(ActionKind.NO_DATA);
        assertThat(r.summary().worstSlo()).isEmpty();
    }

    @Test
    void aStricterThresholdComplianceSpendsMoreBudget() {
        // given
        SloHistory history = SloHistory.in(dir);

        // when
        SloReport strict = SloReport.forSpec("checkout").over(ReportPeriod.day(DAY, ZoneOffset.UTC)).from(history)
                .thresholdCompliance(Quantity.percent(99.9)).build();

        // then 40 of 1.44 allowed rounds
        assertThat(strict.slo("p99").orElseThrow().budget().consumed()).isCloseTo(40 / 1.44, within(1e-9));
    }

    @Test
    void aLongerPeriodKeepsTheExactCountsExtremesAndBreachBoundaries() {
        // given
        SloHistory history = SloHistory.in(dir);

        // when three days are reported (rounds are then read as runs within each hour)
        SloReport threeDays = SloReport.forSpec("checkout")
                .over(ReportPeriod.days(DAY.minusDays(1), DAY.plusDays(1), ZoneOffset.UTC)).from(history).build();

        // then
        SloSection p99 = threeDays.slo("p99").orElseThrow();
        assertThat(p99.rounds()).isEqualTo(2880);
        assertThat(p99.compliance()).isCloseTo(2840.0 / 2880, within(1e-12));
        assertThat(p99.worst()).isEqualTo(400);
        assertThat(p99.breaches()).extracting(SloReport.Breach::start, SloReport.Breach::end).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Instant.parse("2026-03-10T10:00:00Z"),
                        Instant.parse("2026-03-10T10:30:00Z")),
                org.assertj.core.groups.Tuple.tuple(Instant.parse("2026-03-10T22:00:00Z"),
                        Instant.parse("2026-03-10T22:10:00Z")));
        assertThat(p99.appendix()).extracting(SloReport.AppendixRow::rounds).containsExactly(1440, 1440, 0);
        assertThat(threeDays.slo("availability").orElseThrow().budget().remaining()).isCloseTo(0.4, within(1e-9));
    }
}
