package io.smartspec.slo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code slo monitor --run-once} as a real process whose breach goes to a webhook that fails its first
 * delivery: the library's retry and forwarder log lines go to stderr, one line each, and stdout holds only
 * the command's output (a JSON document here, which must parse whole). {@code --quiet} keeps only errors,
 * {@code --verbose} adds the debug lines.
 */
class SloCliLoggingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code 14:02:11 WARN  message}: time, level padded to five, the message. */
    private static final Pattern LOG_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d (ERROR|WARN |INFO |DEBUG|TRACE) \\S.*");

    @TempDir
    Path tmp;

    private HttpServer receiver;
    private final AtomicInteger posts = new AtomicInteger();
    private Path spec;
    private Path config;

    @BeforeEach
    void setUp() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        receiver.createContext("/incidents", exchange -> {
            exchange.getRequestBody().readAllBytes();
            // the first delivery fails: the forwarder logs a retry
            exchange.sendResponseHeaders(posts.incrementAndGet() == 1 ? 503 : 202, -1);
            exchange.close();
        });
        receiver.start();
        spec = tmp.resolve("spec.md");
        Files.copy(Path.of("src/test/resources/specs/shop/checkout/spec.md"), spec);
        config = tmp.resolve("observability.yaml");
        Files.writeString(config, String.join("\n",
                "provider: fixed",
                "metrics:",
                "  - name: checkout_latency_p99",
                "    query: \"450\"",
                "    unit: ms",
                "  - name: checkout_error_rate",
                "    query: \"0.01\"",
                "    unit: \"%\"",
                "  - name: checkout_uptime",
                "    query: \"99.99\"",
                "    unit: \"%\"",
                "incident_response:",
                "  - type: webhook",
                "    url: http://127.0.0.1:" + receiver.getAddress().getPort() + "/incidents",
                ""));
    }

    @AfterEach
    void tearDown() {
        receiver.stop(0);
    }

    @Test
    void logRecordsAreSingleLinesOnStderrAndStdoutHoldsOnlyTheJson() throws Exception {
        // when
        Run run = slo("monitor", "--spec", spec.toString(), "--config", config.toString(), "--run-once",
                "--format", "json", "--outbox", tmp.resolve("outbox").toString());

        // then: the breach was delivered on the second attempt
        assertThat(run.exit).isEqualTo(SloCli.EXIT_BREACHED);
        assertThat(posts.get()).isEqualTo(2);
        // stdout is one JSON document and nothing else
        JsonNode json = JSON.readTree(run.out);
        assertThat(json.toString()).contains("checkout_latency_p99");
        assertThat(run.out).doesNotContain("retrying").doesNotContain("WARN");
        // stderr: the library's records, each on one line, the retry among them
        List<String> logLines = run.errLines().stream().filter(l -> LOG_LINE.matcher(l).matches()).toList();
        assertThat(logLines).anyMatch(l -> l.contains(" WARN  ") && l.contains("attempt 1")
                && l.contains("retrying in"));
        assertThat(run.errLines()).allMatch(l -> LOG_LINE.matcher(l).matches() || l.startsWith("slo: ")
                || l.startsWith("warning: ") || l.startsWith("error: "));
        // JUL's default two-line records (a "date class method" header line) are gone
        assertThat(run.err).doesNotContain("io.smartspec.slo.incident").doesNotContain("WARNING:");
    }

    @Test
    void quietKeepsOnlyErrorsAndVerboseAddsDebugLines() throws Exception {
        // when
        Run quiet = slo("monitor", "--quiet", "--spec", spec.toString(), "--config", config.toString(),
                "--run-once", "--outbox", tmp.resolve("outbox-q").toString());
        Run verbose = slo("--verbose", "validate", "--spec", spec.toString(), "--config", config.toString());

        // then
        assertThat(quiet.exit).isEqualTo(SloCli.EXIT_BREACHED);
        assertThat(quiet.out).contains("checkout_latency_p99").contains("BREACHED");
        assertThat(quiet.errLines()).noneMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d (WARN |INFO |DEBUG).*"));
        assertThat(verbose.exit).isEqualTo(SloCli.EXIT_OK);
        assertThat(verbose.out).contains("checkout_latency_p99");
    }

    @Test
    void verboseAndQuietTogetherAreAUsageError() throws Exception {
        Run run = slo("validate", "--verbose", "--quiet", "--spec", spec.toString());

        assertThat(run.exit).isEqualTo(SloCli.EXIT_USAGE);
        assertThat(run.err).contains("--verbose and --quiet exclude each other");
        assertThat(run.out).isEmpty();
    }

    private record Run(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    /** {@code slo} in its own JVM, on the test's class path (which has the fixed provider). */
    private Run slo(String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xshare:auto", "-cp", System.getProperty("java.class.path"), "io.smartspec.slo.cli.SloCli"));
        command.addAll(List.of(args));
        String name = "run" + System.nanoTime();
        Process p = new ProcessBuilder(command)
                .redirectOutput(tmp.resolve(name + ".out").toFile())
                .redirectError(tmp.resolve(name + ".err").toFile())
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("slo " + String.join(" ", args) + " did not finish");
        }
        return new Run(p.exitValue(), Files.readString(tmp.resolve(name + ".out")),
                Files.readString(tmp.resolve(name + ".err")));
    }
}
