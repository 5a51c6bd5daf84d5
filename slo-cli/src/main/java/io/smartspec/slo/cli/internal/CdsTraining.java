package io.smartspec.slo.cli.internal;

import com.sun.net.httpserver.HttpServer;
import io.smartspec.slo.cli.SloCli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The build's training run for the class-data archive ({@code target/slo.jsa}): the commands a user runs
 * first ({@code validate} of an in-process and of a Prometheus spec, {@code monitor --run-once} on the
 * Prometheus one, {@code rules}),
 * in one JVM started with {@code -XX:ArchiveClassesAtExit}, so that the classes they load are archived.
 * The Prometheus it queries is a stand-in answering every query with one sample; nothing leaves the machine.
 * Not part of the command; prints nothing unless a command fails.
 */
public final class CdsTraining {

    private static final String SPEC = String.join("\n",
            "# Training",
            "",
            "## Non-Functional Requirements",
            "",
            "| Category | Requirement | Metric | Target | Priority | Window |",
            "|---|---|---|---|---|---|",
            "| Performance | p99 latency | `latency_p99` | < 250ms | P1 | |",
            "| Reliability | Error rate | `error_rate` | < 2% | P1 | |",
            "| Availability | Availability | `availability` | >= 99.9% | P0 | 30d |",
            "");

    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("slo-cds-training");
        HttpServer prometheus = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        prometheus.createContext("/", exchange -> {
            byte[] body = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
                    + "\"value\":[" + System.currentTimeMillis() / 1000 + ",\"0.001\"]}]}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        prometheus.start();
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        try {
            Path spec = Files.writeString(dir.resolve("spec.md"), SPEC);
            Path micrometer = Files.writeString(dir.resolve("micrometer.yaml"), String.join("\n",
                    "provider: micrometer",
                    "metrics:",
                    "  - name: latency_p99",
                    "    query: \"http.requests{outcome=SUCCESS} p99\"",
                    "  - name: error_rate",
                    "    query: \"http.requests{outcome=SERVER_ERROR} / http.requests [10s]\"",
                    "  - name: availability",
                    "    good_query: \"http.requests{outcome=SUCCESS}\"",
                    "    total_query: \"http.requests\"",
                    ""));
            Path prom = Files.writeString(dir.resolve("prometheus.yaml"), String.join("\n",
                    "provider: prometheus",
                    "url: \"{{env.PROMETHEUS_URL}}\"",
                    "metrics:",
                    "  - name: latency_p99",
                    "    query: histogram_quantile(0.99, sum by (le) (rate(http_seconds_bucket[5m])))",
                    "    unit: s",
                    "  - name: error_rate",
                    "    query: sum(rate(http_errors_total[5m])) / sum(rate(http_total[5m]))",
                    "    unit: ratio",
                    "  - name: availability",
                    "    bad_query: sum(increase(http_errors_total[{{window}}]))",
                    "    total_query: sum(increase(http_total[{{window}}]))",
                    ""));
            Map<String, String> env = Map.of("PROMETHEUS_URL",
                    "http://127.0.0.1:" + prometheus.getAddress().getPort());
            String outbox = dir.resolve("outbox").toString();
            String[][] commands = {
                    {"validate", "--spec", spec.toString()},
                    {"validate", "--spec", spec.toString(), "--config", micrometer.toString(), "--format", "json"},
                    {"monitor", "--spec", spec.toString(), "--config", prom.toString(), "--run-once",
                            "--outbox", outbox},
                    {"monitor", "--spec", spec.toString(), "--config", prom.toString(), "--run-once",
                            "--format", "json", "--outbox", outbox},
                    {"rules", "--spec", spec.toString(), "--config", prom.toString()},
            };
            for (String[] command : commands) {
                new SloCli(sink, sink, env, Clock.systemUTC(), false).run(command);
            }
        } finally {
            prometheus.stop(0);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
