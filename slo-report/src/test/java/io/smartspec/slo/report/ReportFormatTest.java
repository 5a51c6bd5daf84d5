package io.smartspec.slo.report;

import io.smartspec.slo.history.GeneratedHistory;
import io.smartspec.slo.history.SloHistory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportFormatTest {

    @TempDir
    static Path dir;
    static SloReport report;

    @BeforeAll
    static void generate() {
        SloHistory history = SloHistory.in(dir);
        GeneratedHistory.quietDay(history, SloReportTest.START.minus(Duration.ofDays(1)));
        GeneratedHistory.breachDay(history, SloReportTest.START);
        report = SloReport.forSpec("checkout").over(ReportPeriod.day(LocalDate.of(2026, 3, 10), ZoneOffset.UTC))
                .from(history).build();
    }

    @Test
    void theHtmlReportIsWellFormedXmlWithOneSliChartAndOneBudgetChartPerSlo() throws Exception {
        // when
        String html = ReportFormat.HTML.render(report);

        // then
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        NodeList svgs = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg");
        List<String> classes = new ArrayList<>();
        for (int i = 0; i < svgs.getLength(); i++) {
            classes.add(((Element) svgs.item(i)).getAttribute("class"));
        }
        assertThat(classes).filteredOn("sli-chart"::equals).hasSize(report.slos().size());
        assertThat(classes).filteredOn("budget-chart"::equals).hasSize(report.slos().size());
        assertThat(doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "polyline").getLength())
                .as("the no-data SLO gets empty charts").isEqualTo(4);
    }

    @Test
    void theHtmlReportLoadsNothingAndPrintsOnA4() {
        // when
        String html = ReportFormat.HTML.render(report);

        // then
        assertThat(html).doesNotContain("<script").doesNotContain("src=").doesNotContain("href=")
                .doesNotContain("@import").doesNotContain("url(");
        assertThat(html).contains("@page{size:A4").contains("@media print");
    }

    @Test
    void theHtmlReportEscapesNamesAndValues() throws Exception {
        // given a warning with markup in it
        SloReport tricky = new SloReport(report.schemaVersion(), "a<b>&\"c\"", report.period(), report.generatedAt(),
                report.summary(), report.slos(), report.actionItems(), List.of("line 3: </table><script>x</script>"));

        // when
        String html = ReportFormat.HTML.render(tricky);

        // then
        DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;").contains("a&lt;b&gt;&amp;&quot;c&quot;");
    }

    @Test
    void theJsonReportFollowsSchemaVersion1() throws Exception {
        // when
        JsonNode json = new ObjectMapper().readTree(ReportFormat.JSON.render(report));

        // then
        assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(json.at("/period/kind").asText()).isEqualTo("daily");
        assertThat(json.at("/period/from").asText()).isEqualTo("2026-03-10T00:00:00Z");
        assertThat(json.at("/summary/breached").asInt()).isEqualTo(1);
        assertThat(json.at("/summary/worstSlo").asText()).isEqualTo("p99");
        JsonNode p99 = json.at("/slos/0");
        assertThat(p99.get("name").asText()).isEqualTo("p99");
        assertThat(p99.at("/target/value").asDouble()).isEqualTo(200);
        assertThat(p99.at("/target/unit").asText()).isEqualTo("ms");
        assertThat(p99.get("compliance").asDouble()).isEqualTo(1400.0 / 1440);
        assertThat(p99.at("/breaches/0/durationSeconds").asLong()).isEqualTo(1800);
        assertThat(p99.at("/trend/direction").asText()).isEqualTo("WORSENED");
        assertThat(p99.at("/appendix").size()).isEqualTo(24);
        JsonNode queue = json.at("/slos/2");
        assertThat(queue.get("compliance").isNull()).isTrue();
        assertThat(queue.get("verdict").asText()).isEqualTo("NO_DATA");
        assertThat(json.at("/actionItems").size()).isEqualTo(3);
    }

    @Test
    void theMarkdownReportHasTheSummaryTableActionItemsAndAppendix() {
        // when
        String md = ReportFormat.MARKDOWN.render(report);

        // then
        assertThat(md).contains("# SLO report: checkout, 2026-03-10")
                .contains("- SLOs: 3 — 1 met, 1 breached, 1 with no data")
                .contains("- Overall compliance: 98.611%")
                .contains("| p99 | P1 | < 200 ms |")
                .contains("| 2026-03-10 10:00 +00:00 | 2026-03-10 10:30 +00:00 | 30m | P1 | 400 ms |")
                .contains("- [ ] **P0** availability has spent 60% of its error budget")
                .contains("## Appendix: detailed numbers");
    }
}
