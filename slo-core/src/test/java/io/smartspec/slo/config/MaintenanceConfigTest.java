package io.smartspec.slo.config;

import static io.smartspec.slo.SpecFixtures.md;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.smartspec.slo.CronSchedule;
import io.smartspec.slo.MaintenanceWindow;
import io.smartspec.slo.Problem;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.SpecFixtures;
import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaintenanceConfigTest {

    private static final String METRICS = md(
            "provider: micrometer",                                                      // 1
            "interval: 30s",                                                             // 2
            "metrics:",                                                                  // 3
            "  - name: api_latency_p99",                                                 // 4
            "    query: histogram_quantile(0.99, rate(x[5m]))",                          // 5
            "    unit: seconds",                                                         // 6
            "  - name: api_error_rate",                                                  // 7
            "    bad_query: sum(rate(http_requests_total{code=~\"5..\"}[{{window}}]))",  // 8
            "    total_query: sum(rate(http_requests_total[{{window}}]))");              // 9

    private LoadedSpec load(Path root, String maintenance) throws IOException {
        Path dir = Files.createDirectories(root.resolve("auth"));
        Path spec = Files.writeString(dir.resolve("spec.md"), SpecFixtures.text("seed/spec.md"));
        Path yaml = Files.writeString(dir.resolve("observability.yaml"), METRICS + maintenance);
        return SpecLoader.load(spec, yaml, Map.of());
    }

    @Test
    void readsExplicitAndWeeklyWindowsForTheSpecOrSomeSlos(@TempDir Path root) throws IOException {
        LoadedSpec spec = load(root, md(
                "maintenance:",                                                          // 10
                "  - reason: database migration",                                        // 11
                "    from: 2026-03-01T22:00:00+01:00",                                   // 12
                "    to: 2026-03-02T01:30",                                              // 13
                "    zone: Europe/Berlin",                                               // 14
                "  - reason: weekly upkeep",                                             // 15
                "    cron: \"0 2 * * SUN\"",                                             // 16
                "    duration: 2h",                                                      // 17
                "    zone: Europe/Berlin",                                               // 18
                "    slos: [api_error_rate]"));                                          // 19

        assertThat(spec.errors()).noneMatch(p -> p.message().contains("maintenance"));
        assertThat(spec.config().maintenance()).containsExactly(
                new MaintenanceWindow.Explicit(Instant.parse("2026-03-01T21:00:00Z"),
                        Instant.parse("2026-03-02T00:30:00Z"), "database migration", Set.of(), 11),
                new MaintenanceWindow.Recurring(CronSchedule.parse("0 2 * * SUN"), Duration.ofHours(2),
                        ZoneId.of("Europe/Berlin"), "weekly upkeep", Set.of("api_error_rate"), 15));
    }

    @Test
    void reportsEveryProblemOfTheSectionAtOnceEachAtItsLine(@TempDir Path root) {
        SloValidationException e = catchThrowableOfType(() -> load(root, md(
                "maintenance:",                                                          // 10
                "  - reason: weekly upkeep",                                             // 11
                "    cron: \"0 2 * * SUNDAY\"",                                          // 12
                "    duration: 2h",                                                      // 13
                "    zone: Europe/Berlinn",                                              // 14
                "  - reason: migration",                                                 // 15
                "    from: 2026-03-02T01:00:00Z",                                        // 16
                "    to: 2026-03-01T22:00:00Z",                                          // 17
                "    slos: [api_eror_rate]")), SloValidationException.class);            // 18

        assertThat(e.problems()).extracting(Problem::line, Problem::message).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(12, "maintenance[0]: cron: day-of-week 'SUNDAY' is not "
                        + "understood; expected 0-7 or MON..SUN, a range a-b, a list a,b, '*' or a step */n"),
                org.assertj.core.groups.Tuple.tuple(14, "maintenance[0]: zone: 'Europe/Berlinn' is not a time zone; "
                        + "expected a region such as Europe/Berlin or an offset such as +01:00; did you mean "
                        + "'Europe/Berlin'?"),
                org.assertj.core.groups.Tuple.tuple(17, "maintenance[1]: to: '2026-03-01T22:00:00Z' is not after "
                        + "from (2026-03-02T01:00:00Z); a window must end after it starts"),
                org.assertj.core.groups.Tuple.tuple(18, "maintenance[1]: slos: 'api_eror_rate' is not an SLO of the "
                        + "spec; expected one of api_error_rate, api_latency_p99, api_uptime; did you mean "
                        + "'api_error_rate'?"));
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.file()).endsWith("observability.yaml"));
    }

    @Test
    void anUnknownSloIsAnErrorOfAnOtherwiseGoodFile(@TempDir Path root) throws IOException {
        LoadedSpec spec = load(root, md(
                "maintenance:",                                                          // 10
                "  - reason: upkeep",                                                    // 11
                "    cron: 0 3 * * *",                                                   // 12
                "    duration: 30m",                                                     // 13
                "    slos: [checkout]"));                                                // 14

        assertThat(spec.errors()).extracting(Problem::line, Problem::message).contains(
                org.assertj.core.groups.Tuple.tuple(14, "maintenance[0]: slos: 'checkout' is not an SLO of the spec; "
                        + "expected one of api_error_rate, api_latency_p99, api_uptime"));
    }

    @Test
    void aWindowWithoutAReasonOrATimeSaysWhatToWrite(@TempDir Path root) {
        SloValidationException e = catchThrowableOfType(() -> load(root, md(
                "maintenance:",                                                          // 10
                "  - slos: [api_error_rate]",                                            // 11
                "  - reason: both",                                                      // 12
                "    cron: 0 3 * * *",                                                   // 13
                "    duration: 30m",                                                     // 14
                "    from: 2026-03-01T22:00:00Z")), SloValidationException.class);       // 15

        assertThat(e.problems()).extracting(Problem::line, Problem::message).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(11, "maintenance[0]: reason: missing; say why, e.g. reason: "
                        + "weekly database upkeep"),
                org.assertj.core.groups.Tuple.tuple(11, "maintenance[0]: no time; give from and to (e.g. from: "
                        + "2026-03-01T22:00:00+01:00) or cron and duration (e.g. cron: \"0 2 * * SUN\", duration: 2h)"),
                org.assertj.core.groups.Tuple.tuple(13, "maintenance[1]: cron: given with from/to; a window is either "
                        + "from/to (once) or cron with duration (every week)"));
    }
}
