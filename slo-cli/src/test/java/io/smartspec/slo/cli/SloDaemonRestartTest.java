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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code slo monitor --daemon} as a real process, stopped with SIGTERM or killed with SIGKILL and started
 * again on the same outbox: what receivers were told survives the restart. The provider is the test's
 * {@code fixed} one reading the p99 from a file, so the value changes while the daemon runs or is down.
 */
class SloDaemonRestartTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private HttpServer receiver;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private Path valueFile;
    private Path specs;

    @BeforeEach
    void setUp() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        receiver.createContext("/incidents", exchange -> {
            received.add(JSON.readTree(exchange.getRequestBody()));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        receiver.start();
        valueFile = tmp.resolve("p99");
        Path dir = Files.createDirectories(tmp.resolve("specs/checkout"));
        Files.copy(Path.of("src/test/resources/specs/shop/checkout/spec.md"), dir.resolve("spec.md"));
        Files.writeString(dir.resolve("observability.yaml"), String.join("\n",
                "provider: fixed",
                "interval: 200ms",
                "metrics:",
                "  - name: checkout_latency_p99",
                "    query: \"file:" + valueFile + "\"",
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
        specs = tmp.resolve("specs");
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        receiver.stop(0);
    }

    private void value(double p99) throws IOException {
        Path temp = tmp.resolve("p99.tmp");
        Files.writeString(temp, Double.toString(p99));
        Files.move(temp, valueFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** {@code slo monitor --daemon} in its own JVM, on the test's classpath (which has the fixed provider). */
    private Process daemon(String name) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k",
                "-cp", System.getProperty("java.class.path"),
                "io.smartspec.slo.cli.SloCli", "monitor", "--spec-id", "checkout", "--specs-dir", specs.toString(),
                "--daemon", "--outbox", tmp.resolve("outbox").toString(), "--history",
                tmp.resolve("history").toString(), "--reports", tmp.resolve("reports").toString(), "--zone", "UTC")
                .redirectOutput(tmp.resolve(name + ".out").toFile())
                .redirectError(tmp.resolve(name + ".err").toFile())
                .start();
        processes.add(p);
        return p;
    }

    private String err(String name) throws IOException {
        return Files.readString(tmp.resolve(name + ".err"));
    }

    private List<JsonNode> events(String kind) {
        return received.stream().filter(e -> e.path("kind").asText().equals(kind)
                && e.path("slo").path("name").asText().equals("checkout_latency_p99")).toList();
    }

    /** The distinct events of a kind (receivers dedupe on the id: a delivery repeated after a kill is one event). */
    private List<String> ids(String kind) {
        return events(kind).stream().map(e -> e.path("id").asText()).distinct().toList();
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(25);
        }
    }

    /** Waits until the daemon has printed this many more status rounds. */
    private void rounds(String name, int n) throws Exception {
        long before = count(name);
        await(n + " more rounds of " + name, Duration.ofSeconds(20), () -> count(name) >= before + n);
    }

    private long count(String name) {
        try {
            return Files.readString(tmp.resolve(name + ".out"), StandardCharsets.UTF_8).lines()
                    .filter(l -> l.contains("checkout - evaluated")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    @Test
    void aRecoveryWhileTheDaemonWasStoppedWithSigtermIsSentOnItsFirstRoundAfterTheRestart() throws Exception {
        // given: a breach the receiver was told about
        value(213.4);
        Process first = daemon("first");
        await("the breach", Duration.ofSeconds(20), () -> events("breach").size() == 1);
        String since = events("breach").get(0).path("since").asText();

        // when: SIGTERM, the value recovers while it is down, and it starts again
        first.destroy();
        assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
        value(150);
        daemon("second");

        // then
        await("the recovery", Duration.ofSeconds(20), () -> events("recovery").size() == 1);
        assertThat(events("recovery").get(0).path("since").asText()).isEqualTo(since);
        assertThat(ids("breach")).hasSize(1);
    }

    @Test
    void aBreachThatHoldsAcrossAKillKeepsItsIdAndSinceAndIsNotSentAgain() throws Exception {
        // given
        value(213.4);
        Process first = daemon("first");
        await("the breach", Duration.ofSeconds(20), () -> events("breach").size() == 1);
        JsonNode breach = events("breach").get(0);

        // when: kill -9, and a restart while the SLO is still breached
        first.destroyForcibly();
        assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
        daemon("second");
        rounds("second", 3);

        // then: no second breach (a repeated delivery of the first, cut off by the kill, has its id); the
        // recovery, when it comes, closes the first one
        assertThat(ids("breach")).containsExactly(breach.path("id").asText());
        value(150);
        await("the recovery", Duration.ofSeconds(20), () -> events("recovery").size() == 1);
        assertThat(events("recovery").get(0).path("since").asText()).isEqualTo(breach.path("since").asText());
        assertThat(events("recovery").get(0).path("dedup_key").asText())
                .isEqualTo(breach.path("dedup_key").asText());
        assertThat(ids("breach")).containsExactly(breach.path("id").asText());
    }

    @Test
    void aSecondDaemonOnTheSameOutboxExitsWithCode2NamingTheDirectoryAndTheHoldersPid() throws Exception {
        // given
        value(150);
        Process first = daemon("first");
        rounds("first", 1);

        // when
        Process second = daemon("second");

        // then
        assertThat(second.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isEqualTo(SloCli.EXIT_USAGE);
        assertThat(err("second")).contains(tmp.resolve("outbox").resolve("checkout").toString())
                .contains("PID " + first.pid());
        assertThat(first.isAlive()).isTrue();
    }

    /**
     * The restart probe of issue 14, run on demand ({@code -Dprobe.cycles=30}, optional {@code -Dprobe.seed}):
     * daemons killed with SIGKILL or stopped with SIGTERM at random moments while the p99 flips between
     * breached and met (while a daemon runs and while none does). The truth is what the daemons printed,
     * round by round: every MET→BREACHED is a breach receivers must hear of, every BREACHED→MET a recovery.
     * Printed: cycles, events received, lost, extra, repeated deliveries, second breaches and recoveries
     * missed. It asserts nothing about timing; it fails when a transition is lost or an incident stays open.
     */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "probe.cycles", matches = "\\d+")
    void probeKillsAndRestartsAtRandomMoments() throws Exception {
        int cycles = Integer.getInteger("probe.cycles");
        java.util.Random random = new java.util.Random(Long.getLong("probe.seed", 14L));
        boolean breached = false;
        value(150);
        int kills = 0;
        int terms = 0;
        for (int i = 0; i < cycles; i++) {
            if (random.nextBoolean()) {
                breached = !breached; // changes while no daemon runs
                value(breached ? 213.4 : 150);
            }
            Process p = daemon("p" + i);
            Thread.sleep(800 + random.nextInt(2000));
            if (random.nextBoolean()) {
                breached = !breached; // changes while it runs
                value(breached ? 213.4 : 150);
                Thread.sleep(random.nextInt(800));
            }
            if (random.nextInt(3) > 0) {
                p.destroyForcibly();
                kills++;
            } else {
                p.destroy();
                terms++;
            }
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        value(150);
        Process last = daemon("last");
        rounds("last", 3);
        Thread.sleep(1000); // deliveries of the last rounds
        last.destroy();
        assertThat(last.waitFor(30, TimeUnit.SECONDS)).isTrue();

        // the truth: the statuses printed, round after round, across all processes
        StringBuilder expected = new StringBuilder();
        String status = "MET";
        List<String> outputs = new ArrayList<>();
        for (int i = 0; i < cycles; i++) {
            outputs.add("p" + i);
        }
        outputs.add("last");
        for (String name : outputs) {
            for (String line : Files.readAllLines(tmp.resolve(name + ".out"))) {
                if (!line.contains("checkout_latency_p99")) {
                    continue;
                }
                String now = line.contains("BREACHED") ? "BREACHED" : line.contains("MET") ? "MET" : status;
                if (!now.equals(status)) {
                    expected.append(now.equals("BREACHED") ? 'B' : 'R');
                }
                status = now;
            }
        }
        // what receivers heard: distinct events in the order of their first delivery
        List<String> seen = new ArrayList<>();
        StringBuilder heard = new StringBuilder();
        int secondBreaches = 0;
        boolean open = false;
        for (JsonNode e : received) {
            if (!e.path("slo").path("name").asText().equals("checkout_latency_p99") || seen.contains(e.path("id").asText())) {
                continue;
            }
            seen.add(e.path("id").asText());
            boolean breach = e.path("kind").asText().equals("breach");
            if (breach && open) {
                secondBreaches++;
            }
            open = breach || (open && e.path("kind").asText().equals("still_breaching"));
            heard.append(breach ? 'B' : e.path("kind").asText().equals("recovery") ? 'R' : 'S');
        }
        int common = lcs(expected.toString(), heard.toString());
        long deliveries = received.stream().filter(e -> e.path("slo").path("name").asText()
                .equals("checkout_latency_p99")).count();
        System.out.printf("probe: %d cycles (%d kill -9, %d SIGTERM); expected %d transitions (%s), heard %d events "
                        + "(%s); lost %d, extra %d; repeated deliveries %d; second breaches %d; recoveries missed %d%n",
                cycles, kills, terms, expected.length(), expected, heard.length(), heard,
                expected.length() - common, heard.length() - common, deliveries - seen.size(), secondBreaches,
                open ? 1 : 0);
        assertThat(expected.length() - common).as("transitions lost").isZero();
        assertThat(open).as("an incident left open with the SLO met").isFalse();
    }

    private static int lcs(String a, String b) {
        int[][] t = new int[a.length() + 1][b.length() + 1];
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                t[i][j] = a.charAt(i - 1) == b.charAt(j - 1) ? t[i - 1][j - 1] + 1 : Math.max(t[i - 1][j], t[i][j - 1]);
            }
        }
        return t[a.length()][b.length()];
    }
}
