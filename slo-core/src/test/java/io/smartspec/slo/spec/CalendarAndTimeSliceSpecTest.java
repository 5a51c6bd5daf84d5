package io.smartspec.slo.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.smartspec.slo.Budgeting;
import io.smartspec.slo.Objective;
import io.smartspec.slo.Operator;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.SloWindow;
import io.smartspec.slo.config.ConfigSection;
import io.smartspec.slo.config.MetricBinding;
import io.smartspec.slo.config.MonitorSettings;
import io.smartspec.slo.config.ObservabilityConfig;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The Window and Budget columns and the spec's {@code timezone:}. */
class CalendarAndTimeSliceSpecTest {

    private static final ConfigSection NONE = ConfigSection.empty("observability.yaml");

    private static final ObservabilityConfig CONFIG = new ObservabilityConfig("observability.yaml", "prometheus",
            NONE, MonitorSettings.none(), List.of(
            new MetricBinding.Threshold("api_latency_p99", 3, "api_latency_p99_seconds", Optional.of(io.smartspec.slo.Unit.SECONDS), NONE),
            new MetricBinding.Ratio("availability", 5, Slo.good("sum(increase(ok_total[{{window}}]))"),
                    Slo.total("sum(increase(all_total[{{window}}]))"), OptionalLong.empty(), NONE)),
            List.of());

    private static String spec(String frontMatter, String... rows) {
        return frontMatter + "## Non-Functional Requirements\n| Requirement | Metric | Target | Window | Budget |\n"
                + "|---|---|---|---|---|\n" + String.join("\n", rows) + "\n";
    }

    @Test
    void aCalendarMonthIsInTheZoneOfTheSpecsFrontMatter() {
        // given
        String spec = spec("---\ntitle: Checkout\ntimezone: Europe/Berlin\n---\n",
                "| Availability | `availability` | >= 99.9% | calendar month | |",
                "| p99 | `api_latency_p99` | < 200ms | calendar week | 99% of 1m slices |");

        // when
        LoadedSpec loaded = SpecLoader.bind(NfrTable.parse("spec.md", spec), CONFIG, "checkout");

        // then
        assertThat(loaded.problems()).isEmpty();
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Slo availability = loaded.slos().find("availability").orElseThrow();
        assertThat(availability.window()).contains(SloWindow.calendarMonth(berlin));
        assertThat(availability.budgeting()).isEqualTo(Budgeting.OCCURRENCES);
        // and the threshold counts 1m slices under 200 ms, 99% of which must be good
        Slo p99 = loaded.slos().find("api_latency_p99").orElseThrow();
        assertThat(p99.window()).contains(SloWindow.calendarWeek(berlin));
        assertThat(p99.budgeting()).isEqualTo(new Budgeting.Timeslices(Duration.ofMinutes(1),
                Objective.of(Operator.LESS_THAN, Quantity.millis(200))));
        assertThat(p99.objective()).isEqualTo(Objective.atLeast(Quantity.percent(99)));
    }

    @Test
    void withoutATimezoneACalendarPeriodIsInUtcUnlessTheCellNamesItsZone() {
        String spec = spec("",
                "| Availability | `availability` | >= 99.9% | calendar quarter | |",
                "| p99 | `api_latency_p99` | < 200ms | calendar month (America/New_York) | 99.5 % of 5m slices |");

        LoadedSpec loaded = SpecLoader.bind(NfrTable.parse("spec.md", spec), CONFIG, "checkout");

        assertThat(loaded.slos().find("availability").orElseThrow().window())
                .contains(SloWindow.calendarQuarter(ZoneOffset.UTC));
        assertThat(loaded.slos().find("api_latency_p99").orElseThrow().window())
                .contains(SloWindow.calendarMonth(ZoneId.of("America/New_York")));
    }

    @Test
    void aRatioRowInSlicesJudgesEachSliceByTheTarget() {
        String spec = spec("", "| Availability | `availability` | >= 99.9% | 30d | 95% of 5m slices |");

        Slo slo = SpecLoader.bind(NfrTable.parse("spec.md", spec), CONFIG, "checkout").slos().find("availability")
                .orElseThrow();

        assertThat(slo.objective()).isEqualTo(Objective.atLeast(Quantity.percent(95)));
        assertThat(slo.budgeting()).isEqualTo(new Budgeting.Timeslices(Duration.ofMinutes(5),
                Objective.atLeast(Quantity.percent(99.9))));
    }

    @Test
    void badBudgetsAndZonesAreLocatedErrorsListedAtOnce() {
        // given
        String spec = spec("",
                "| p99 | `api_latency_p99` | < 200ms | 30d | 99% of 1 fortnight slices |",
                "| Availability | `availability` | >= 99.9% | 30d | most slices |",
                "| Other | `other` | < 1s | 30d | 120% of 1m slices |");

        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> NfrTable.parse("spec.md", spec));

        // then
        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "spec.md:4: api_latency_p99: Budget '99% of 1 fortnight slices' is not a budgeting method; expected "
                        + "occurrences, '<share> of <slice> slices' (e.g. 99% of 1m slices) or 'mean of <slice> "
                        + "slices' (e.g. mean of 5m slices)",
                "spec.md:5: availability: Budget 'most slices' is not a budgeting method; expected occurrences, "
                        + "'<share> of <slice> slices' (e.g. 99% of 1m slices) or 'mean of <slice> slices' (e.g. "
                        + "mean of 5m slices)",
                "spec.md:6: other: Budget '120% of 1m slices' has no share of slices: '120%' must be a percentage "
                        + "between 0% and 100% (exclusive), e.g. 99% of 1m slices");
    }

    @Test
    void anUnknownTimezoneIsAnErrorAtItsLine() {
        String spec = spec("---\ntitle: x\ntimezone: Europe/Atlantis\n---\n",
                "| p99 | `api_latency_p99` | < 200ms | calendar month | |");

        SloValidationException e = catchThrowableOfType(SloValidationException.class,
                () -> NfrTable.parse("spec.md", spec));

        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "spec.md:3: timezone: 'Europe/Atlantis' is not a time zone; expected a region such as Europe/Berlin "
                        + "or America/New_York, or UTC");
    }

    @Test
    void theMeanOfSlicesIsForRatiosOnly() {
        String spec = spec("", "| p99 | `api_latency_p99` | < 200ms | 30d | mean of 5m slices |");

        LoadedSpec loaded = SpecLoader.bind(NfrTable.parse("spec.md", spec), CONFIG, "checkout");

        assertThat(loaded.errors()).extracting(Problem::toString).containsExactly(
                "spec.md:4: api_latency_p99: Budget 'mean of 5m slices' averages the ratios of events of a ratio "
                        + "metric, but api_latency_p99 is a threshold; expected a share of slices that meet the "
                        + "Target, e.g. 99% of 5m slices");
    }

    @Test
    void aWindowOnAThresholdWithoutABudgetIsAWarningThatItDoesNothing() {
        String spec = spec("", "| p99 | `api_latency_p99` | < 200ms | calendar month | |");

        LoadedSpec loaded = SpecLoader.bind(NfrTable.parse("spec.md", spec), CONFIG, "checkout");

        assertThat(loaded.problems()).extracting(Problem::toString).contains(
                "spec.md:4: api_latency_p99: Window 'calendar month (UTC)' has no effect on a threshold, whose current "
                        + "value is judged; add a Budget such as '99% of 1m slices' to count it over the window");
    }
}
