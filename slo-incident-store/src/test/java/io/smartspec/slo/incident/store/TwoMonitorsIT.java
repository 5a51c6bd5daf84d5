package io.smartspec.slo.incident.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two monitors, each a process of its own, sharing one PostgreSQL store through a breach and a
 * recovery: one incident, a complete timeline, nothing twice — also when either is killed with
 * {@code kill -9} during the breach and started again on its state directory.
 */
class TwoMonitorsIT {

    private static final String KEY = "checkout/p99";
    private static PostgresServer server;
    private static int databases;

    @TempDir
    Path tmp;
    private String url;
    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void killMonitors() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process monitor(String name) throws IOException, InterruptedException {
        return monitor(name, name + ".log");
    }

    /** The monitor {@code name} (its state directory), its output in {@code logName}. */
    private Process monitor(String name, String logName) throws IOException, InterruptedException {
        Path log = tmp.resolve(logName);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                MonitorProcess.class.getName(), url, tmp.resolve("state-" + name).toString(),
                tmp.resolve("p99").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        processes.add(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(log) || !Files.readString(log).contains("started")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError(name + " did not start:\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return p;
    }

    private void p99(double millis) throws IOException {
        Path tmpFile = tmp.resolve("p99.tmp");
        Files.writeString(tmpFile, String.valueOf(millis), StandardCharsets.UTF_8);
        Files.move(tmpFile, tmp.resolve("p99"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private Incident await(IncidentStore store, Predicate<Incident> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            var i = store.latest(KEY);
            if (i.isPresent() && condition.test(i.get())) {
                return i.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no incident " + what + " within 20 s; the store holds " + store.latest(KEY));
    }

    /** Lets both monitors evaluate a few rounds (100 ms each) of the state the test just set. */
    private void bothSawIt() throws InterruptedException {
        Thread.sleep(700); // seven rounds of 100 ms each
    }

    private static Map<TimelineEntry.Kind, Long> counts(Incident i) {
        return i.timeline().stream().collect(Collectors.groupingBy(TimelineEntry::kind, Collectors.counting()));
    }

    private void runScenario(String killed) throws Exception {
        url = server.newDatabase("two_monitors_" + (++databases));
        p99(150);
        Process a = monitor("a");
        Process b = monitor("b");
        try (IncidentStore store = IncidentStore.postgres(url)) {
            // breach: both monitors see it
            p99(400);
            await(store, Incident::breaching, "breached");
            bothSawIt();
            if (killed != null) {
                Process victim = killed.equals("a") ? a : b;
                new ProcessBuilder("kill", "-9", String.valueOf(victim.pid())).start().waitFor();
                victim.waitFor(10, TimeUnit.SECONDS);
                monitor(killed, killed + "-restarted.log");
                bothSawIt();
            }
            // recovery: both see it
            p99(150);
            Incident recovered = await(store, i -> !i.breaching(), "recovered");
            bothSawIt();

            Incident last = store.latest(KEY).orElseThrow();
            assertThat(store.list(IncidentQuery.all())).as("incidents").hasSize(1);
            assertThat(last.id()).isEqualTo(recovered.id());
            Map<TimelineEntry.Kind, Long> counts = counts(last);
            assertThat(counts.get(TimelineEntry.Kind.BREACH)).as("breach entries").isEqualTo(1);
            assertThat(counts.get(TimelineEntry.Kind.RECOVERY)).as("recovery entries").isEqualTo(1);
            assertThat(last.timeline()).extracting(TimelineEntry::id).doesNotHaveDuplicates();
            assertThat(last.atOpen().orElseThrow().value().getAsDouble()).isEqualTo(0.4);
            assertThat(last.atRecovery().orElseThrow().value().getAsDouble()).isEqualTo(0.15);
            assertThat(last.timeline().get(0).kind()).isEqualTo(TimelineEntry.Kind.BREACH);
            assertThat(last.timeline().get(last.timeline().size() - 1).kind()).isEqualTo(TimelineEntry.Kind.RECOVERY);
        }
    }

    @Test
    void twoMonitorsRecordOneIncidentWithOneBreachAndOneRecovery() throws Exception {
        runScenario(null);
    }

    @Test
    void theSameWhenTheFirstMonitorIsKilledDuringTheBreachAndRestarted() throws Exception {
        runScenario("a");
    }

    @Test
    void theSameWhenTheSecondMonitorIsKilledDuringTheBreachAndRestarted() throws Exception {
        runScenario("b");
    }
}
