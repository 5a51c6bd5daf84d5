package io.smartspec.slo.junit;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** The contract itself: run over a source that breaks it, it fails exactly the broken promises. */
class MetricSourceContractTest {

    private static EngineExecutionResults run(Class<?> fixture) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute();
    }

    private static List<String> names(List<Event> events) {
        return events.stream().map(e -> e.getTestDescriptor().getDisplayName().replace("()", "")).toList();
    }

    @Test
    void aCarelessSourceFailsEveryPromiseItBreaksAndPassesTheOthers() {
        // when
        EngineExecutionResults results = run(MetricSourceContractTestCases.Careless.class);

        // then
        assertThat(names(results.testEvents().failed().list())).containsExactlyInAnyOrder(
                "aValueThatIsNotFiniteIsNoDataNeverAValue",
                "nothingInTheBackendIsNoDataWithAReason",
                "aBackendErrorIsFailedWithAMessageNotAnException",
                "noSecretAppearsInAnyMessageOrInToString",
                "theNameIsStableShortAndLowerCase",
                "closingTwiceIsHarmless");
        assertThat(names(results.testEvents().succeeded().list())).containsExactlyInAnyOrder(
                "aPlainValueIsAValueOfThatNumber",
                "zeroIsAValueNotNoData",
                "supportForPastInstantsNeverChanges");
        assertThat(names(results.testEvents().aborted().list())).containsExactlyInAnyOrder(
                "eventsOverAWindowAreTheirCount",
                "aSourceThatSupportsPastInstantsAnswersForTheInstantAsked");
    }

    @Test
    void aLeakedSecretFailsNamingWhereTheSecretCameFromWithoutShowingItInTheTestName() {
        // when
        EngineExecutionResults results = run(MetricSourceContractTestCases.Careless.class);

        // then
        Throwable leak = results.testEvents().failed().list().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().startsWith("nothingInTheBackend"))
                .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow())
                .findFirst().orElseThrow();
        assertThat(leak).hasMessageContaining("must never show the secret from env CARELESS_KEY");
    }

    @Test
    void anExceptionFromQueryFailsSayingTheSourceMustAnswerNotThrow() {
        // when
        EngineExecutionResults results = run(MetricSourceContractTestCases.Careless.class);

        // then
        Throwable thrown = results.testEvents().failed().list().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().startsWith("aBackendError"))
                .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow())
                .findFirst().orElseThrow();
        assertThat(thrown).hasMessageContaining("must answer, not throw")
                .hasMessageContaining("the backend answered 500");
    }
}
