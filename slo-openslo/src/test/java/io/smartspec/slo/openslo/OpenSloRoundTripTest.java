package io.smartspec.slo.openslo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.smartspec.slo.Slo;
import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.spec.SpecLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden round trips: a spec written as OpenSLO and read back is the same spec (every SLO equal, as the real
 * SpecLoader loads it); OpenSLO read as a spec and written back is the same OpenSLO (compared on what the
 * objects mean, with references inlined).
 */
class OpenSloRoundTripTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void ourSpecWrittenAsOpenSloAndReadBackIsTheSameSpec(@TempDir Path dir) {
        // given
        LoadedSpec original = SpecLoader.load(Fixtures.OURS.resolve("spec.md"),
                Fixtures.OURS.resolve("observability.yaml"), Map.of());
        assertThat(original.isValid()).as(original.problems().toString()).isTrue();
        String openslo = OpenSloExport.export(Fixtures.OURS.resolve("spec.md"),
                Fixtures.OURS.resolve("observability.yaml"), Map.of());

        // when
        OpenSloImport imported = Fixtures.parse("checkout.openslo.yaml", openslo);
        Path spec = imported.specs().get(0).writeTo(dir);
        LoadedSpec back = SpecLoader.load(spec, spec.resolveSibling("observability.yaml"), Map.of());

