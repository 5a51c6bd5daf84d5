package io.smartspec.slo.spec;

import io.smartspec.slo.Problem;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.config.ObservabilityConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static io.smartspec.slo.SpecFixtures.md;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Objectives that can never be met or missed are errors at load; min_events reaches the SLOs. */
class SpecObjectivesAndMinEventsTest {

    private static NfrTable nfr(String metric, String target) {
        return NfrTable.parse("spec.md", md("## NFR", "| Category | Requirement | Metric | Target | Priority |",
                "|---|---|---|---|---|", "| Performance | p | `" + metric + "` | " + target + " | P1 |"));
    }

    private static ObservabilityConfig config(String yaml) {
        return ObservabilityConfig.parse("observability.yaml", yaml, Map.of());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            > 100%                    | > 100 % can never be met (a share is between 0 % and 100 %)
            >= 0%                     | >= 0 % can never be missed (a share is between 0 % and 100 %)
            < 0s                      | < 0 s can never be met (a duration is never negative)
            < 0%                      | < 0 % can never be met (a share is between 0 % and 100 %)
            <= 100%                   | <= 100 % can never be missed (a share is between 0 % and 100 %)
            >= 0ms                    | >= 0 ms can never be missed (a duration is never negative)
            > 99.99999999999999999%   | '99.99999999999999999' has more digits than a number holds and reads as 100; > 100 % can never be met (a share is between 0 % and 100 %)
            < 1e-400 s                | '1e-400' has more digits than a number holds and reads as 0; < 0 s can never be met (a duration is never negative)
            """)
    void anObjectiveThatCanNeverBeMetOrMissedIsAnErrorAtItsLine(String target, String why) {
        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class, () -> nfr("m", target));

        // then
        assertThat(e).as(target).isNotNull();
        assertThat(e.problems()).extracting(Problem::toString).containsExactly("spec.md:4: m: Target '" + target
                + "': " + why + "; expected an objective that some values meet and others miss");
    }

    @Test
    void theDslRefusesAnObjectiveThatCanNeverBeMet() {
        // when
        SloValidationException e = catchThrowableOfType(SloValidationException.class, () -> Slo.named("p99")
                .metric("p99", "q").below(java.time.Duration.ZERO).build());

        // then
        assertThat(e.problems()).extracting(Problem::toString)
                .containsExactly("slo 'p99': objective: < 0 s can never be met (a duration is never negative)");
    }

    @Test
    void minEventsIsReadPerMetricAndAsAFileWideDefault() {
        // given
        ObservabilityConfig config = config("""
                provider: prometheus
                min_events: 500
                metrics:
                  - name: availability
                    good_query: good[{{window}}]
                    total_query: total[{{window}}]
                  - name: checkout
                    good_query: good[{{window}}]
                    total_query: total[{{window}}]
                    min_events: 20
                """);
        NfrTable table = NfrTable.parse("spec.md", md("## NFR", "| Category | Requirement | Metric | Target | Priority |",
                "|---|---|---|---|---|", "| A | a | `availability` | >= 99.9% | P1 |",
                "| A | c | `checkout` | >= 99.9% | P1 |"));

        // when
        LoadedSpec spec = SpecLoader.bind(table, config, "spec");

        // then
        assertThat(spec.slos().slos()).extracting(Slo::name, Slo::minEvents)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("availability", 500L),
                        org.assertj.core.groups.Tuple.tuple("checkout", 20L));
    }

    @Test
    void withoutMinEventsARatioNeedsTheEventsAtWhichOneBadEventCannotBreach() {
        ObservabilityConfig config = config("""
                provider: prometheus
                metrics:
                  - name: availability
                    good_query: good[{{window}}]
                    total_query: total[{{window}}]
                """);

        LoadedSpec spec = SpecLoader.bind(nfr("availability", ">= 90%"), config, "spec");

        assertThat(spec.slos().slos()).singleElement().extracting(Slo::minEvents).isEqualTo(10L);
    }

    @Test
    void aMinEventsThatIsNotACountIsAnErrorAtItsLine() {
        SloValidationException e = catchThrowableOfType(SloValidationException.class, () -> config("""
                provider: prometheus
                min_events: lots
                metrics:
                  - name: availability
                    good_query: good[{{window}}]
                    total_query: total[{{window}}]
                    min_events: -3
                """));

        assertThat(e.problems()).extracting(Problem::toString).containsExactly(
                "observability.yaml:2: min_events: 'lots' is not a whole number of events, 0 or more "
                        + "(e.g. min_events: 100)",
                "observability.yaml:7: metric 'availability': min_events: '-3' is not a whole number of events, "
                        + "0 or more (e.g. min_events: 100)");
    }

    @Test
    void aMetricWithoutUnitOnAProviderThatIsNotOnTheClassPathIsAWarning() {
        ObservabilityConfig config = config("""
                provider: elsewhere
                metrics:
                  - name: p99
                    query: p99_seconds
                """);

        LoadedSpec spec = SpecLoader.bind(nfr("p99", "< 250ms"), config, "spec");

        assertThat(spec.warnings()).extracting(Problem::toString).containsExactly("observability.yaml:3: metric 'p99' "
                + "declares no unit for < 250 ms: provider 'elsewhere' is not on the class path to say what its plain "
                + "numbers mean; declare what the query returns, e.g. unit: s or unit: ms");
    }

    @Test
    void aMicrometerMetricIsNotWarnedAbout() {
        // Micrometer's values carry their unit
        ObservabilityConfig config = config("""
                provider: micrometer
                metrics:
                  - name: p99
                    query: "http.server.requests p99"
                """);

        LoadedSpec spec = SpecLoader.bind(nfr("p99", "< 250ms"), config, "spec");

        assertThat(spec.warnings()).isEmpty();
    }
}
