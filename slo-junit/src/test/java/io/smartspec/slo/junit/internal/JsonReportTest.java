package io.smartspec.slo.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;
import org.junit.jupiter.api.Test;

class JsonReportTest {

    @Test
    void queriesAndDetailsWithQuotesBackslashesAndNewlinesStayValidJson() throws Exception {
        // given
        Slo slo = Slo.named("errors").metric("api_errors", "sum(rate(x{code=~\"5..\"}[5m])) \\ 2")
                .below(Quantity.percent(1)).build();
        SloResult result = SloResult.unknown("shop", slo, Status.ERROR, "bad query:\n\t\"parse error\"\u0001",
                Instant.parse("2026-11-22T12:00:00Z"), "prometheus", slo.indicator() instanceof
                        io.smartspec.slo.Indicator.Threshold t ? t.query() : "");
        EvaluationRound round = new EvaluationRound(Instant.parse("2026-11-22T12:00:00Z"), List.of(result),
                Duration.ofMillis(3));

        // when
        JsonNode json = new ObjectMapper().readTree(JsonReport.render("a \"test\"", "spec", null, round, true));

        // then
        assertThat(json.get("test").asText()).isEqualTo("a \"test\"");
        assertThat(json.get("passed").asBoolean()).isFalse();
        JsonNode r = json.get("results").get(0);
        assertThat(r.get("query").asText()).isEqualTo("sum(rate(x{code=~\"5..\"}[5m])) \\ 2");
        assertThat(r.get("detail").asText()).isEqualTo("bad query:\n\t\"parse error\"\u0001");
        assertThat(r.get("observed").isNull()).isTrue();
        assertThat(r.get("status").asText()).isEqualTo("ERROR");
    }

    @Test
    void fileNamesKeepOnlySafeCharacters() {
        assertThat(JsonReport.fileName("com.acme.Checkout$Nested.pay-1")).isEqualTo("com.acme.Checkout_Nested.pay-1");
        assertThat(JsonReport.fileName("x".repeat(300))).hasSizeLessThan(220);
    }

    @Test
    void aRoundWithoutResultsIsAnEmptyArray() throws Exception {
        // given
        EvaluationRound round = new EvaluationRound(Instant.EPOCH, List.of(), Duration.ZERO);

        // when
        JsonNode json = new ObjectMapper().readTree(JsonReport.render("t", "spec", null, round, false));

        // then
        assertThat(json.get("results")).isEmpty();
        assertThat(Optional.ofNullable(json.get("run"))).isEmpty();
    }
}
