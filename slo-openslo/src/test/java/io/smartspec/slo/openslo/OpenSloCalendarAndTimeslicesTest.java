package io.smartspec.slo.openslo;

import com.fasterxml.jackson.databind.JsonNode;
import io.smartspec.slo.Budgeting;
import io.smartspec.slo.Indicator;
import io.smartspec.slo.Unit;
import java.util.Optional;
import io.smartspec.slo.CalendarPeriod;
import io.smartspec.slo.Objective;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.SloWindow;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.spec.NfrTable;
import io.smartspec.slo.spec.SpecLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code timeWindow} calendar and {@code budgetingMethod} Timeslices / RatioTimeslices, both ways: OpenSLO read
 * into a spec whose NFR row (Window, Budget) the real loader reads as the same SLO, and back.
 */
class OpenSloCalendarAndTimeslicesTest {

    private static final String TIMESLICES = """
            apiVersion: openslo/v1
            kind: SLO
            metadata:
              name: web-availability
              displayName: Web availability
            spec:
              service: web
              indicator:
                metadata:
                  name: web-requests
                spec:
                  ratioMetric:
                    counter: true
                    good:
                      metricSource:
                        type: Prometheus
                        spec:
                          query: http_requests_total{code!~"5.."}
                    total:
                      metricSource:
                        type: Prometheus
                        spec:
                          query: http_requests_total
              timeWindow:
                - duration: 1M
                  isRolling: false
                  calendar:
                    startTime: 2024-03-01 00:00:00
                    timeZone: America/New_York
              budgetingMethod: Timeslices
              objectives:
                - target: 0.995
                  timeSliceTarget: 0.95
                  timeSliceWindow: 1m
            """;

    private static LoadedSpec load(OpenSloImport imported, Path dir) {
        Path spec = imported.specs().get(0).writeTo(dir);
        return SpecLoader.load(spec, spec.resolveSibling("observability.yaml"), Map.of());
    }

    @Test
    void aCalendarMonthOfTimeSlicesOfARatioLoadsAsThatSlo(@TempDir Path dir) {
        // when
        OpenSloImport imported = Fixtures.parse("web.yaml", TIMESLICES);
        LoadedSpec loaded = load(imported, dir);

        // then: 99.5% of the 1-minute slices of each New York month have at least 95% good requests
        assertThat(imported.warnings()).isEmpty();
        assertThat(imported.specs().get(0).specMd()).contains("| Window | Budget |",
                "| >= 95% | calendar month (America/New_York) | 99.5% of 1m slices |");
        assertThat(loaded.problems()).isEmpty();
        Slo slo = loaded.slos().slos().get(0);
        assertThat(slo.window()).contains(SloWindow.calendar(CalendarPeriod.MONTH, ZoneId.of("America/New_York")));
        assertThat(slo.budgeting()).isEqualTo(Budgeting.timeslices(Duration.ofMinutes(1),
                Objective.atLeast(Quantity.percent(95))));
        assertThat(slo.objective()).isEqualTo(Objective.atLeast(Quantity.percent(99.5)));
    }

    @Test
    void writtenBackItMeansTheSame(@TempDir Path dir) throws IOException {
        LoadedSpec loaded = load(Fixtures.parse("web.yaml", TIMESLICES), dir);
        Path spec = dir.resolve("web/spec.md");
        String exported = OpenSloExport.export(loaded, NfrTable.parse(spec));
        JsonNode before = OpenSloRoundTripTest.documents(TIMESLICES).get(0).path("spec");
        JsonNode after = OpenSloRoundTripTest.documents(exported).get(2).path("spec");
        assertThat(after.path("budgetingMethod")).isEqualTo(before.path("budgetingMethod"));
        assertThat(after.path("objectives")).isEqualTo(before.path("objectives"));
        assertThat(after.path("timeWindow").path(0).path("duration")).isEqualTo(before.path("timeWindow").path(0)
                .path("duration"));
        assertThat(after.path("timeWindow").path(0).path("calendar").path("timeZone").asText())
                .isEqualTo("America/New_York");
        // another start of a month in the same zone: the same calendar months
        assertThat(after.path("timeWindow").path(0).path("calendar").path("startTime").asText())
                .isEqualTo("2024-01-01 00:00:00");
    }

    @Test
    void ratioTimeslicesAndAThresholdOfTimeSlicesLoadAsThoseSlos(@TempDir Path dir) {
        String yaml = TIMESLICES.replace("budgetingMethod: Timeslices", "budgetingMethod: RatioTimeslices")
                .replace("      timeSliceTarget: 0.95\n", "").replace("timeSliceWindow: 1m", "timeSliceWindow: 5m")
                + """
                ---
                apiVersion: openslo/v1
                kind: SLO
                metadata:
                  name: web-latency
                  annotations:
                    smartspec.io/value-unit: ms
                spec:
                  service: web
                  indicator:
                    metadata:
                      name: p99
                    spec:
                      thresholdMetric:
                        metricSource:
                          type: Prometheus
                          spec:
                            query: histogram_quantile(0.99, sum by (le) (rate(http_duration_milliseconds_bucket[1m])))
                  timeWindow:
                    - duration: 1w
                      isRolling: false
                      calendar:
                        startTime: 2024-01-01 00:00:00
                        timeZone: UTC
                  budgetingMethod: Timeslices
                  objectives:
                    - op: lt
                      value: 250
                      target: 0.99
                      timeSliceTarget: 1
                      timeSliceWindow: 1m
                """;
        LoadedSpec loaded = load(Fixtures.parse("web.yaml", yaml), dir);
        assertThat(loaded.problems()).isEmpty();
        Slo mean = loaded.slos().slos().get(0);
        Slo latency = loaded.slos().slos().get(1);
        assertThat(mean.budgeting()).isEqualTo(Budgeting.ratioTimeslices(Duration.ofMinutes(5)));
        assertThat(mean.objective()).isEqualTo(Objective.atLeast(Quantity.percent(99.5)));
        assertThat(latency.toString()).isEqualTo("web-latency: >= 99 % of 1m slices with web-latency < 250 ms over "
                + "calendar week (UTC) (P2)");
    }

