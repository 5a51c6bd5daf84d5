package io.smartspec.slo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SloCliTest {

    private static final String SPECS = "src/test/resources/specs";
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Map<String, String> env = new HashMap<>();

    @TempDir
    Path tmp;

    private int slo(String... args) {
        SloCli cli = new SloCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, Clock.fixed(NOW, ZoneOffset.UTC), false);
        return cli.run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aHealthyServiceExitsZeroAndPrintsOneAlignedRowPerSlo() {
        int code = slo("monitor", "--spec-id", "checkout", "--specs-dir", SPECS);

        assertThat(code).as(err()).isEqualTo(SloCli.EXIT_OK);
        assertThat(out()).contains("checkout - evaluated 2026-11-22T10:00:00Z (fixed)")
                .containsPattern("MET\\s+checkout_latency_p99\\s+150 ms\\s+< 200 ms\\s+50 ms headroom")
                .contains("3 SLOs: 3 met")
                .doesNotContain("\u001b[");
    }

    @Test
    void aBreachExitsOneAndShowsByHowMuchItMisses() {
        env.put("P99", "213.4");

        int code = slo("monitor", "--spec-id", "checkout", "--specs-dir", SPECS, "--run-once");

        assertThat(code).isEqualTo(SloCli.EXIT_BREACHED);
        assertThat(out()).containsPattern("BREACHED\\s+checkout_latency_p99\\s+213.4 ms\\s+< 200 ms\\s+over by 13.4 ms");
    }

    @Test
    void anSloThatCannotBeEvaluatedExitsThreeWhenNothingIsBreached() {
        env.put("UPTIME", "nodata");
        env.put("ERRORS", "fail");

        int code = slo("monitor", "--spec-id", "checkout", "--specs-dir", SPECS);

        assertThat(code).isEqualTo(SloCli.EXIT_UNKNOWN);
        assertThat(out()).containsPattern("NO_DATA\\s+checkout_uptime")
                .containsPattern("ERROR\\s+checkout_error_rate.*bad_data: parse error at char 3");
    }

    @Test
    void jsonOutputCarriesTheSpecIdTheInstantAndEachResultWithItsCanonicalThreshold() throws IOException {
        env.put("P99", "213.4");

        int code = slo("monitor", "--spec-id", "checkout", "--specs-dir", SPECS, "--format", "json",
                "--at", "2026-11-01T00:00:00Z");

        assertThat(code).isEqualTo(SloCli.EXIT_BREACHED);
        JsonNode json = new ObjectMapper().readTree(out());
        assertThat(json.get("spec_id").asText()).isEqualTo("checkout");
        assertThat(json.get("evaluated_at").asText()).isEqualTo("2026-11-01T00:00:00Z");
        JsonNode p99 = json.get("results").get(0);
        assertThat(p99.get("name").asText()).isEqualTo("checkout_latency_p99");
        assertThat(p99.get("status").asText()).isEqualTo("BREACHED");
        assertThat(p99.get("value").asDouble()).isEqualTo(213.4);
        assertThat(p99.get("unit").asText()).isEqualTo("ms");
        assertThat(p99.get("threshold").get("operator").asText()).isEqualTo("<");
        assertThat(p99.get("threshold").get("canonical").asDouble()).isEqualTo(0.2);
        assertThat(json.get("results").get(2).get("threshold").get("canonical").asDouble()).isEqualTo(0.999);
    }

    @Test
    void aPerLabelSloShowsOneRowPerLabelValue() throws IOException {
        // given: p99 grouped by route, /pay over its objective and /cart within it
        Path spec = Files.writeString(tmp.resolve("spec.md"), String.join("\n",
                "## Non-Functional Requirements", "",
                "| Metric | Target | Priority |", "|---|---|---|",
                "| `checkout_p99` | < 200ms | P1 |", ""));
        Path config = Files.writeString(tmp.resolve("observability.yaml"), String.join("\n",
                "provider: fixed", "metrics:", "  - name: checkout_p99", "    query: \"per:/pay=213.4,/cart=150\"",
                "    unit: ms", "    group_by: [route]", ""));

        // when
        int code = slo("monitor", "--spec", spec.toString(), "--config", config.toString(), "--run-once");

        // then
        assertThat(code).as(err()).isEqualTo(SloCli.EXIT_BREACHED);
        assertThat(out()).containsPattern("MET\\s+checkout_p99\\{route=\"/cart\"}\\s+150 ms\\s+< 200 ms")
                .containsPattern("BREACHED\\s+checkout_p99\\{route=\"/pay\"}\\s+213.4 ms\\s+< 200 ms\\s+over by 13.4 ms")
                .contains("2 SLOs");
    }

    @Test
    void validateListsEveryErrorWithFileAndLineAndExitsTwo() throws IOException {
        Path spec = Files.writeString(tmp.resolve("spec.md"), String.join("\n",
                "## Non-Functional Requirements", "",
                "| Metric | Target |", "|---|---|",
                "| `p99` | < 200 parsecs |",
                "| `errors` | about 1% |", ""));

        int code = slo("validate", "--spec", spec.toString(), "--format", "json");

        assertThat(code).isEqualTo(SloCli.EXIT_USAGE);
        JsonNode errors = new ObjectMapper().readTree(out()).get("errors");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).get("line").asInt()).isEqualTo(5);
        assertThat(errors.get(0).get("message").asText()).contains("'parsecs' is unknown");
        assertThat(errors.get(1).get("line").asInt()).isEqualTo(6);
    }

    @Test
    void validateAcceptsTheSeedSpecAndItsObservabilityYaml() {
        int code = slo("validate", "--spec", SPECS + "/shop/checkout/spec.md",
                "--config", SPECS + "/shop/checkout/observability.yaml");

        assertThat(code).as(out()).isEqualTo(SloCli.EXIT_OK);
        assertThat(out()).contains("checkout_uptime: checkout_uptime > 99.9 % (P0)")
                .contains("3 SLOs, 0 warning(s), 0 error(s)");
    }

    @Test
    void usageErrorsSayWhatWasWrongAndShowTheUsageLine() {
        int code = slo("monitor", "--spec-id", "checkout", "--daemon", "--run-once");

        assertThat(code).isEqualTo(SloCli.EXIT_USAGE);
        assertThat(err()).startsWith("slo: --run-once and --daemon exclude each other")
                .contains("usage: slo monitor (--spec FILE --config FILE | --spec-id ID [--specs-dir DIR])");
    }

    @Test
    void anUnknownProviderIsAConfigurationErrorListingTheAvailableOnes() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("specs/x"));
        Files.copy(Path.of(SPECS, "shop/checkout/spec.md"), dir.resolve("spec.md"));
        Files.writeString(dir.resolve("observability.yaml"), "provider: graphite\nmetrics:\n  - name: checkout_latency_p99\n    query: up\n");

        int code = slo("monitor", "--spec-id", "x", "--specs-dir", tmp.resolve("specs").toString());

        assertThat(code).isEqualTo(SloCli.EXIT_USAGE);
        assertThat(err()).contains("provider: 'graphite' is unknown; available:").contains("fixed")
                .contains("prometheus").contains("add the provider's module to the class path");
    }

    @Test
    void aReportFromTheProviderEvaluatesEveryStepOfThePeriodWhenNoMonitorRan() throws IOException {
        env.put("P99", "213.4");

        int code = slo("report", "--spec-id", "checkout", "--specs-dir", SPECS, "--period", "2026-11-21",
                "--zone", "UTC", "--from-provider", "--step", "6h", "--format", "json");

        assertThat(code).as(err()).isEqualTo(SloCli.EXIT_OK);
        JsonNode p99 = new ObjectMapper().readTree(out()).findParents("name").stream()
                .filter(n -> n.path("name").asText().equals("checkout_latency_p99") && n.has("rounds"))
                .findFirst().orElseThrow();
        assertThat(p99.get("rounds").asInt()).isEqualTo(4); // 00:00, 06:00, 12:00, 18:00
        assertThat(p99.get("verdict").asText()).isEqualTo("BREACHED");
        assertThat(p99.get("worst").asDouble()).isEqualTo(213.4);
    }

    @Test
    void everyCommandHasHelp() {
        assertThat(slo("--help")).isZero();
        assertThat(slo("monitor", "--help")).isZero();
        assertThat(slo("validate", "--help")).isZero();
        assertThat(out()).contains("usage: slo validate --spec FILE");
    }

    @Test
    void durationOptionsTakeAUnitOrABareNumberOfSeconds() throws Exception {
        // a unit: the daemon runs every 250 ms and says so
        SloCli cli = new SloCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, Clock.fixed(NOW, ZoneOffset.UTC), false);
        java.util.concurrent.CompletableFuture<Integer> daemon = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> cli.run("monitor", "--spec-id", "checkout", "--specs-dir", SPECS, "--daemon", "--interval", "250ms",
                        "--outbox", tmp.resolve("outbox").toString(), "--history", tmp.resolve("history").toString(),
                        "--reports", tmp.resolve("reports").toString(), "--zone", "UTC"));
        while (!out().contains("3 SLOs: 3 met") && !daemon.isDone()) {
            Thread.sleep(20);
        }
        cli.stop();
        assertThat(daemon.get(10, java.util.concurrent.TimeUnit.SECONDS)).as(err()).isEqualTo(SloCli.EXIT_OK);
        assertThat(err()).contains("monitoring checkout every 250ms");

        // not a duration: a usage error that says what is accepted
        err.reset();
        assertThat(slo("monitor", "--spec-id", "checkout", "--specs-dir", SPECS, "--daemon", "--interval", "5 apples"))
                .isEqualTo(SloCli.EXIT_USAGE);
        assertThat(err()).contains("--interval '5 apples' is not a positive duration")
                .contains("250ms, 5s, 1m").contains("number of seconds");
        err.reset();
        assertThat(slo("monitor", "--spec-id", "checkout", "--specs-dir", SPECS, "--watch", "--interval", "0s"))
                .isEqualTo(SloCli.EXIT_USAGE);
        assertThat(err()).contains("--interval '0s' is not a positive duration");
    }

    @Test
    void aReportPeriodCanBeTwoInstants() throws IOException {
        env.put("P99", "213.4");

        int code = slo("report", "--spec-id", "checkout", "--specs-dir", SPECS, "--period",
                "2026-11-21T12:00:00Z..2026-11-22T00:00:00Z", "--zone", "UTC", "--from-provider", "--step", "6h",
                "--format", "json");

        assertThat(code).as(err()).isEqualTo(SloCli.EXIT_OK);
        JsonNode p99 = new ObjectMapper().readTree(out()).findParents("name").stream()
                .filter(n -> n.path("name").asText().equals("checkout_latency_p99") && n.has("rounds"))
                .findFirst().orElseThrow();
        assertThat(p99.get("rounds").asInt()).isEqualTo(2); // 12:00, 18:00
    }

    @Test
    void aReportPeriodThatHasNotEndedIsAUsageErrorWhateverTheSource() {
        // today (2026-11-22, now 10:00Z) from the provider
        assertThat(slo("report", "--spec-id", "checkout", "--specs-dir", SPECS, "--period", "2026-11-22",
                "--zone", "UTC", "--from-provider")).isEqualTo(SloCli.EXIT_USAGE);
        assertThat(err()).contains("--period 2026-11-22 has not ended");
        // instants ending an hour from now, from a history
        err.reset();
        assertThat(slo("report", "--spec-id", "checkout", "--specs-dir", SPECS, "--period",
                "2026-11-22T09:00:00Z..2026-11-22T11:00:00Z", "--history", tmp.toString())).isEqualTo(SloCli.EXIT_USAGE);
        assertThat(err()).contains("has not ended (it ends at 2026-11-22T11:00:00Z)");
    }

    @Test
    void aReportWithNoDataAtAllSaysSoAndExitsThree() throws IOException {
        Path history = Files.createDirectories(tmp.resolve("history"));

        int code = slo("report", "--spec-id", "checkout", "--specs-dir", SPECS, "--period", "2026-11-21",
                "--zone", "UTC", "--history", history.toString());

        assertThat(code).as(err()).isEqualTo(SloCli.EXIT_UNKNOWN);
        assertThat(err()).contains("no data at all for checkout in daily 2026-11-21 (UTC)").contains("NO_DATA");
    }

    @Test
    void monitorRefusesAnInProcessProviderAndSaysWhoCanReadIt() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("specs/x"));
        Files.copy(Path.of(SPECS, "shop/checkout/spec.md"), dir.resolve("spec.md"));
        Files.writeString(dir.resolve("observability.yaml"), "provider: micrometer\nmetrics:\n"
                + "  - name: checkout_latency_p99\n    query: \"http.requests p99\"\n");

        for (String mode : new String[] {"--run-once", "--daemon", "--watch"}) {
            err.reset();
            int code = slo("monitor", "--spec-id", "x", "--specs-dir", tmp.resolve("specs").toString(), mode,
                    "--outbox", tmp.resolve("outbox").toString(), "--history", tmp.resolve("history").toString(),
                    "--reports", tmp.resolve("reports").toString());

            assertThat(code).as(mode + ": " + err()).isEqualTo(SloCli.EXIT_USAGE);
            assertThat(err()).as(mode).contains("provider 'micrometer'")
                    .contains("only the application can read").contains("embed SloMonitor")
                    .contains("slo-spring-boot-starter");
        }
    }
}
