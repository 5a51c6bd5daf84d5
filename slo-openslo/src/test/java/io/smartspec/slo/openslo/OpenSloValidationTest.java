package io.smartspec.slo.openslo;

import io.smartspec.slo.Problem;
import io.smartspec.slo.SloValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Invalid OpenSLO documents, one per rule of the specification: each is an error naming the file, the line, the
 * object, the field, the bad value and what would be accepted.
 */
class OpenSloValidationTest {

    /** A valid SLO with one line replaced: {@code %s} stands for the lines under test. */
    private static final String SLO = """
            apiVersion: openslo/v1
            kind: SLO
            metadata:
              name: checkout-availability
            spec:
              service: checkout
              indicator:
                metadata:
                  name: checkout-requests
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
                - duration: 28d
                  isRolling: true
              budgetingMethod: Occurrences
              objectives:
                - target: 0.999
            """;

    private static String slo(String from, String to) {
        assertThat(SLO).contains(from);
        return SLO.replace(from, to);
    }

    static Stream<Arguments> invalidDocuments() {
        return Stream.of(
                Arguments.of("apiVersion other than openslo/v1", slo("apiVersion: openslo/v1", "apiVersion: openslo/v1alpha"),
                        1, "SLO 'checkout-availability': apiVersion: 'openslo/v1alpha' is not supported; expected openslo/v1"),
                Arguments.of("apiVersion missing", slo("apiVersion: openslo/v1\n", ""),
                        1, "SLO 'checkout-availability': apiVersion: missing; expected apiVersion: openslo/v1"),
                Arguments.of("kind unknown", slo("kind: SLO", "kind: Slo"),
                        2, "Slo 'checkout-availability': kind: 'Slo' is not an OpenSLO v1 kind; expected one of Service, "
                                + "SLO, SLI, DataSource, AlertPolicy, AlertCondition, AlertNotificationTarget; did you mean 'SLO'?"),
                Arguments.of("name not an RFC 1123 label", slo("name: checkout-availability", "name: Checkout_Availability"),
                        4, "metadata.name: 'Checkout_Availability' is not a valid name; expected at most 63 characters, lower "
                                + "case letters, digits and '-', starting and ending with a letter or digit (RFC 1123)"),
                Arguments.of("name longer than 63", slo("name: checkout-availability", "name: " + "a".repeat(64)),
                        4, "metadata.name: '" + "a".repeat(64) + "' is not a valid name"),
                Arguments.of("displayName longer than 63", slo("  name: checkout-availability",
                        "  name: checkout-availability\n  displayName: " + "x".repeat(64)),
                        5, "metadata.displayName: is 64 characters long; OpenSLO allows at most 63"),
                Arguments.of("label key invalid", slo("  name: checkout-availability",
                        "  name: checkout-availability\n  labels:\n    -team: [a]"),
                        6, "metadata.labels.-team: '-team' is not a valid label key"),
                Arguments.of("annotation key invalid", slo("  name: checkout-availability",
                        "  name: checkout-availability\n  annotations:\n    Smartspec.IO/priority: P1"),
                        6, "'Smartspec.IO/priority' is not a valid annotation key"),
                Arguments.of("unknown field", slo("  service: checkout", "  service: checkout\n  servce: other"),
                        7, "SLO 'checkout-availability': spec.servce: unknown field; did you mean 'service'?"),
                Arguments.of("service missing", slo("  service: checkout\n", ""),
                        5, "spec.service: missing; the name of the Service the SLO belongs to"),
                Arguments.of("description longer than 1050", slo("  service: checkout",
                        "  service: checkout\n  description: " + "d".repeat(1051)),
                        7, "spec.description: is 1051 characters long; OpenSLO allows at most 1050"),
                Arguments.of("budgetingMethod unknown", slo("budgetingMethod: Occurrences", "budgetingMethod: occurrences"),
                        26, "spec.budgetingMethod: 'occurrences' is not accepted; expected one of Occurrences, Timeslices, "
                                + "RatioTimeslices; did you mean 'Occurrences'?"),
                Arguments.of("budgetingMethod missing", slo("  budgetingMethod: Occurrences\n", ""),
                        5, "spec.budgetingMethod: missing; expected one of Occurrences, Timeslices, RatioTimeslices"),
                Arguments.of("target not below 1", slo("target: 0.999", "target: 1.5"),
                        28, "spec.objectives[0].target: 1.5 is out of range; expected a number above 0 and below 1, e.g. 0.995"),
                Arguments.of("target 0", slo("target: 0.999", "target: 0"),
                        28, "spec.objectives[0].target: 0.0 is out of range"),
                Arguments.of("targetPercent 100", slo("target: 0.999", "targetPercent: 100"),
                        28, "spec.objectives[0].targetPercent: 100.0 is out of range; expected a number above 0 and below 100"),
                Arguments.of("target and targetPercent", slo("- target: 0.999", "- target: 0.999\n      targetPercent: 99.9"),
                        29, "spec.objectives[0].targetPercent: given with target; give one of them"),
                Arguments.of("target is text", slo("target: 0.999", "target: \"0.999\""),
                        28, "spec.objectives[0].target: is the text '0.999'; expected a number"),
                Arguments.of("no objective", slo("  objectives:\n    - target: 0.999\n", ""),
                        5, "spec.objectives: missing; at least one objective with a target"),
                Arguments.of("good and bad", slo("        total:", "        bad:\n          metricSource:\n            type: Prometheus\n"
                                + "            spec:\n              query: x\n        total:"),
                        11, "spec.indicator.spec.ratioMetric: has both good and bad; exactly one of them goes with total"),
                Arguments.of("neither good nor bad", slo("        good:", "        other:").replace("other:", "good2:"),
                        13, "spec.indicator.spec.ratioMetric.good2: unknown field; did you mean 'good'?"),
                Arguments.of("total and raw", slo("        total:", "        rawType: success\n        raw:\n          metricSource:\n"
                                + "            type: Prometheus\n            spec:\n              query: x\n        total:"),
                        11, "spec.indicator.spec.ratioMetric: has both total and raw"),
                Arguments.of("both threshold and ratio metric", slo("      ratioMetric:", "      thresholdMetric:\n        metricSource:\n"
                                + "          type: Prometheus\n          spec:\n            query: x\n      ratioMetric:"),
                        10, "spec.indicator.spec: has both thresholdMetric and ratioMetric; an SLI is exactly one of them"),
                Arguments.of("indicator and indicatorRef", slo("  indicator:", "  indicatorRef: checkout-requests\n  indicator:"),
                        7, "spec.indicatorRef: given with indicator"),
                Arguments.of("metricSource without type or ref", slo("            type: Prometheus\n            spec:\n"
                                + "              query: http_requests_total{code", "            spec:\n              query: http_requests_total{code"),
                        14, "spec.indicator.spec.ratioMetric.good.metricSource.type: missing; give the source's type"),
                Arguments.of("metricSource spec empty", slo("            spec:\n              query: http_requests_total\n", "            spec: {}\n"),
                        21, "spec.indicator.spec.ratioMetric.total.metricSource.spec: is empty"),
                Arguments.of("two time windows", slo("      isRolling: true", "      isRolling: true\n    - duration: 7d"),
                        23, "spec.timeWindow: has 2 items; OpenSLO takes exactly one"),
                Arguments.of("duration not a shorthand", slo("duration: 28d", "duration: 28 days"),
                        24, "spec.timeWindow[0].duration: '28 days' is not a duration; expected a whole number and one of m, h, d, w, M, Q, Y"),
                Arguments.of("not rolling without calendar", slo("isRolling: true", "isRolling: false"),
                        24, "spec.timeWindow[0].calendar: missing; a window that is not rolling is calendar-aligned"),
                Arguments.of("rolling with calendar", slo("      isRolling: true", "      isRolling: true\n      calendar:\n"
                                + "        startTime: 2024-01-01 00:00:00\n        timeZone: UTC"),
                        26, "spec.timeWindow[0].calendar: cannot be set when isRolling is true"),
                Arguments.of("time zone unknown", slo("      isRolling: true", "      isRolling: false\n      calendar:\n"
                                + "        startTime: 2024-01-01 00:00:00\n        timeZone: Mars/Olympus").replace("28d", "1M"),
                        28, "spec.timeWindow[0].calendar.timeZone: 'Mars/Olympus' is not an IANA time zone"),
                Arguments.of("start time unreadable", slo("      isRolling: true", "      isRolling: false\n      calendar:\n"
                                + "        startTime: 2024-13-01\n        timeZone: UTC").replace("28d", "1M"),
                        27, "spec.timeWindow[0].calendar.startTime: '2024-13-01' is not a date and time; expected YYYY-MM-DD hh:mm:ss"),
                Arguments.of("Timeslices without timeSliceTarget", slo("budgetingMethod: Occurrences", "budgetingMethod: Timeslices")
                                .replace("- target: 0.999", "- target: 0.999\n      timeSliceWindow: 1m"),
                        28, "spec.objectives[0].timeSliceTarget: missing; budgetingMethod Timeslices needs the share of good time in a slice"),
                Arguments.of("RatioTimeslices without timeSliceWindow", slo("budgetingMethod: Occurrences",
                                "budgetingMethod: RatioTimeslices"),
                        28, "spec.objectives[0].timeSliceWindow: missing; budgetingMethod RatioTimeslices needs the length of a slice"),
                Arguments.of("timeSliceTarget above 1", slo("budgetingMethod: Occurrences", "budgetingMethod: Timeslices")
                                .replace("- target: 0.999", "- target: 0.999\n      timeSliceTarget: 1.5\n      timeSliceWindow: 1m"),
                        29, "spec.objectives[0].timeSliceTarget: 1.5 is out of range; expected a number above 0, at most 1"),
                Arguments.of("threshold objective without op and value", SLO.replaceAll("(?s)      ratioMetric:.*  timeWindow:",
                                "      thresholdMetric:\n        metricSource:\n          type: Prometheus\n          spec:\n"
                                        + "            query: p99\n  timeWindow:").replace("Occurrences", "Timeslices")
                                .replace("- target: 0.999", "- target: 0.999\n      timeSliceTarget: 1\n      timeSliceWindow: 1m"),
                        21, "spec.objectives[0].op: missing; a thresholdMetric's objective compares the value"),
                Arguments.of("duplicate key", slo("  service: checkout", "  service: checkout\n  service: other"),
                        7, "key 'service' is written twice (first on line 6); keep one"),
                Arguments.of("not YAML", "apiVersion: openslo/v1\nkind: [SLO\n", 2, "is not valid YAML"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDocuments")
    void anInvalidDocumentIsALocatedError(String rule, String yaml, int line, String message) {
        SloValidationException e = catchThrowableOfType(() -> Fixtures.parse("slo.yaml", yaml),
                SloValidationException.class);
        assertThat(e).as(rule + " must be rejected").isNotNull();
        assertThat(e.problems()).filteredOn(Problem::isError).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo("slo.yaml");
            assertThat(p.message()).contains(message);
            assertThat(p.line()).isEqualTo(line);
        });
        assertThat(e.getMessage()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void everyProblemOfEveryFileIsReportedAtOnceInFileOrder() {
        String bad = slo("apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: checkout-availability",
                "apiVersion: openslo/v1\nkind: SLO\nmetadata:\n  name: Checkout").replace("target: 0.999", "target: 2")
                .replace("duration: 28d", "duration: 4 weeks");
        SloValidationException e = catchThrowableOfType(() -> OpenSloImport.parse(java.util.Map.of("a.yaml", bad)),
                SloValidationException.class);
        assertThat(e.problems()).filteredOn(Problem::isError).extracting(Problem::line).containsExactly(4, 24, 28);
    }

    @Test
    void theValidDocumentOfTheseCasesImports() {
        assertThat(Fixtures.parse("slo.yaml", SLO).specs()).hasSize(1);
    }

    @Test
    void aReferenceToAnotherKindNamesWhatExists() {
        String yaml = SLO.replaceAll("(?s)  indicator:.*  timeWindow:", "  indicatorRef: checkout-requets\n  timeWindow:")
                + """
                ---
                apiVersion: openslo/v1
                kind: SLI
                metadata:
                  name: checkout-requests
                spec:
                  thresholdMetric:
                    metricSource:
                      type: Prometheus
                      spec:
                        query: x
                """;
        SloValidationException e = catchThrowableOfType(() -> Fixtures.parse("slo.yaml", yaml),
                SloValidationException.class);
        assertThat(e.problems()).filteredOn(Problem::isError).extracting(Problem::toString).contains(
                "slo.yaml:7: SLO 'checkout-availability': spec.indicatorRef: SLI 'checkout-requets' does not exist in the "
                        + "files given; did you mean 'checkout-requests'?; they define checkout-requests");
    }

    @Test
    void aDatadogSourceImportsWithoutCopyingItsKeys() {
        String yaml = """
                apiVersion: openslo/v1
                kind: DataSource
                metadata:
                  name: datadog
                spec:
                  type: Datadog
                  connectionDetails:
                    apiKey: dd-secret-api-key-123
                    appKey: dd-secret-app-key-456
                    site: datadoghq.eu
                ---
                """ + SLO.replace("type: Prometheus", "metricSourceRef: datadog")
                .replace("http_requests_total{code!~\\\"5..\\\"}", "x");
        OpenSloImport imported = Fixtures.parse("dd.yaml", yaml);
        String config = imported.specs().get(0).observabilityYaml();
        assertThat(config).contains("provider: datadog", "site: \"datadoghq.eu\"",
                "api_key: \"{{env.DATADOG_API_KEY}}\"", "app_key: \"{{env.DATADOG_APP_KEY}}\"")
                .doesNotContain("dd-secret");
        assertThat(imported.warnings()).extracting(Problem::message).anySatisfy(m -> assertThat(m)
                .contains("spec.connectionDetails.apiKey: not copied into observability.yaml"));
        assertThat(imported.warnings()).extracting(Problem::toString).allSatisfy(m -> assertThat(m)
                .doesNotContain("dd-secret"));
    }

    @Test
    void sourcesOfOneServiceMustShareAProvider() {
        String other = SLO.replace("checkout-availability", "checkout-latency").replace("type: Prometheus", "type: Datadog");
        SloValidationException e = catchThrowableOfType(() -> OpenSloImport.parse(ordered("a.yaml", SLO,
                "b.yaml", other)), SloValidationException.class);
        assertThat(e.problems()).filteredOn(Problem::isError).extracting(Problem::toString).containsExactly(
                "b.yaml:1: SLO 'checkout-latency': spec.indicator: reads Datadog but SLO 'checkout-availability' of "
                        + "service 'checkout' reads Prometheus; a spec has one provider and connection: give these SLOs "
                        + "another service");
    }

    private static java.util.Map<String, String> ordered(String... namesAndTexts) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < namesAndTexts.length; i += 2) {
            m.put(namesAndTexts[i], namesAndTexts[i + 1]);
        }
        return m;
    }
}
