package io.smartspec.slo.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code slo monitor --run-once} against a Prometheus that accepts connections and never answers: the run
 * ends, every SLO is ERROR saying it had no answer in time (issue 14: it took 81 s for 7 SLOs).
 */
class SloCliHangingProviderTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private ServerSocket silent;

    @TempDir
    Path tmp;

    @BeforeEach
    void startASilentServer() throws IOException {
        silent = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept()); // read nothing, answer nothing
                } catch (IOException closed) {
                    return;
                }
            }
        }, "silent-prometheus");
        t.setDaemon(true);
        t.start();
    }

    @AfterEach
    void stop() throws IOException {
        silent.close();
        for (Socket s : held) {
            s.close();
        }
    }

    @Test
    void runOnceEndsWithEverySloInErrorWhenNoQueryIsEverAnswered() throws IOException {
        // given: 7 SLOs (2 ratios, 5 thresholds), evaluated one at a time, queries time out after 300ms, so
        // the round's deadline (3 x 300ms) comes before the last SLOs had their turn
        StringBuilder spec = new StringBuilder("# Hang\n\n## Non-Functional Requirements\n\n"
                + "| Requirement | Metric | Target | Window |\n|---|---|---|---|\n");
        StringBuilder yaml = new StringBuilder("provider: prometheus\nurl: http://127.0.0.1:" + silent.getLocalPort()
                + "\ntimeout: 300ms\nquery_concurrency: 1\nmetrics:\n");
        for (int i = 1; i <= 7; i++) {
            boolean ratio = i <= 2;
            spec.append("| r").append(i).append(" | `m").append(i).append("` | ").append(ratio ? ">= 99.9%" : "< 1")
                    .append(" | ").append(ratio ? "30d" : "").append(" |\n");
            yaml.append("  - name: m").append(i).append('\n').append(ratio
                    ? "    bad_query: sum(increase(bad" + i + "[{{window}}]))\n    total_query: sum(increase(all" + i
                    + "[{{window}}]))\n"
                    : "    query: q" + i + "\n");
        }
        Path dir = Files.createDirectories(tmp.resolve("hang"));
        Files.writeString(dir.resolve("spec.md"), spec);
        Files.writeString(dir.resolve("observability.yaml"), yaml);
        SloCli cli = new SloCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), Clock.systemUTC(), false);

        // when
        long start = System.nanoTime();
        int code = cli.run("monitor", "--spec", dir.resolve("spec.md").toString(), "--config",
                dir.resolve("observability.yaml").toString(), "--run-once", "--format", "json",
                "--outbox", tmp.resolve("outbox").toString());
        System.out.printf("run-once with 7 hanging SLOs took %d ms%n", (System.nanoTime() - start) / 1_000_000);

        // then: the run finished, nothing was evaluated, and each SLO says why
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(SloCli.EXIT_UNKNOWN);
        var results = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8))
                .path("results");
        assertThat(results).hasSize(7);
        results.forEach(r -> {
            assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("ERROR");
            assertThat(r.path("detail").asText()).as(r.toString())
                    .matches("Prometheus at http://127.0.0.1:\\d+ did not answer within 300ms for .*"
                            + "|timed out after 300ms: prometheus did not answer .*"
                            + "|no answer within 900ms, the round's deadline: .*");
        });
        assertThat(results).last().extracting(r -> r.path("detail").asText()).asString()
                .startsWith("no answer within 900ms, the round's deadline: prometheus ");
    }
}
