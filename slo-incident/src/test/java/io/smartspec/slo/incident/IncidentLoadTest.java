package io.smartspec.slo.incident;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Secret;
import io.smartspec.slo.monitor.SloEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 breach/recovery events through three receivers, one of them dead: the live ones get every
 * event exactly once and in order, the dead one's outbox holds every event exactly once, and nothing
 * beyond the outbox bound is kept. Prints the throughput.
 */
class IncidentLoadTest {

    private static final int EVENTS = 10_000;
    private static final int SLOS = 100;
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path outbox;

    @Test
    void tenThousandEventsThroughThreeReceiversOneDeadAreNeitherLostNorDuplicated() throws Exception {
        // given: bodies reduced to their event id (webhook) or action + dedup key (PagerDuty) to keep the test small
        try (RecordingReceiver hook = RecordingReceiver.up(200, "").discardBodies(IncidentLoadTest::id);
             RecordingReceiver pd = RecordingReceiver.up(202, "{\"status\":\"success\"}")
                     .discardBodies(IncidentLoadTest::action);
             RecordingReceiver dead = RecordingReceiver.down(200, "")) {
            DeliveryPolicy policy = DeliveryPolicy.ofDefaults().withMaxPending(EVENTS)
                    .withBackoff(Duration.ofMillis(50), 2, Duration.ofMillis(200)).withCloseTimeout(Duration.ZERO);
            IncidentForwarder forwarder = IncidentForwarder.withOutbox(outbox)
                    .forwardTo(Receiver.webhook(hook.url()).named("hook"))
                    .forwardTo(Receiver.pagerDuty(Secret.of("p".repeat(32))).endpoint(pd.url()).named("pd"))
                    .forwardTo(Receiver.webhook(dead.url()).named("dead"))
                    .deliveryPolicy(policy).build();
            List<SloEvent> events = new ArrayList<>(EVENTS);
            Instant t0 = Instant.parse("2026-11-22T10:00:00Z");
            for (int i = 0; i < EVENTS; i++) {
                String slo = "slo-" + (i % SLOS);
                Instant at = t0.plusSeconds(i);
                boolean breach = (i / SLOS) % 2 == 0;
                events.add(breach ? TestEvents.breach(slo, Priority.P1, at) : TestEvents.recovery(slo, Priority.P1, at));
            }
            Runtime rt = Runtime.getRuntime();
            System.gc();
            long heapBefore = rt.totalMemory() - rt.freeMemory();

            // when
            long start = System.nanoTime();
            events.forEach(forwarder::onEvent);
            long accepted = System.nanoTime();
            Eventually.await("the live receivers drained: " + forwarder.stats(), Duration.ofMinutes(4),
                    () -> forwarder.stats().get(0).delivered() == EVENTS && forwarder.stats().get(1).delivered() == EVENTS);
            long done = System.nanoTime();
            System.gc();
            long heapAfter = rt.totalMemory() - rt.freeMemory();

            // then
            List<String> ids = hook.requests().stream().map(RecordingReceiver.Request::body).toList();
            assertThat(ids).hasSize(EVENTS).doesNotHaveDuplicates();
            List<String> actions = pd.requests().stream().map(RecordingReceiver.Request::body).toList();
            assertThat(actions).hasSize(EVENTS);
            for (int i = 0; i < EVENTS; i++) {
                String expected = ((i / SLOS) % 2 == 0 ? "trigger " : "resolve ") + "spec-core-001-authentication/slo-"
                        + (i % SLOS);
                if (!actions.get(i).equals(expected)) {
                    throw new AssertionError("PagerDuty event " + i + " was " + actions.get(i) + ", expected " + expected);
                }
            }

            Set<String> deadIds = new HashSet<>();
            int deadFiles = 0;
            try (Stream<Path> files = Files.list(outbox.resolve("dead"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                    deadFiles++;
                    deadIds.add(JSON.readTree(f.toFile()).path("id").asText());
                }
            }
            assertThat(deadFiles).isEqualTo(EVENTS);
            assertThat(deadIds).hasSize(EVENTS).containsExactlyInAnyOrderElementsOf(new HashSet<>(ids));
            assertThat(filesIn(outbox.resolve("hook"))).isZero();
            assertThat(filesIn(outbox.resolve("pd"))).isZero();

            // memory and disk stay bounded: the dead receiver's outbox is full, one more event is refused
            forwarder.onEvent(TestEvents.breach("one-more", Priority.P1, Instant.now()));
            ReceiverStats deadStats = forwarder.stats().get(2);
            assertThat(deadStats.pending()).isEqualTo(EVENTS);
            assertThat(deadStats.rejectedWhenFull()).isEqualTo(1);
            assertThat(filesIn(outbox.resolve("dead"))).isEqualTo(EVENTS);

            double acceptSeconds = (accepted - start) / 1e9;
            double totalSeconds = (done - start) / 1e9;
            System.out.printf("incident load: %d events x 3 receivers (1 dead): accepted into the outbox in %.2fs "
                            + "(%.0f events/s, %.0f outbox files/s); delivered to 2 live receivers in %.2fs "
                            + "(%.0f events/s per receiver); heap after - before: %.1f MB%n", EVENTS, acceptSeconds,
                    EVENTS / acceptSeconds, 3 * EVENTS / acceptSeconds, totalSeconds, EVENTS / totalSeconds,
                    (heapAfter - heapBefore) / 1e6);
            forwarder.close();
        }
    }

    private static long filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).count();
        }
    }

    private static String id(String body) {
        Matcher m = ID.matcher(body);
        return m.find() ? m.group(1) : "no id";
    }

    private static String action(String body) {
        try {
            var n = JSON.readTree(body);
            return n.path("event_action").asText() + " " + n.path("dedup_key").asText();
        } catch (IOException e) {
            return "unreadable";
        }
    }
}
