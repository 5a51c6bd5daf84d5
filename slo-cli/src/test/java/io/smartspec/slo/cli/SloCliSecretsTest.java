package io.smartspec.slo.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A unique marker planted in every form a secret takes in observability.yaml — URL user info, URL query,
 * header, routing key, signing secret, Slack URL, a variable inside a URL — then validate, run-once,
 * daemon and report: no output, log record or written file holds a marker (issue 14), and the URLs'
 * credentials reach the servers as basic auth.
 */
class SloCliSecretsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Map<String, String> env = new HashMap<>();
    private final List<String> logs = new CopyOnWriteArrayList<>();
    private final List<String[]> requests = new CopyOnWriteArrayList<>(); // path, Authorization
    private final Map<String, String> markers = new HashMap<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logs.add(r.getMessage() + " " + r.getThrown());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private HttpServer server;
    private volatile boolean down;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getRawPath();
            requests.add(new String[] {path, exchange.getRequestHeaders().getFirst("Authorization")});
            byte[] body = path.endsWith("/api/v1/query")
                    ? "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"5\"]}]}}"
                    .getBytes(StandardCharsets.UTF_8) : "{}".getBytes(StandardCharsets.UTF_8);
            // once down, the receiver under /down/ keeps failing, so its events wait in the outbox
            exchange.sendResponseHeaders(down && path.startsWith("/down/") ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void stop() {
        Logger.getLogger("").removeHandler(capture);
        server.stop(0);
    }

    private String marker(String where) {
        String m = "zzsecret" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        markers.put(m, where);
        return m;
    }

    @Test
    void noPlantedSecretReachesAnyOutputLogOrFileAndUrlCredentialsAreSentAsBasicAuth() throws Exception {
        // given
        int port = server.getAddress().getPort();
        String promPassword = marker("prometheus url password");
        String amPassword = marker("alertmanager url password");
        String hookPassword = marker("webhook url password from env");
        env.put("PD_KEY", marker("pagerduty routing key from env"));
        env.put("HOOK_PW", hookPassword);
        Path dir = Files.createDirectories(tmp.resolve("specs/svc"));
        Files.writeString(dir.resolve("spec.md"), "# Svc\n\n## Non-Functional Requirements\n\n"
                + "| Requirement | Metric | Target | Priority |\n|---|---|---|---|\n| errors | `m5` | < 1 | P0 |\n");
        Files.writeString(dir.resolve("observability.yaml"), String.join("\n",
                "provider: prometheus",
                "url: \"http://promuser:" + promPassword + "@127.0.0.1:" + port + "/?tenant_token="
                        + marker("prometheus url query") + "\"",
                "headers:",
                "  X-Scope-OrgID: \"" + marker("prometheus header") + "\"",
                "metrics:",
                "  - name: m5",
                "    query: q5",
                "incident_response:",
                "  - type: alertmanager",
                "    url: \"http://am:" + amPassword + "@127.0.0.1:" + port + "\"",
                "  - type: webhook",
                "    url: \"http://127.0.0.1:" + port + "/hook?token=" + marker("webhook url query") + "\"",
                "    secret: \"" + marker("webhook signing secret") + "\"",
                "  - type: pagerduty",
                "    routing_key: \"{{env.PD_KEY}}\"",
                "    url: \"http://127.0.0.1:" + port + "/pd\"",
                "  - type: slack",
                "    webhook_url: \"http://127.0.0.1:" + port + "/slack/" + marker("slack url path") + "\"",
                "  - type: webhook",
                "    url: \"http://hookuser:{{env.HOOK_PW}}@127.0.0.1:" + port + "/down/hook2\"",
                ""));
        String spec = dir.resolve("spec.md").toString();
        String config = dir.resolve("observability.yaml").toString();
        String outbox = tmp.resolve("outbox").toString();

        // when: every command that reads the file
        List<Integer> codes = new ArrayList<>();
        codes.add(cli().run("validate", "--spec", spec, "--config", config));
        codes.add(cli().run("validate", "--spec", spec, "--config", config, "--format", "json"));
        codes.add(cli().run("monitor", "--spec", spec, "--config", config, "--run-once", "--outbox", outbox));
        codes.add(cli().run("monitor", "--spec", spec, "--config", config, "--run-once", "--format", "json",
                "--outbox", outbox));
        down = true;
        SloCli daemon = cli();
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> daemon.run("monitor", "--spec", spec,
                "--config", config, "--daemon", "--interval", "1", "--outbox", outbox,
                "--history", tmp.resolve("history").toString(), "--reports", tmp.resolve("reports").toString()));
        while (count(out.toString(StandardCharsets.UTF_8), "svc - evaluated") < 4 && !running.isDone()) {
            Thread.sleep(50);
        }
        daemon.stop();
        codes.add(running.get(30, TimeUnit.SECONDS));
        // the last hour, ended now: a report covers a period that has ended
        String lastHour = java.time.Instant.now().minusSeconds(3600) + ".." + java.time.Instant.now();
        codes.add(cli().run("report", "--spec", spec, "--config", config, "--period", lastHour,
                "--zone", "UTC", "--history", tmp.resolve("history").toString(), "--out",
                tmp.resolve("reports/today.md").toString()));
        codes.add(cli().run("report", "--spec", spec, "--config", config, "--period", lastHour,
                "--zone", "UTC", "--history", tmp.resolve("history").toString(), "--format", "json"));

        // then: the commands ran (a breach: exit 1)
        String output = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertThat(codes).as(output).containsExactly(0, 0, 1, 1, 0, 0, 0);
        assertThat(output).contains("BREACHED");
        assertThat(String.join("\n", logs)).contains("http://****@127.0.0.1:" + port, "/hook?token=****");
        // and no marker anywhere: output, logs, files (the configuration itself aside)
        List<Path> files;
        try (Stream<Path> walk = Files.walk(tmp)) {
            files = walk.filter(Files::isRegularFile).filter(f -> !f.endsWith("observability.yaml")).toList();
        }
        assertThat(files).as("the outbox keeps the events of the failing receiver")
                .anyMatch(f -> f.startsWith(Path.of(outbox)));
        assertThat(files).anyMatch(f -> f.toString().contains("history"));
        for (String marker : markers.keySet()) {
            String what = markers.get(marker);
            assertThat(output).as(what + " in the output").doesNotContain(marker);
            assertThat(logs).as(what + " in the logs").noneMatch(l -> l.contains(marker));
            for (Path f : files) {
                assertThat(Files.readString(f)).as(what + " in " + f).doesNotContain(marker);
            }
        }
        // and credentials in URLs were sent as basic auth
        assertThat(requests).as("Prometheus queries").filteredOn(r -> r[0].endsWith("/api/v1/query")).isNotEmpty()
                .allSatisfy(r -> assertThat(r[1]).isEqualTo(basic("promuser", promPassword)));
        assertThat(requests).as("Alertmanager").filteredOn(r -> r[0].equals("/api/v2/alerts")).isNotEmpty()
                .allSatisfy(r -> assertThat(r[1]).isEqualTo(basic("am", amPassword)));
        assertThat(requests).as("webhook").filteredOn(r -> r[0].equals("/down/hook2")).isNotEmpty()
                .allSatisfy(r -> assertThat(r[1]).isEqualTo(basic("hookuser", hookPassword)));
    }

    private SloCli cli() {
        return new SloCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, Clock.systemUTC(), false);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