    @Test
    void ourTimeSliceAndCalendarSlosWrittenAsOpenSloAndReadBackAreTheSame(@TempDir Path dir) {
        // given: SLOs built in code, bound to the metrics of a configuration
        Slo p99 = Slo.named("api_latency_p99").metric("api_latency_p99", "p99_seconds")
                .below(Duration.ofMillis(200)).timeslices(Duration.ofMinutes(1)).target(Quantity.percent(99))
                .over(SloWindow.calendarMonth(ZoneId.of("Europe/Berlin"))).build();
        Slo sliced = Slo.named("availability").ratio(Slo.good("good"), Slo.total("total"))
                .target(Quantity.percent(99.5)).timeslices(Duration.ofMinutes(5), Quantity.percent(90))
                .over(SloWindow.calendarQuarter(ZoneId.of("UTC"))).build();
        Slo mean = Slo.named("mean-availability").ratio(Slo.bad("bad"), Slo.total("total"))
                .target(Quantity.percent(99.9)).ratioTimeslices(Duration.ofMinutes(1)).over(Duration.ofDays(28)).build();
        LoadedSpec spec = new LoadedSpec("api", SloSet.of("api", List.of(p99, sliced, mean)),
                ObservabilityConfig.of("prometheus", List.of()), List.of());

        // when
        String openslo = OpenSloExport.export(spec, new NfrTable("spec.md", 1, "NFR", List.of(), List.of()));
        OpenSloImport imported = Fixtures.parse("api.yaml", openslo);
        LoadedSpec back = load(imported, dir);

        // then: the same indicator, objective, window and budgeting (the 200 ms bound reads back as 0.2 s)
        assertThat(imported.warnings()).isEmpty();
        assertThat(back.problems()).isEmpty();
        for (Slo original : List.of(p99, sliced, mean)) {
            Slo read = back.slos().slos().stream().filter(s -> s.name().equals(original.name())).findFirst().orElseThrow();
            if (original.indicator() instanceof Indicator.Threshold t) {
                // the unit the provider's convention gave the query (Prometheus: seconds) is declared now
                assertThat(read.indicator()).isEqualTo(new Indicator.Threshold(t.metric(), t.query(),
                        Optional.of(Unit.SECONDS)));
            } else {
                assertThat(read.indicator()).isEqualTo(original.indicator());
            }
            assertThat(read.objective()).isEqualTo(original.objective());
            assertThat(read.window()).isEqualTo(original.window());
            assertThat(read.budgeting().describe()).isEqualTo(original.budgeting().describe());
            if (original.budgeting() instanceof Budgeting.Timeslices t) {
                Objective r = ((Budgeting.Timeslices) read.budgeting()).sliceObjective();
                assertThat(r.operator()).isEqualTo(t.sliceObjective().operator());
                assertThat(r.bound().canonicalValue()).isEqualTo(t.sliceObjective().bound().canonicalValue());
            }
        }
    }

    @Test
    void aCalendarWindowThatIsNoCalendarPeriodIsAnError() {
        String twoWeeks = TIMESLICES.replace("duration: 1M", "duration: 2w");
        String midMonth = TIMESLICES.replace("2024-03-01 00:00:00", "2024-03-15 00:00:00");
        assertThat(error(twoWeeks)).isEqualTo("web.yaml:25: SLO 'web-availability': spec.timeWindow[0].duration: a "
                + "calendar window of '2w' is not supported; SmartSpec's calendar windows are one day, week, month, "
                + "quarter or year: 1d, 1w, 1M, 1Q or 1Y");
        assertThat(error(midMonth)).isEqualTo("web.yaml:25: SLO 'web-availability': spec.timeWindow[0].calendar.startTime: "
                + "'2024-03-15 00:00' does not start a calendar month; SmartSpec's calendar windows start at midnight "
                + "of the month's 1st (e.g. 2024-01-01 00:00:00)");
    }

    @Test
    void aThresholdSliceJudgedByAShareOfItsPointsIsAnError() {
        String yaml = TIMESLICES.replaceAll("(?s)      ratioMetric:.*  timeWindow:", "      thresholdMetric:\n"
                + "        metricSource:\n          type: Prometheus\n          spec:\n            query: p99\n  timeWindow:")
                .replace("- target: 0.995", "- op: lt\n      value: 0.2\n      target: 0.995");
        assertThat(error(yaml)).contains("spec.objectives[0].timeSliceTarget: 0.95 is not supported for a "
                + "thresholdMetric: SmartSpec judges a slice by the metric's value for the slice (op value), which is "
                + "timeSliceTarget: 1");
    }

    private static String error(String yaml) {
        SloValidationException e = catchThrowableOfType(() -> Fixtures.parse("web.yaml", yaml),
                SloValidationException.class);
        assertThat(e).isNotNull();
        return e.problems().stream().filter(Problem::isError).findFirst().orElseThrow().toString();
    }

}
