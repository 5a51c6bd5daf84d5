package io.smartspec.slo.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.opentest4j.AssertionFailedError;

class SloCheckMeasuredTest {

    @TempDir
    Path reports;

    @BeforeEach
    void resetCounters() {
        MeasuredTestCases.reset();
    }

    private EngineExecutionResults run(Class<?> fixture) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(fixture))
                .configurationParameter(SloCheck.REPORTS_DIR_PARAMETER, reports.toString())
                .execute();
    }

    private static Throwable failureOf(EngineExecutionResults results) {
        List<Event> failed = results.allEvents().failed().list();
        assertThat(failed).hasSize(1);
        return failed.get(0).getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    }

    @Test
    void aPassingTestRunsItsBodyTheRequestedNumberOfTimesAndSucceeds() {
        // when
        EngineExecutionResults results = run(MeasuredTestCases.Passing.class);

        // then
        results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1).failed(0));
        assertThat(MeasuredTestCases.CALLS).hasValue(50);
    }

    @Test
    void warmUpInvocationsAreRunButNeitherCountedNorTheirErrorsHeldAgainstTheTest() {
        // when
        EngineExecutionResults results = run(MeasuredTestCases.WarmupNotCounted.class);

        // then
        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(MeasuredTestCases.CALLS).hasValue(20);
        assertThat(runEntry(results)).isEqualTo("13 invocations on 1 thread after 7 warm-up, 0 errors");
    }

    @Test
    void aBreachFailsWithOneMessageListingEveryViolatedObjective() {
        // when
        EngineExecutionResults results = run(MeasuredTestCases.Breaching.class);

        // then
        Throwable failure = failureOf(results);
        assertThat(failure).isInstanceOf(AssertionFailedError.class);
        assertThat(failure.getMessage()).matches("""
                checkout missed 2 of 3 SLOs \\(5 invocations on 1 thread\\):
                Expecting p50 latency of checkout: \\d+ ns to be < 1 ns \\(over by \\d+ ns\\)
                Expecting p99 latency of checkout: \\d+ ns to be < 1 ns \\(over by \\d+ ns\\)""");
        assertThat(MeasuredTestCases.CALLS).hasValue(5);
    }

    @Test
    void errorsAreCountedAgainstTheErrorRateAndTheFirstExceptionIsShown() {
        // when
        EngineExecutionResults results = run(MeasuredTestCases.Throwing.class);

        // then
        Throwable failure = failureOf(results);
        assertThat(failure.getMessage()).isEqualTo("""
                payment missed 1 of 2 SLOs (20 invocations on 1 thread):
                Expecting error rate of payment: 25 % to be <= 10 % (over by 15 %)
                5 of 20 invocations threw: IllegalStateException ×5; first: \
                java.lang.IllegalStateException: card declined #1""");
        assertThat(failure.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("card declined #1");
        assertThat(failure.getSuppressed()).extracting(Throwable::getMessage)
                .containsExactly("card declined #2", "card declined #3", "card declined #4", "card declined #5");
    }

    @Test
    void withoutAnErrorRateNoInvocationMayThrow() {
        // when
        EngineExecutionResults results = run(MeasuredTestCases.ThrowingWithoutErrorRate.class);

        // then
        Throwable failure = failureOf(results);
        assertThat(failure.getMessage()).isEqualTo("""
                alwaysFails missed 1 of 1 SLO (3 invocations on 1 thread):
                Expecting error rate of alwaysFails: 100 % to be <= 0 % (over by 100 %)
                3 of 3 invocations threw: IllegalArgumentException ×3; first: \
                java.lang.IllegalArgumentException: boom""");
        assertThat(failure.getCause()).hasMessage("boom");
    }

    @Test
    void invocationsAreSharedByTheThreadsAndAllAreCounted() {
        // when
        EngineExecutionResults results = run(MeasuredTestCases.Concurrent.class);

        // then
        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(MeasuredTestCases.CALLS).hasValue(108);
        assertThat(MeasuredTestCases.THREADS).hasSize(4);
        assertThat(runEntry(results)).isEqualTo("100 invocations on 4 threads after 8 warm-up, 0 errors");
    }

    @Test
    void theTestMethodsParametersAreResolvedOnceAndPassedToEveryInvocation() {
        // when
        EngineExecutionResults results = run(MeasuredTestCases.WithParameter.class);

        // then
        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(MeasuredTestCases.CALLS).hasValue(4);
    }

    @Test
    void eachInvocationOfAParameterizedTestIsMeasuredAndReportedOnItsOwn() {
        // when
        EngineExecutionResults results = run(MeasuredTestCases.Parameterized.class);

        // then
        results.testEvents().assertStatistics(stats -> stats.succeeded(2));
        assertThat(MeasuredTestCases.CALLS).hasValue(3 * 1 + 3 * 10);
        assertThat(reports.resolve("io.smartspec.slo.junit.MeasuredTestCases_Parameterized.perArgument-1.json"))
                .exists();
        assertThat(reports.resolve("io.smartspec.slo.junit.MeasuredTestCases_Parameterized.perArgument-2.json"))
                .exists();
    }

    @Test
    void aClassAnnotationAppliesToEveryMethodWithoutItsOwn() {
        // when
        EngineExecutionResults results = run(MeasuredTestCases.ClassLevel.class);

        // then
        results.testEvents().assertStatistics(stats -> stats.succeeded(2));
        assertThat(MeasuredTestCases.CALLS).hasValue(3 + 5 * 100);
    }

    @Test
    void testsOfNestedClassesFollowTheEnclosingClassAnnotation() {
        // when
        EngineExecutionResults results = run(MeasuredTestCases.Outer.class);

        // then
        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(MeasuredTestCases.CALLS).hasValue(4);
    }

    @Test
    void aFailedAssumptionAbortsTheTestAtOnce() {
        // when
        EngineExecutionResults results = run(MeasuredTestCases.Aborted.class);

        // then
        results.testEvents().assertStatistics(stats -> stats.aborted(1).failed(0));
        assertThat(MeasuredTestCases.CALLS).hasValue(1);
    }

    @Test
    void badAttributeValuesAreAllReportedAtOnceNamingAttributeAndValue() {
        // when
        EngineExecutionResults results = run(MeasuredTestCases.Misconfigured.class);

        // then
        Throwable failure = failureOf(results);
        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class);
        assertThat(failure.getMessage()).isEqualTo("""
                @SloCheck on Misconfigured.badAttributes(): 3 bad attributes:
                  invocations = -5: must be at least 1
                  p99 = "200 parsecs": unit 'parsecs' in '200 parsecs' is unknown; accepted: \
                ns, us, µs, ms, s, m, min, h, %, ratio (a fraction 0..1), rps, /s, /min, or no unit
                  errorRate = "5 ms": '5 ms' is not a share of invocations; expected a percentage like 0.1% \
                or a fraction like 0.001""");
        assertThat(MeasuredTestCases.CALLS).hasValue(0);
    }

    @Test
    void oneBadAttributeIsReportedOnOneLine() {
        // when
        Throwable failure = failureOf(run(MeasuredTestCases.OneBadAttribute.class));

        // then
        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@SloCheck on OneBadAttribute.noThreads(): threads = 0: must be at least 1");
    }

    @Test
    void aMissingSpecFileIsAConfigurationErrorNamingTheAttribute() {
        // when
        Throwable failure = failureOf(run(MeasuredTestCases.MissingSpec.class));

        // then
        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@SloCheck on MissingSpec.specIsMissing(): "
                        + "spec = \"src/test/resources/no-such-spec.md\": no such file (")
                .hasMessageEndingWith("); expected a spec.md relative to " + Path.of("").toAbsolutePath());
        assertThat(MeasuredTestCases.CALLS).hasValue(0);
    }

    @Test
    void aBadClassAnnotationFailsTheClassBeforeAnyTestRuns() {
        // when
        EngineExecutionResults results = run(MeasuredTestCases.MisconfiguredClass.class);

        // then
        results.testEvents().assertStatistics(stats -> stats.started(0));
        Throwable failure = failureOf(results);
        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@SloCheck on MisconfiguredClass: p99 = \"fast\": 'fast' is not a number with a unit "
                        + "(e.g. 200ms, 99.9%, 1000 rps)");
    }

    @Test
    void resultsArePublishedAsReportEntries() {
        // when
        EngineExecutionResults results = run(MeasuredTestCases.Throwing.class);

        // then
        Map<String, String> entries = entries(results);
        assertThat(entries).containsEntry("slo.run", "20 invocations on 1 thread, 5 errors")
                .containsEntry("slo.errors", "5 of 20 invocations threw: IllegalStateException ×5; first: "
                        + "java.lang.IllegalStateException: card declined #1");
        assertThat(entries.get("slo.payment.error-rate"))
                .isEqualTo("error-rate: BREACHED — error rate = 25 %, objective <= 10 % (over by 15 %)");
        assertThat(entries.get("slo.payment.p99")).startsWith("p99: MET — p99 latency = ");
    }

    @Test
    void resultsAreWrittenAsJsonForCiToKeep() throws Exception {
        // when
        run(MeasuredTestCases.Throwing.class);

        // then
        Path file = reports.resolve("io.smartspec.slo.junit.MeasuredTestCases_Throwing.everyFourthFails.json");
        assertThat(file).exists();
        JsonNode json = new ObjectMapper().readTree(Files.readString(file));
        assertThat(json.get("form").asText()).isEqualTo("measured");
        assertThat(json.get("passed").asBoolean()).isFalse();
        assertThat(json.at("/run/invocations").asLong()).isEqualTo(20);
        assertThat(json.at("/run/errors").asLong()).isEqualTo(5);
        assertThat(json.at("/errorTypes/java.lang.IllegalStateException").asLong()).isEqualTo(5);
        assertThat(json.at("/latencyMs/p99").isNumber()).isTrue();
        assertThat(json.get("results")).hasSize(2);
        JsonNode errorRate = json.get("results").get(1);
        assertThat(errorRate.get("slo").asText()).isEqualTo("error-rate");
        assertThat(errorRate.get("status").asText()).isEqualTo("BREACHED");
        assertThat(errorRate.get("observedValue").asDouble()).isEqualTo(25.0);
        assertThat(errorRate.get("objective").asText()).isEqualTo("<= 10 %");
    }

    private static Map<String, String> entries(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getPayload(ReportEntry.class).orElseThrow())
                .flatMap(r -> r.getKeyValuePairs().entrySet().stream())
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> b));
    }

    private static String runEntry(EngineExecutionResults results) {
        return entries(results).get("slo.run");
    }
}
