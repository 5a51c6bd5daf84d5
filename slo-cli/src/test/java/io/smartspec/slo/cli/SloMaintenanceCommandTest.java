package io.smartspec.slo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slo maintenance start|list|end}, and {@code slo monitor} honouring what it announced. */
class SloMaintenanceCommandTest {

    private final Map<String, String> env = new HashMap<>();
    private ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Instant now = Instant.parse("2026-11-29T10:00:00Z");

    @TempDir
    Path tmp;

    private SloCli cli() {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        return new SloCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, Clock.fixed(now, ZoneOffset.UTC), false);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path specs(String maintenance) throws IOException {
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
                maintenance));
        return tmp.resolve("specs");
    }

    private int run(Path specs, String... args) {
        String[] all = new String[args.length + 6];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--spec-id", "checkout", "--specs-dir", specs.toString(), "--outbox",
                tmp.resolve("outbox").toString()}, 0, all, args.length, 6);
        return cli().run(all);
    }

    @Test
    void aWindowStartedFromTheCommandLineSuppressesTheBreachUntilItIsEnded() throws IOException {
        // given a breached latency SLO
        Path specs = specs("");
        env.put("P99", "900");

        // when maintenance starts for the latency SLO
        assertThat(run(specs, "maintenance", "start", "--for", "30m", "--reason", "deploy of 4.2", "--slos",
                "checkout_latency_p99")).as(err()).isZero();
        Matcher started = Pattern.compile("maintenance (\\w+) of checkout \\[checkout_latency_p99]: "
                + "2026-11-29T10:00:00Z \\.\\. 2026-11-29T10:30:00Z \\(deploy of 4.2\\)").matcher(out());
        assertThat(started.find()).as(out()).isTrue();
        String id = started.group(1);

        // then list shows it in force
        assertThat(run(specs, "maintenance", "list")).isZero();
        assertThat(out()).contains(id + "  in force  2026-11-29T10:00:00Z .. 2026-11-29T10:30:00Z (30m)  "
                + "checkout_latency_p99  deploy of 4.2");

        // and a monitor run ten minutes later (its state directory is the same) says the breach is suppressed
        now = now.plus(Duration.ofMinutes(10));
        assertThat(run(specs, "monitor", "--format", "json")).isEqualTo(SloCli.EXIT_BREACHED);
        assertThat(out()).contains("suppressed: maintenance deploy of 4.2");
        assertThat(Files.list(tmp.resolve("outbox/checkout")).map(p -> p.getFileName().toString()))
                .contains("maintenance.json");

        // when it is ended early
        now = now.plus(Duration.ofMinutes(5));
        assertThat(run(specs, "maintenance", "end")).isZero();
        assertThat(out()).contains("maintenance " + id + " of checkout: ended at 2026-11-29T10:15:00Z");

        // then it keeps its interval, ended, and the monitor no longer suppresses the breach
        assertThat(run(specs, "maintenance", "list")).isZero();
        assertThat(out()).contains(id + "  ended  2026-11-29T10:00:00Z .. 2026-11-29T10:15:00Z (15m)");
        assertThat(run(specs, "monitor", "--format", "json")).isEqualTo(SloCli.EXIT_BREACHED);
        assertThat(out()).doesNotContain("suppressed");
        // and nothing is left to end
        assertThat(run(specs, "maintenance", "end")).isEqualTo(SloCli.EXIT_USAGE);
        assertThat(err()).contains("no announced maintenance of checkout is in force");
    }

    @Test
    void listShowsTheWindowsOfObservabilityYaml() throws IOException {
        Path specs = specs(String.join("\n",
                "maintenance:",
                "  - reason: weekly upkeep",
                "    cron: \"0 2 * * SUN\"",
                "    duration: 2h",
                "    zone: Europe/Berlin"));

        assertThat(run(specs, "maintenance", "list")).as(err()).isZero();

        assertThat(out()).contains("declared  declared  '0 2 * * SUN' for 2h in Europe/Berlin  all SLOs  weekly upkeep");
    }

    @Test
    void badOptionsAreUsageErrorsThatSayWhatIsAccepted() throws IOException {
        Path specs = specs("");
        assertThat(run(specs, "maintenance", "start", "--for", "30m", "--reason", "x", "--slos", "latency"))
                .isEqualTo(SloCli.EXIT_USAGE);
        assertThat(err()).contains("--slos: 'latency' is not an SLO of spec 'checkout'; expected one of "
                + "checkout_error_rate, checkout_latency_p99, checkout_uptime");
        assertThat(run(specs, "maintenance", "start", "--for", "soon", "--reason", "x")).isEqualTo(SloCli.EXIT_USAGE);
        assertThat(err()).contains("--for 'soon' is not a positive duration");
        assertThat(run(specs, "maintenance", "start", "--for", "30m")).isEqualTo(SloCli.EXIT_USAGE);
        assertThat(err()).contains("missing --reason TEXT");
        assertThat(run(specs, "maintenance", "stop")).isEqualTo(SloCli.EXIT_USAGE);
        assertThat(err()).contains("unknown action 'stop'; expected start, list or end");
    }
}