        // then: nothing lost, nothing to warn about (its alert policies are the ones SmartSpec raises)
        assertThat(imported.warnings()).isEmpty();
        assertThat(back.problems()).isEmpty();
        assertThat(back.specId()).isEqualTo(original.specId());
        assertThat(back.slos().slos()).hasSize(3);
        assertThat(byName(back.slos().slos())).isEqualTo(byName(original.slos().slos()));
        assertThat(back.config().settings().url("url")).isEqualTo(original.config().settings().url("url"));
    }

    @Test
    void maintenanceWindowsTravelInAnAnnotationAndComeBack(@TempDir Path dir) throws IOException {
        // given: the checkout spec with two maintenance windows (OpenSLO has none)
        Path original = java.nio.file.Files.createDirectories(dir.resolve("in/checkout"));
        java.nio.file.Files.copy(Fixtures.OURS.resolve("spec.md"), original.resolve("spec.md"));
        java.nio.file.Files.writeString(original.resolve("observability.yaml"),
                Fixtures.read(Fixtures.OURS.resolve("observability.yaml")) + """
                maintenance:
                  - reason: database migration
                    from: 2026-03-01T22:00:00+01:00
                    to: 2026-03-02T01:30:00+01:00
                  - reason: weekly upkeep
                    cron: "0 2 * * SUN"
                    duration: 2h
                    zone: Europe/Berlin
                    slos: [payment_errors]
                """);
        LoadedSpec before = SpecLoader.load(original.resolve("spec.md"), original.resolve("observability.yaml"), Map.of());
        assertThat(before.config().maintenance()).hasSize(2);

        // when
        String openslo = OpenSloExport.export(original.resolve("spec.md"), original.resolve("observability.yaml"),
                Map.of());
        Path spec = Fixtures.parse("checkout.openslo.yaml", openslo).specs().get(0).writeTo(dir.resolve("out"));
        LoadedSpec after = SpecLoader.load(spec, spec.resolveSibling("observability.yaml"), Map.of());

        // then
        assertThat(documents(openslo).get(0).path("metadata").path("annotations").path("smartspec.io/maintenance")
                .asText()).contains("database migration", "0 2 * * SUN");
        assertThat(after.problems()).isEmpty();
        // the same windows (each knows its line in its own file, which differs)
        assertThat(after.config().maintenance()).extracting(Object::toString)
                .isEqualTo(before.config().maintenance().stream().map(Object::toString).toList());
    }

    @Test
    void maintenanceWindowsOfASpecBuiltWithoutItsFilesAreAnErrorNotLost() {
        LoadedSpec spec = SpecLoader.load(Fixtures.OURS.resolve("spec.md"), Fixtures.OURS.resolve("observability.yaml"),
                Map.of());
        LoadedSpec withWindow = SpecLoader.bind(io.smartspec.slo.spec.NfrTable.parse(Fixtures.OURS.resolve("spec.md")),
                io.smartspec.slo.config.ObservabilityConfig.parse("observability.yaml",
                        Fixtures.read(Fixtures.OURS.resolve("observability.yaml")) + "maintenance:\n  - reason: x\n"
                                + "    from: 2026-03-01T22:00:00Z\n    to: 2026-03-02T01:30:00Z\n", Map.of()), "checkout");
        assertThat(spec.config().maintenance()).isEmpty();
        io.smartspec.slo.SloValidationException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> OpenSloExport.export(withWindow, io.smartspec.slo.spec.NfrTable.parse(Fixtures.OURS.resolve("spec.md"))),
                io.smartspec.slo.SloValidationException.class);
        assertThat(e.problems().get(0).message()).isEqualTo("maintenance: its 1 window(s) travel only with the file's "
                + "text; export the spec from its files");
    }

    @Test
    void openSloReadAsASpecAndWrittenBackMeansTheSame(@TempDir Path dir) throws IOException {
        // given
        Path input = Fixtures.ROOT.resolve("roundtrip/web-shop.openslo.yaml");

        // when
        OpenSloImport imported = OpenSloImport.read(List.of(input));
        Path spec = imported.specs().get(0).writeTo(dir);
        String exported = OpenSloExport.export(spec, spec.resolveSibling("observability.yaml"), Map.of());

        // then
        assertThat(imported.warnings()).isEmpty();
        Map<String, JsonNode> before = meaning(Fixtures.read(input));
        Map<String, JsonNode> after = meaning(exported);
        assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(before.keySet());
        before.forEach((name, slo) -> assertThat(after.get(name)).as(name).isEqualTo(slo));
    }

    @Test
    void theExportOfOurSpecIsTheGoldenFile() throws IOException {
        // when
        String openslo = OpenSloExport.export(Fixtures.OURS.resolve("spec.md"),
                Fixtures.OURS.resolve("observability.yaml"), Map.of());

        // then: compared as parsed YAML, document by document
        List<JsonNode> golden = documents(Fixtures.read(Fixtures.ROOT.resolve("golden/checkout.openslo.yaml")));
        assertThat(documents(openslo)).containsExactlyElementsOf(golden);
    }

    private static Map<String, Slo> byName(List<Slo> slos) {
        return slos.stream().collect(Collectors.toMap(Slo::name, Function.identity()));
    }

    static List<JsonNode> documents(String yaml) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n.isArray()) {
                    n.forEach(docs::add);
                } else if (!n.isNull() && !n.isMissingNode()) {
                    docs.add(n);
                }
            }
        }
        return docs;
    }

    /**
     * What each SLO means, by name: its service, display name, description, labels, window, budgeting method,
     * targets (as fractions), and its indicator with the SLI referenced inlined, metric sources as their type
     * and query ({@code {{.window}}} of a raw ratio read as the SLO's window), not as the names they were given.
     */
    static Map<String, JsonNode> meaning(String yaml) throws IOException {
        List<JsonNode> docs = documents(yaml);
        Map<String, JsonNode> slis = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (JsonNode d : docs) {
            if (d.path("kind").asText().equals("SLI")) {
                slis.put(d.path("metadata").path("name").asText(), d.path("spec"));
            } else if (d.path("kind").asText().equals("DataSource")) {
                types.put(d.path("metadata").path("name").asText(), d.path("spec").path("type").asText());
            }
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode d : docs) {
            if (!d.path("kind").asText().equals("SLO")) {
                continue;
            }
            JsonNode s = d.path("spec");
            ObjectNode m = JsonNodeFactory.instance.objectNode();
            m.put("service", s.path("service").asText());
            m.put("displayName", d.path("metadata").path("displayName").asText(""));
            m.set("labels", d.path("metadata").path("labels"));
            m.put("priority", d.path("metadata").path("annotations").path("smartspec.io/priority").asText("P2"));
            m.put("runbook", d.path("metadata").path("annotations").path("smartspec.io/runbook").asText(""));
            JsonNode sliSpec = s.has("indicatorRef") ? slis.get(s.path("indicatorRef").asText())
                    : s.path("indicator").path("spec");
            m.put("description", s.path("description").asText(sliSpec.path("description").asText("")));
            String window = s.path("timeWindow").path(0).path("duration").asText();
            m.put("window", days(window));
            m.put("rolling", s.path("timeWindow").path(0).path("isRolling").asBoolean());
            m.put("budgetingMethod", s.path("budgetingMethod").asText());
            JsonNode o = s.path("objectives").path(0);
            m.put("target", o.has("target") ? o.path("target").decimalValue()
                    : o.path("targetPercent").decimalValue().movePointLeft(2));
            ObjectNode indicator = m.putObject("indicator");
            JsonNode ratio = sliSpec.path("ratioMetric");
            for (String part : List.of("good", "bad", "total", "raw")) {
                if (ratio.has(part)) {
                    JsonNode ms = ratio.path(part).path("metricSource");
                    String type = ms.has("type") ? ms.path("type").asText()
                            : types.get(ms.path("metricSourceRef").asText());
                    String query = ms.path("spec").path("query").asText().strip();
                    if (part.equals("raw")) {
                        query = query.replace("{{.window}}", days(window) + "d");
                    }
                    indicator.put(part, type + ": " + query);
                }
            }
            indicator.put("rawType", ratio.path("rawType").asText(""));
            out.put(d.path("metadata").path("name").asText(), m);
        }
        return out;
    }

    private static String days(String duration) {
        long n = Long.parseLong(duration.substring(0, duration.length() - 1));
        return String.valueOf(duration.endsWith("w") ? 7 * n : n);
    }
}
