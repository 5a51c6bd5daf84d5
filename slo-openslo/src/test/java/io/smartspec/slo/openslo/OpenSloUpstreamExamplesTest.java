package io.smartspec.slo.openslo;

import io.smartspec.slo.Problem;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.SloWindow;
import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.spec.SpecLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every upstream OpenSLO example of the reference set (src/test/resources/openslo/upstream, see its NOTICE.md):
 * each either imports into a spec the real loader reads, or gives the clear error its content calls for
 * (unsupported source type, dangling reference, invalid name, other API version), located by file and line.
 */
class OpenSloUpstreamExamplesTest {

    private static Path upstream(String name) {
        return Fixtures.UPSTREAM.resolve(name);
    }

    private static List<Problem> errors(String file) {
        SloValidationException e = catchThrowableOfType(() -> OpenSloImport.read(List.of(upstream(file))),
                SloValidationException.class);
        assertThat(e).as(file + " must not import").isNotNull();
        return e.problems().stream().filter(Problem::isError).toList();
    }

    @Test
    void everyV1ExampleFileIsAccountedFor() throws IOException {
        // the cases below cover every file copied from upstream: a new one must get its expectation
        try (Stream<Path> files = Files.walk(Fixtures.UPSTREAM)) {
            assertThat(files.filter(p -> p.toString().matches(".*\\.(yaml|json)"))
                    .map(p -> Fixtures.UPSTREAM.relativize(p).toString().replace('\\', '/')))
                    .containsExactlyInAnyOrder(
                            "OpenSLO/examples/low-traffic-timeslices-slo.yaml", "OpenSLO/examples/occurences-slo.yaml",
                            "OpenSLO/examples/ratio-timeslices.yaml", "OpenSLO/examples/timeslices-slo.yaml",
                            "go-sdk/decode/sequence_of_objects.json", "go-sdk/decode/sequence_of_objects.yaml",
                            "go-sdk/decode/single_object.json", "go-sdk/decode/single_object.yaml",
                            "go-sdk/decode/two_documents.yaml", "go-sdk/decode/v1_slos.yaml",
                            "go-sdk/decode/v2alpha_slos.yaml",
                            "go-sdk/inline/custom_config.yaml", "go-sdk/inline/v1_alert_policies_invalid_condition.yaml",
                            "go-sdk/inline/v1_alert_policies_invalid_target.yaml",
                            "go-sdk/inline/v1_alert_policies_keep_refs.yaml",
                            "go-sdk/inline/v1_alert_policies_remove_refs.yaml", "go-sdk/inline/v1_slo.yaml",
                            "go-sdk/inline/v1_slo_invalid_policy.yaml", "go-sdk/inline/v1_slo_invalid_sli.yaml",
                            "go-sdk/inline/v1_slo_invalid_target.yaml",
                            "go-sdk/v1-examples/alert_conditions.yaml",
                            "go-sdk/v1-examples/alert_notification_targets.yaml",
                            "go-sdk/v1-examples/alert_policies.yaml", "go-sdk/v1-examples/data_sources.yaml",
                            "go-sdk/v1-examples/services.yaml", "go-sdk/v1-examples/slis.yaml",
                            "go-sdk/v1-examples/slos.yaml",
                            "oslo/validate/invalid-apiversion.yaml", "oslo/validate/unknown-field.yaml",
                            "oslo/validate/v1.yaml");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // the OpenSLO repository's examples read metrics of type 'Any', which no tool can query
            "OpenSLO/examples/low-traffic-timeslices-slo.yaml | 16 | ratioMetric.good.metricSource.type: 'Any' is not a supported metric source; SmartSpec reads Prometheus (provider: prometheus) and Datadog (provider: datadog)",
            "OpenSLO/examples/occurences-slo.yaml             | 17 | thresholdMetric.metricSource.type: 'Any' is not a supported metric source",
            "OpenSLO/examples/ratio-timeslices.yaml           | 18 | ratioMetric.good.metricSource.type: 'Any' is not a supported metric source",
            "OpenSLO/examples/timeslices-slo.yaml             | 18 | ratioMetric.good.metricSource.type: 'Any' is not a supported metric source",
    })
    void examplesOfAnUnsupportedSourceTypeSayWhichTypeAndWhatIsSupported(String file, int line, String message) {
        List<Problem> errors = errors(file);
        assertThat(errors).anySatisfy(p -> {
            assertThat(p.file()).endsWith(file);
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message()).contains(message);
        });
    }

    @Test
    void theGoSdkSliExamplesOfAppDynamicsAreAClearErrorWhenAnSloUsesThem() {
        // slis.yaml alone imports nothing (no SLO uses its SLIs); an SLO that uses the AppDynamics one fails clearly
        OpenSloImport alone = OpenSloImport.read(List.of(upstream("go-sdk/v1-examples/slis.yaml")));
        assertThat(alone.specs()).isEmpty();
        assertThat(alone.warnings()).extracting(Problem::message)
                .contains("SLI 'end-user-response': no SLO uses it (indicatorRef); it is not imported");
        String slo = """
                apiVersion: openslo/v1
                kind: SLO
                metadata:
                  name: end-user
                spec:
                  service: app
                  indicatorRef: end-user-response
                  budgetingMethod: Occurrences
                  objectives:
                    - target: 0.99
                """;
        SloValidationException e = catchThrowableOfType(() -> OpenSloImport.parse(new java.util.TreeMap<>(Map.of(
                "slis.yaml", Fixtures.read(upstream("go-sdk/v1-examples/slis.yaml")), "slo.yaml", slo))),
                SloValidationException.class);
        assertThat(e.problems()).filteredOn(Problem::isError).singleElement().satisfies(p -> {
            assertThat(p.toString()).isEqualTo("slis.yaml:45: SLI 'end-user-response': spec.ratioMetric.bad.metricSource.type: "
                    + "'AppDynamics' is not a supported metric source; SmartSpec reads Prometheus (provider: prometheus) "
                    + "and Datadog (provider: datadog)");
        });
    }

    @Test
    void theGoSdkPrometheusSliExamplesImportWhenAnSloUsesThem(@TempDir Path dir) {
        String slos = """
                - apiVersion: openslo/v1
                  kind: SLO
                  metadata:
                    name: wifi
                  spec:
                    service: home
                    indicatorRef: wifi-client-satisfaction
                    timeWindow:
                      - duration: 7d
                        isRolling: true
                    budgetingMethod: Occurrences
                    objectives:
                      - target: 0.9
                """;
        OpenSloImport imported = OpenSloImport.parse(new java.util.TreeMap<>(Map.of("slis.yaml",
                Fixtures.read(upstream("go-sdk/v1-examples/slis.yaml")), "slos.yaml", slos)));
        Path spec = imported.specs().get(0).writeTo(dir);
        LoadedSpec loaded = SpecLoader.load(spec, spec.resolveSibling("observability.yaml"), Map.of());
        assertThat(loaded.problems()).isEmpty();
        assertThat(imported.specs().get(0).specMd()).contains("| Window | Ratio window |", "| >= 90% |  | 7d |");
        // a raw success ratio: a threshold on the ratio over the SLO's window ({{.window}} is 7d)
        assertThat(loaded.slos().slos()).singleElement().satisfies(s -> {
            assertThat(s.objective().toString()).isEqualTo(">= 90 %");
            // judged at each evaluation; the 7d is the window the query computes its ratio over
            assertThat(s.window()).isEmpty();
            assertThat(s.indicator()).isInstanceOfSatisfying(io.smartspec.slo.Indicator.Threshold.class,
                    t -> assertThat(t.query()).contains("sum_over_time(poller_client_satisfaction_ratio[7d])")
                            .doesNotContain("{{"));
        });
    }

    @Test
    void theGoSdkDecoderExampleOfV1SlosImportsAndLoads(@TempDir Path dir) {
        OpenSloImport imported = OpenSloImport.read(List.of(upstream("go-sdk/decode/v1_slos.yaml")));
        // 'dimensions' beside the query is not read: said, not dropped silently
        assertThat(imported.warnings()).extracting(Problem::message).anySatisfy(m -> assertThat(m)
                .contains("ratioMetric.good.metricSource.spec.dimensions: not imported"));
        Path spec = imported.specs().get(0).writeTo(dir);
        LoadedSpec loaded = SpecLoader.load(spec, spec.resolveSibling("observability.yaml"), Map.of());
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.specId()).isEqualTo("foo");
        assertThat(loaded.slos().slos()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("foo-slo");
            assertThat(s.objective().bound()).isEqualTo(Quantity.percent(98));
            assertThat(s.description()).isEqualTo("Foo SLO");
            assertThat(s.indicator()).isEqualTo(new io.smartspec.slo.Indicator.EventsRatio("foo-slo",
                    io.smartspec.slo.Indicator.Events.GOOD, "http_requests_total{status_code=\"200\"}",
                    "http_requests_total{}"));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"go-sdk/decode/sequence_of_objects.json", "go-sdk/decode/sequence_of_objects.yaml",
            "go-sdk/decode/single_object.json", "go-sdk/decode/single_object.yaml", "go-sdk/decode/two_documents.yaml"})
    void everyFileShapeDecodesToTheSameServices(String file) {
        // a single object, a list, several documents, YAML or JSON: the same Services, which have no SLOs
        OpenSloImport imported = OpenSloImport.read(List.of(upstream(file)));
        assertThat(imported.specs()).isEmpty();
        assertThat(imported.warnings()).extracting(Problem::message).allSatisfy(m -> assertThat(m)
                .matches("Service '(users-auth|users-login)': no SLO names service '\\1'; no spec is written for it"))
                .isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"go-sdk/v1-examples/alert_conditions.yaml",
            "go-sdk/v1-examples/alert_notification_targets.yaml", "go-sdk/v1-examples/data_sources.yaml",
            "go-sdk/inline/v1_alert_policies_keep_refs.yaml", "go-sdk/inline/v1_alert_policies_remove_refs.yaml",
            "go-sdk/v1-examples/services.yaml"})
    void examplesWithoutAnSloAreValidAndWriteNothing(String file) {
        assertThat(OpenSloImport.read(List.of(upstream(file))).specs()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // the go-sdk's inlining failures, with the reference's path
            "go-sdk/inline/v1_alert_policies_invalid_condition.yaml | 8  | AlertPolicy 'invalid-condition': spec.conditions[0].conditionRef: AlertCondition 'cpu-usage-breach' does not exist in the files given",
            "go-sdk/inline/v1_alert_policies_invalid_target.yaml    | 25 | AlertPolicy 'invalid-target': spec.notificationTargets[1].targetRef: AlertNotificationTarget 'devs-email-notification' does not exist in the files given",
            "go-sdk/inline/v1_slo_invalid_sli.yaml                  | 7  | SLO 'my-slo': spec.indicatorRef: SLI 'no-sli' does not exist in the files given; did you mean 'my-sli'?",
            "go-sdk/inline/v1_slo_invalid_policy.yaml               | 9  | SLO 'my-slo': spec.alertPolicies[0].alertPolicyRef: AlertPolicy 'no-policy' does not exist in the files given",
            "go-sdk/inline/v1_slo_invalid_target.yaml               | 32 | SLO 'my-slo': spec.alertPolicies[0].spec.notificationTargets[1].targetRef: AlertNotificationTarget 'devs-email-notification' does not exist",
            "go-sdk/inline/custom_config.yaml                       | 20 | SLO 'my-slo': spec.indicatorRef: SLI 'my-sli' does not exist in the files given",
            "go-sdk/v1-examples/alert_policies.yaml                 | 18 | AlertPolicy 'low-priority': spec.notificationTargets[0].targetRef: AlertNotificationTarget 'on-call-mail-notification' does not exist",
            // calendar weeks from Saturday noon are no calendar period SmartSpec has
            "go-sdk/inline/v1_slo.yaml                              | 19 | SLO 'my-slo-1': spec.timeWindow[0].calendar.startTime: '2022-01-01 12:00' does not start a calendar week; SmartSpec's calendar windows start at midnight of the week's Monday",
            "go-sdk/v1-examples/slos.yaml                           | 32 | SLO 'web-availability': spec.timeWindow[0].calendar.startTime: '2022-01-01 12:00' does not start a calendar week",
            // other API versions, invalid names
            "go-sdk/decode/v2alpha_slos.yaml                        | 1  | SLO 'foo-slo': apiVersion: 'openslo.com/v2alpha' is not supported; expected openslo/v1",
            "oslo/validate/invalid-apiversion.yaml                  | 1  | Service 'my-rad-service': apiVersion: 'foo' is not supported; expected openslo/v1",
            "oslo/validate/unknown-field.yaml                       | 4  | Service 'my-rad service': metadata.name: 'my-rad service' is not a valid name; expected at most 63 characters, lower case letters, digits and '-'",
            "oslo/validate/unknown-field.yaml                       | 6  | Service 'my-rad service': spec.markdown: unknown field; spec accepts description",
            "oslo/validate/v1.yaml                                  | 59 | Service 'example service': metadata.name: 'example service' is not a valid name",
    })
    void invalidExamplesGiveTheErrorTheirContentCallsFor(String file, int line, String message) {
        assertThat(errors(file)).anySatisfy(p -> {
            assertThat(p.file()).endsWith(file);
            assertThat(p.line()).isEqualTo(line);
            assertThat(p.message()).contains(message);
        });
    }

    @Test
    void importingEveryV1ExampleTogetherReportsEveryProblemAtOnce() throws IOException {
        List<Path> files;
        try (Stream<Path> all = Files.list(upstream("go-sdk/v1-examples"))) {
            files = all.sorted().toList();
        }
        assertThatThrownBy(() -> OpenSloImport.read(files)).isInstanceOfSatisfying(SloValidationException.class,
                e -> assertThat(e.problems().stream().filter(Problem::isError).map(p -> p.file().replaceAll(".*/", "")
                        + ":" + p.line()).distinct()).contains("alert_policies.yaml:18", "alert_policies.yaml:50",
                        "slos.yaml:32"));
    }
}
