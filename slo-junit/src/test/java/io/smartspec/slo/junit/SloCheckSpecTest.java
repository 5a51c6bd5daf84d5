package io.smartspec.slo.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.opentest4j.AssertionFailedError;

class SloCheckSpecTest {

    @TempDir
    Path reports;

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
    void aTestWhoseRecordedMetricsMeetTheSpecPasses() {
        // when
        EngineExecutionResults results = run(SpecTestCases.Healthy.class);

        // then
        results.allEvents().assertStatistics(stats -> stats.failed(0));
        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
    }

    @Test
    void aTestWhoseRecordedMetricsBreachTheSpecFailsListingEveryBreach() {
        // when
        Throwable failure = failureOf(run(SpecTestCases.Degraded.class));

        // then
        assertThat(failure).isInstanceOf(AssertionFailedError.class);
        assertThat(failure.getMessage()).matches("""
                checkout missed 2 of 2 SLOs:
                Expecting p99 Latency of checkout \\[checkout_latency_p99\\]: (29\\d|30\\d)(\\.\\d+)? ms to be < 200 ms \
                \\(over by (9\\d|10\\d)(\\.\\d+)? ms\\)
                Expecting Successful checkouts of checkout \\[checkout_availability\\]: 90 % to be >= 99 % \
                \\(short by 9 %\\)""");
    }

    @Test
    void aMeterRegistryFieldOfTheTestIsRead() {
        // when
        Throwable failure = failureOf(run(SpecTestCases.RegistryField.class));

        // then
        assertThat(failure.getMessage()).matches("checkout missed 1 of 2 SLOs:\n"
                + "Expecting p99 Latency of checkout \\[checkout_latency_p99\\]: 29\\d\\.\\d+ ms to be < 200 ms .*");
    }

    @Test
    void sloWithoutDataFailByDefaultSayingThereWasNoData() {
        // when
        Throwable failure = failureOf(run(SpecTestCases.NothingRecorded.class));

        // then
        assertThat(failure.getMessage()).isEqualTo("""
                checkout missed 2 of 2 SLOs:
                Expecting p99 Latency of checkout [checkout_latency_p99] to be < 200 ms, but there was no data: \
                no meter named 'checkout.latency' is registered (yet)
                Expecting Successful checkouts of checkout [checkout_availability] to be >= 99 %, but there was no \
                data: no meter named 'checkout.requests' is registered (yet)""");
    }

    @Test
    void sloWithoutDataCanBeAllowed() {
        // when
        EngineExecutionResults results = run(SpecTestCases.NothingRecordedAllowed.class);

        // then
        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
    }

    @Test
    void onlyTheSelectedSlosAreChecked() {
        // when
        EngineExecutionResults results = run(SpecTestCases.OnlyLatency.class);

        // then
        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
    }

    @Test
    void anUnknownSloNameIsAConfigurationErrorListingTheSpecsSlos() {
        // when
        Throwable failure = failureOf(run(SpecTestCases.UnknownSlo.class));

        // then
        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class).hasMessage(
                "@SloCheck on UnknownSlo.checkout(): slos = [checkout_latency_p99, checkout_p50]: no SLO named "
                        + "'checkout_p50' in spec 'checkout'; it has checkout_latency_p99, checkout_availability");
    }

    @Test
    void aMissingConfigFileIsAConfigurationErrorNamingTheAttribute() {
        // when
        Throwable failure = failureOf(run(SpecTestCases.MissingConfig.class));

        // then
        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@SloCheck on MissingConfig.checkout(): "
                        + "config = \"src/test/resources/spec/checkout/nope.yaml\": no such file (");
    }

    @Test
    void onAClassTheSpecIsEvaluatedOnceAfterAllTestsOverTheRegistryTheyShared() throws Exception {
        // when
        EngineExecutionResults results = run(SpecTestCases.ClassLevel.class);

        // then
        results.testEvents().assertStatistics(stats -> stats.succeeded(2));
        Throwable failure = failureOf(results);
        assertThat(failure).hasMessage("""
                checkout missed 1 of 2 SLOs:
                Expecting Successful checkouts of checkout [checkout_availability]: 90 % to be >= 99 % \
                (short by 9 %)""");
        JsonNode json = new ObjectMapper().readTree(Files.readString(
                reports.resolve("io.smartspec.slo.junit.SpecTestCases_ClassLevel.json")));
        assertThat(json.get("form").asText()).isEqualTo("spec");
        assertThat(json.get("results")).extracting(r -> r.get("status").asText())
                .containsExactly("MET", "BREACHED");
    }

    @Test
    void theMeasuredAndSpecDrivenFormsCombine() {
        // when
        EngineExecutionResults results = run(SpecTestCases.MeasuredAndSpec.class);

        // then
        results.testEvents().assertStatistics(stats -> stats.succeeded(1));
        assertThat(SpecTestCases.MeasuredAndSpec.REGISTRY.counter("checkout.requests", "outcome", "success")
                .count()).isEqualTo(10);
    }

    @Test
    void aSpecWhoseConfigNamesAnotherProviderIsEvaluatedThroughThatProvider() {
        // when
        Throwable failure = failureOf(run(SpecTestCases.OtherProvider.class));

        // then
        assertThat(failure).hasMessage("""
                fixed missed 1 of 1 SLO:
                Expecting p99 Latency of fixed [fixed_latency_p99]: 250 ms to be < 200 ms (over by 50 ms)""");
    }
}
