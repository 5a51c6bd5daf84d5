package io.smartspec.slo.prometheus;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Real Prometheus and Alertmanager processes on 127.0.0.1 with free ports, in a directory of the
 * test: started here, stopped by {@link Server#close()}.
 */
final class LocalServers {

    static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LocalServers() {
    }

    /** A running server: its URL, and {@link #close()} stops it. */
    record Server(String url, Process process, Path logFile) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }

        String log() {
            try {
                String text = Files.readString(logFile);
                return text.length() > 3000 ? text.substring(text.length() - 3000) : text;
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }
    }

    /**
     * Backfills {@code openMetrics} (may be null) into {@code dir/data} with promtool, then starts
     * Prometheus on it, evaluating {@code rule_files} every second.
     */
    static Server prometheus(Path dir, String openMetrics, List<String> ruleFiles) throws Exception {
        return prometheus(dir, openMetrics, ruleFiles, null);
    }

    /** As {@link #prometheus(Path, String, List)}, sending alerts to the Alertmanager at {@code alertmanagerUrl}. */
    static Server prometheus(Path dir, String openMetrics, List<String> ruleFiles, String alertmanagerUrl)
            throws Exception {
        Path promtool = Binaries.require("promtool");
        Path binary = Binaries.require("prometheus");
        Path data = Files.createDirectories(dir.resolve("data"));
        if (openMetrics != null) {
            Files.writeString(dir.resolve("series.om"), openMetrics);
            Binaries.Run backfill = Binaries.run(dir, promtool.toString(), "tsdb", "create-blocks-from", "openmetrics",
                    "series.om", data.toString());
            if (backfill.exitCode() != 0) {
                fail("promtool backfill failed: " + backfill.output());
            }
        }
        Files.writeString(dir.resolve("prometheus.yml"), "global:\n  evaluation_interval: 1s\nrule_files: ["
                + String.join(", ", ruleFiles) + "]\n" + (alertmanagerUrl == null ? "" : "alerting:\n  alertmanagers:\n"
                + "    - static_configs:\n        - targets: [\"" + URI.create(alertmanagerUrl).getAuthority() + "\"]\n"));
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of(binary.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + data,
                "--storage.tsdb.retention.time=3650d",
                "--web.listen-address=127.0.0.1:" + port));
        return start(dir, "prometheus", cmd, "http://127.0.0.1:" + port);
    }

    /** Starts Alertmanager with this configuration file, without clustering. */
    static Server alertmanager(Path dir, Path config) throws Exception {
        if (!Files.isExecutable(ALERTMANAGER)) {
            String hint = "prometheus-alertmanager not found at " + ALERTMANAGER
                    + "; install it with: apt-get install -y prometheus-alertmanager";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(hint);
            }
            Assumptions.abort(hint);
        }
        Path data = Files.createDirectories(dir.resolve("am-data"));
        int port = freePort();
        return start(dir, "alertmanager", List.of(ALERTMANAGER.toString(), "--config.file=" + config,
                "--storage.path=" + data, "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=",
                "--log.level=info"), "http://127.0.0.1:" + port);
    }

    private static Server start(Path dir, String name, List<String> cmd, String url) throws Exception {
        Path log = dir.resolve(name + ".log");
        Process process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Server server = new Server(url, process, log);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited: " + server.log());
                }
                try {
                    if (HTTP.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return server;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException(name + " not ready within 60s: " + server.log());
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
