package io.smartspec.slo.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code slo postmortem} drafts from what {@code slo monitor} recorded; {@code slo oncall-card} from the specs. */
class SloPostMortemAndOnCallCardTest {

    private final Map<String, String> env = new HashMap<>();
    private ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path tmp;

    private SloCli cli() {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        return new SloCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, Clock.systemUTC(), false);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** The shop's checkout spec read from fixed values: P99 (ms) from the environment. */
    private Path specs() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("specs/checkout"));
        Files.copy(Path.of("src/test/resources/specs/shop/checkout/spec.md"), dir.resolve("spec.md"));
        Files.writeString(dir.resolve("observability.yaml"), String.join("\n",
                "provider: fixed",
                "metrics:",
                "  - name: checkout_latency_p99",
                "    query: \"{{env.P99:-150}}\"",
                "    unit: ms",
                "  - name: checkout_error_rate",
                "    query: \"0.01\"",
                "    unit: \"%\"",
                "  - name: checkout_uptime",
                "    query: \"99.99\"",
                "    unit: \"%\"",
                ""));
        return tmp.resolve("specs");
    }

    private void monitor(Path specs, String p99) {
        env.put("P99", p99);
        int code = cli().run("monitor", "--spec-id", "checkout", "--specs-dir", specs.toString(),
                "--outbox", tmp.resolve("slo/outbox").toString());
        assertThat(code).as("slo monitor printed %s", err()).isLessThan(2);
    }

    @Test
    void aBreachRecordedBySloMonitorIsDraftedAsAPostMortem() throws Exception {
        // given a breach and its recovery, seen by two `slo monitor` runs
        Path specs = specs();
        String db = tmp.resolve("slo/incidents").toString();
        monitor(specs, "213.4");
        monitor(specs, "150");
        Path file = tmp.resolve("pm/draft.html");
        // when
        int md = cli().run("postmortem", "checkout/checkout_latency_p99", "--incidents-db", db, "--zone", "UTC",
                "--history", tmp.resolve("no-history").toString());
        String markdown = out();
        int html = cli().run("postmortem", "checkout/checkout_latency_p99", "--incidents-db", db, "--format", "html",
                "--out", file.toString());
        // then
        assertThat(md).as(err()).isZero();
        assertThat(markdown).contains("# Post-mortem draft: checkout/checkout_latency_p99")
                .contains("| Error budget burned during the incident | not recorded: the incident's entries carry no error budget")
                .contains("Times in UTC.")
                .contains("| Worst value | 213.4 ms at ")
                .contains("## Root cause — TO BE WRITTEN BY A HUMAN")
                .contains("Not recorded: the history in " + tmp.resolve("no-history") + " (which does not exist)");
        assertThat(html).as(err()).isZero();
        assertThat(Files.readString(file)).startsWith("<!DOCTYPE html>").contains("<section id=\"timeline\"");
        assertThat(err()).contains("wrote the post-mortem draft of incident ");
    }

    @Test
    void anUnknownIncidentZoneOrFormatIsAClearErrorWithExitTwoAndNoStackTrace() throws Exception {
        Path specs = specs();
        String db = tmp.resolve("slo/incidents").toString();
        monitor(specs, "213.4");

        assertThat(cli().run("postmortem", "0123456789ab", "--incidents-db", db)).isEqualTo(2);
        assertThat(err()).contains("no incident '0123456789ab' in journal").contains("slo incidents list");
        assertNoStackTrace();

        assertThat(cli().run("postmortem", "checkout/checkout_latency_p99", "--incidents-db", db, "--zone", "Mars/Base"))
                .isEqualTo(2);
        assertThat(err()).contains("--zone 'Mars/Base' is not a time zone (e.g. UTC, Europe/Berlin)");
        assertNoStackTrace();

        assertThat(cli().run("postmortem", "checkout/checkout_latency_p99", "--incidents-db", db, "--format", "pdf"))
                .isEqualTo(2);
        assertThat(err()).contains("--format 'pdf' is not one of md, html");
        assertNoStackTrace();

        assertThat(cli().run("postmortem", "--format", "md")).isEqualTo(2);
        assertThat(err()).contains("slo postmortem needs an incident: its ID (slo incidents list) or SPEC/SLO");

        String missing = tmp.resolve("nowhere").toString();
        assertThat(cli().run("postmortem", "0123456789ab", "--incidents-db", missing)).isEqualTo(2);
        assertThat(err()).contains("no incidents in " + missing + ": the directory does not exist");
        assertThat(Files.exists(Path.of(missing))).as("a draft creates no store").isFalse();
        assertNoStackTrace();
    }

    @Test
    void theOnCallCardOfEverySpecUnderADirectoryHasItsCommandsAndBadInputIsExitTwo() throws Exception {
        // given
        Path specs = specs();
        Files.createDirectories(specs.resolve("orders"));
        for (String f : new String[] {"spec.md", "observability.yaml"}) {
            Files.copy(Path.of("src/test/resources/stack-specs/orders/" + f), specs.resolve("orders/" + f));
        }
        env.put("PD_KEY", "pd-secret-routing-key");
        // when
        int code = cli().run("oncall-card", "--specs-dir", specs.toString());
        // then
        assertThat(code).as(err()).isZero();
        assertThat(out()).contains("# On-call card: checkout").contains("# On-call card: orders")
                .contains("slo monitor --run-once --spec-id orders --specs-dir " + specs)
                .contains("slo incidents list --spec orders --state open")
                .contains("pages when 2% of the 30-day budget burns within 1 hour (14.4x over 1h and 5m)")
                .doesNotContain("pd-secret-routing-key");

        assertThat(cli().run("oncall-card", "--spec-id", "checkout", "--specs-dir", specs.toString(), "--format", "pdf"))
                .isEqualTo(2);
        assertThat(err()).contains("--format 'pdf' is not one of md, html");
        assertThat(cli().run("oncall-card", "--spec-id", "chekout", "--specs-dir", specs.toString())).isEqualTo(2);
        assertThat(err()).contains("no spec 'chekout' under").contains("did you mean 'checkout'");
        env.remove("PD_KEY");
        assertThat(cli().run("oncall-card", "--specs-dir", specs.toString())).isEqualTo(2);
        assertThat(err()).contains("observability.yaml:").contains("PD_KEY is not set")
                .contains("no on-call card written");
        assertNoStackTrace();
    }

    private void assertNoStackTrace() {
        assertThat(err()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
