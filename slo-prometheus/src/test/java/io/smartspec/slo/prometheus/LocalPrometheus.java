package io.smartspec.slo.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code prometheus} on 127.0.0.1, on a free port and a temp dir, started with a config text
 * and rule files; {@link #close()} stops it and deletes the dir.
 */
final class LocalPrometheus implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Process process;
    private final String url;
    private final HttpClient client = HttpClient.newHttpClient();

    private LocalPrometheus(Path dir, Process process, String url) {
        this.dir = dir;
        this.process = process;
        this.url = url;
    }

    /** Starts Prometheus with {@code prometheus.yml} = config and the given files beside it; waits until ready. */
    static LocalPrometheus start(String config, java.util.Map<String, String> files) throws Exception {
        Path binary = Binaries.require("prometheus");
        Path dir = Files.createTempDirectory("slo-prometheus");
        for (var f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue());
        }
        Files.writeString(dir.resolve("prometheus.yml"), config);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process process = new ProcessBuilder(binary.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        LocalPrometheus prometheus = new LocalPrometheus(dir, process, "http://127.0.0.1:" + port);
        try {
            prometheus.awaitReady();
        } catch (Throwable e) {
            prometheus.close();
            throw e;
        }
        return prometheus;
    }

    String url() {
        return url;
    }

    /** The {@code data.result} of an instant query now. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/query"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("query=" + URLEncoder.encode(promql,
                                StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        if (!"success".equals(body.path("status").asText())) {
            throw new IllegalStateException(promql + ": " + r.body());
        }
        return body.path("data").path("result");
    }

    /**
     * Waits until every rule group has been evaluated at or after {@code instant} (at most 30 s): the
     * rules then read every sample scraped before it, and rules reading other groups' recordings
     * catch up one evaluation later (wait for instant plus an evaluation interval for those).
     */
    void awaitRulesEvaluatedAfter(java.time.Instant instant) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/rules")).build(),
                    HttpResponse.BodyHandlers.ofString());
            boolean all = true;
            for (JsonNode group : JSON.readTree(r.body()).path("data").path("groups")) {
                String last = group.path("lastEvaluation").asText("");
                all &= !last.isEmpty() && !last.startsWith("0001") && !java.time.Instant.parse(last).isBefore(instant);
            }
            if (all) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the rules were not all evaluated after " + instant + " within 30s: " + log());
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited: " + log());
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("prometheus not ready within 60s: " + log());
    }

    /** The end of Prometheus's log, for failure messages. */
    String log() {
        try {
            String log = Files.readString(dir.resolve("prometheus.log"));
            return log.length() > 3000 ? log.substring(log.length() - 3000) : log;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
