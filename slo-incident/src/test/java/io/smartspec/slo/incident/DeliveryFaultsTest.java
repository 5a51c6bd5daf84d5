package io.smartspec.slo.incident;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartspec.slo.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** At-least-once delivery when receivers fail: down, erroring, throttling, slow, refusing; restarts; a full outbox. */
class DeliveryFaultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path outbox;

    private static DeliveryPolicy fast() {
        return DeliveryPolicy.ofDefaults().withBackoff(Duration.ofMillis(20), 2, Duration.ofMillis(100))
                .withCloseTimeout(Duration.ZERO);
    }

    private static ReceiverStats stats(IncidentForwarder forwarder) {
        return forwarder.stats().get(0);
    }

    private long filesIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).count();
        }
    }

    @Test
    void eventIsDeliveredOnceTheReceiverComesUpAfterSeveralFailedAttempts() throws IOException {
        // given
        try (RecordingReceiver hook = RecordingReceiver.down(200, "");
             IncidentForwarder forwarder = IncidentForwarder.withOutbox(outbox).forwardTo(Receiver.webhook(hook.url()))
                     .deliveryPolicy(fast()).build()) {
            forwarder.onEvent(TestEvents.breach(Priority.P1));
            Eventually.await("three failed attempts", () -> stats(forwarder).retries() >= 3);
            assertThat(filesIn(outbox)).isEqualTo(1);

            // when
            hook.start();

            // then
            assertThat(forwarder.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(hook.requests()).hasSize(1);
            assertThat(stats(forwarder).delivered()).isEqualTo(1);
            assertThat(stats(forwarder).lastError()).get().asString().contains("ConnectException");
            assertThat(filesIn(outbox)).isZero();
        }
    }

    @Test
    void closingWithEventsUndeliveredSaysHowManyStayInTheOutbox() throws IOException {
        // given: a receiver that is down, and two events waiting for it
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger(IncidentForwarder.class.getName());
        List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                logged.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(capture);
        try (RecordingReceiver hook = RecordingReceiver.down(200, "")) {
            IncidentForwarder forwarder = IncidentForwarder.withOutbox(outbox).forwardTo(Receiver.webhook(hook.url()))
                    .deliveryPolicy(fast()).build();
            forwarder.onEvent(TestEvents.breach(Priority.P1));
            forwarder.onEvent(TestEvents.breach(Priority.P0));
            Eventually.await("a failed attempt", () -> stats(forwarder).retries() >= 1);

            // when
            forwarder.close();

            // then: the count is what the disk holds, not the stopped queues' zero
            assertThat(filesIn(outbox)).isEqualTo(2);
            assertThat(logged).anySatisfy(m -> assertThat(m).startsWith("2 incident event(s) not yet delivered"));
        } finally {
            jul.removeHandler(capture);
        }
    }

    @Test
    void eventLeftInTheOutboxIsDeliveredByTheNextForwarderOnTheSameOutbox() throws IOException {
        // given: a forwarder that wrote the event, failed once and stopped (a kill -9 of a real process is
        // in slo-cli's SloDaemonRestartTest)
        RecordingReceiver hook = RecordingReceiver.down(200, "");
        Receiver receiver = Receiver.webhook(hook.url());
        IncidentForwarder stopped = IncidentForwarder.withOutbox(outbox).forwardTo(receiver)
                .deliveryPolicy(fast().withBackoff(Duration.ofHours(1), 2, Duration.ofHours(1))).build();
        stopped.onEvent(TestEvents.breach(Priority.P0));
        Eventually.await("the first attempt failed", () -> stats(stopped).retries() == 1);
        stopped.close();
        assertThat(filesIn(outbox)).isEqualTo(1);

        // when: the process restarts with the receiver back up
        hook.start();
        try (hook; IncidentForwarder restarted = IncidentForwarder.withOutbox(outbox).forwardTo(receiver)
                .deliveryPolicy(fast()).build()) {

            // then
            assertThat(restarted.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(hook.requests()).hasSize(1);
            assertThat(JSON.readTree(hook.requests().get(0).body()).path("kind").asText()).isEqualTo("breach");
            assertThat(stats(restarted).delivered()).isEqualTo(1);
            assertThat(filesIn(outbox)).isZero();
        }
    }

    @Test
    void aSecondForwarderOnAnOutboxInUseIsRefusedNamingTheDirectoryAndThePid() {
        try (IncidentForwarder first = IncidentForwarder.withOutbox(outbox)
                .forwardTo(Receiver.webhook("http://127.0.0.1:9/hook")).deliveryPolicy(fast()).build()) {
            assertThatThrownBy(() -> IncidentForwarder.withOutbox(outbox)
                    .forwardTo(Receiver.webhook("http://127.0.0.1:9/hook")).build())
                    .isInstanceOf(io.smartspec.slo.SloValidationException.class)
                    .hasMessageContaining("incident outbox: the directory " + outbox)
                    .hasMessageContaining("PID " + ProcessHandle.current().pid());
        }
    }

    @Test
    void anEventTheReceiverAcceptedIsNotSentAgainWhenItsFileSurvivesARestart() throws IOException {
        // given: the event's outbox file as it was before the delivery (a crash between the receiver's
        // answer and the deletion of the file leaves it behind)
        RecordingReceiver hook = RecordingReceiver.down(200, "");
        Receiver receiver = Receiver.webhook(hook.url());
        Path left;
        byte[] bytes;
        try (IncidentForwarder first = IncidentForwarder.withOutbox(outbox).forwardTo(receiver)
                .deliveryPolicy(fast()).build()) {
            first.onEvent(TestEvents.breach(Priority.P0));
            Eventually.await("a failed attempt", () -> stats(first).retries() >= 1);
            try (Stream<Path> files = Files.walk(outbox)) {
                left = files.filter(f -> f.getFileName().toString().matches("\\d{19}-B-.*\\.json")).findFirst()
                        .orElseThrow();
            }
            bytes = Files.readAllBytes(left);
            hook.start();
            assertThat(first.flush(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(hook.requests()).hasSize(1);
        Files.write(left, bytes);

        // when
        try (hook; IncidentForwarder restarted = IncidentForwarder.withOutbox(outbox).forwardTo(receiver)
                .deliveryPolicy(fast()).build()) {
            assertThat(restarted.flush(Duration.ofSeconds(10))).isTrue();

            // then
            assertThat(hook.requests()).hasSize(1);
            assertThat(Files.exists(left)).isFalse();
        }
    }

    @Test
    void theSameEventPublishedTwiceIsDeliveredOnce() {
        try (RecordingReceiver hook = RecordingReceiver.up(200, "");
             IncidentForwarder forwarder = IncidentForwarder.withOutbox(outbox).forwardTo(Receiver.webhook(hook.url()))
                     .deliveryPolicy(fast()).build()) {
            // given
            io.smartspec.slo.monitor.SloEvent breach = TestEvents.breach(Priority.P1);
            forwarder.onEvent(breach);
            assertThat(forwarder.flush(Duration.ofSeconds(10))).isTrue();

            // when: the monitor publishes it again (it could not record that it was taken)
            forwarder.onEvent(breach);

            // then
            assertThat(forwarder.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(hook.requests()).hasSize(1);
            assertThat(hook.requests().get(0).header("X-SmartSpec-Delivery")).isEqualTo(breach.id().toString());
        }
    }

    @Test
    void anOutboxFileOfTheEarlierReleaseIsStillDelivered() throws IOException {
        // given: a pending breach as the earlier release wrote it (8 hex digits of the id in the name)
        String payload = new String(getClass().getResourceAsStream("/outbox-v1-breach.json").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        try (RecordingReceiver hook = RecordingReceiver.up(200, "")) {
            Receiver live = Receiver.webhook(hook.url()).named("hook");
            Path dir = Files.createDirectories(outbox.resolve("hook"));
            Files.writeString(dir.resolve("0000000000000000007-B-" + System.currentTimeMillis() + "-3f0c2a52.json"),
                    payload);

            // when
            try (IncidentForwarder forwarder = IncidentForwarder.withOutbox(outbox).forwardTo(live)
                    .deliveryPolicy(fast()).build()) {
                assertThat(forwarder.flush(Duration.ofSeconds(10))).isTrue();
            }

            // then: the same payload, field for field
            assertThat(hook.requests()).hasSize(1);
            assertThat(JSON.readTree(hook.requests().get(0).body())).isEqualTo(JSON.readTree(payload));
            assertThat(hook.requests().get(0).header("X-SmartSpec-Delivery"))
                    .isEqualTo("3f0c2a52-8d9e-4b7f-a3f1-0c7d5c1e9a10");
        }
    }

    @Test
    void serverErrorsAreRetriedUntilAccepted() {
        // given
        try (RecordingReceiver pd = RecordingReceiver.up(202, "{\"status\":\"success\"}")
                .then(RecordingReceiver.Response.of(500, "oops")).then(RecordingReceiver.Response.of(503, "busy"));
             IncidentForwarder forwarder = IncidentForwarder.withOutbox(outbox)
                     .forwardTo(Receiver.pagerDuty(io.smartspec.slo.Secret.of("x".repeat(32))).endpoint(pd.url()))
                     .deliveryPolicy(fast()).build()) {
            // when
            forwarder.onEvent(TestEvents.breach(Priority.P1));

            // then
            assertThat(forwarder.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(pd.requests()).hasSize(3);
            assertThat(stats(forwarder).retries()).isEqualTo(2);
            assertThat(stats(forwarder).delivered()).isEqualTo(1);
            assertThat(stats(forwarder).lastError()).contains("HTTP 503: busy");
        }
    }

    @Test
    void throttledEventWaitsForRetryAfterInsteadOfTheBackoff() {
        // given: a backoff of an hour, so only Retry-After can bring the second attempt in time
        DeliveryPolicy slowBackoff = fast().withBackoff(Duration.ofHours(1), 2, Duration.ofHours(1));
        try (RecordingReceiver slack = RecordingReceiver.up(200, "ok")
                .then(new RecordingReceiver.Response(429, Map.of("Retry-After", "1"), "rate_limited", 0));
             IncidentForwarder forwarder = IncidentForwarder.withOutbox(outbox)
                     .forwardTo(Receiver.slack(io.smartspec.slo.Secret.of(slack.url() + "/services/T/B/C")))
                     .deliveryPolicy(slowBackoff).build()) {
            // when
            forwarder.onEvent(TestEvents.breach(Priority.P1));

            // then
            assertThat(forwarder.flush(Duration.ofSeconds(15))).isTrue();
            assertThat(slack.requests()).hasSize(2);
            assertThat(stats(forwarder).retries()).isEqualTo(1);
            assertThat(stats(forwarder).delivered()).isEqualTo(1);
        }
    }

    @Test
    void requestThatTimesOutIsRetried() {
        // given: the first answer comes after the request timeout
        try (RecordingReceiver hook = RecordingReceiver.up(200, "")
                .then(new RecordingReceiver.Response(200, Map.of(), "", 1_500));
             IncidentForwarder forwarder = IncidentForwarder.withOutbox(outbox).forwardTo(Receiver.webhook(hook.url()))
                     .deliveryPolicy(fast().withRequestTimeout(Duration.ofMillis(200))).build()) {
            // when
            forwarder.onEvent(TestEvents.breach(Priority.P1));

            // then
            assertThat(forwarder.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(stats(forwarder).retries()).isGreaterThanOrEqualTo(1);
            assertThat(stats(forwarder).lastError()).get().asString().contains("timed out");
            assertThat(stats(forwarder).delivered()).isEqualTo(1);
        }
    }

    @Test
    void clientErrorIsNotRetriedAndCountedAsRejected() throws IOException {
        // given
        try (RecordingReceiver pd = RecordingReceiver.up(400,
                "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\"}");
             IncidentForwarder forwarder = IncidentForwarder.withOutbox(outbox)
                     .forwardTo(Receiver.pagerDuty(io.smartspec.slo.Secret.of("y".repeat(32))).endpoint(pd.url()))
                     .deliveryPolicy(fast()).build()) {
            // when
            forwarder.onEvent(TestEvents.breach(Priority.P1));

            // then
            assertThat(forwarder.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(pd.requests()).hasSize(1);
            assertThat(stats(forwarder).rejected()).isEqualTo(1);
            assertThat(stats(forwarder).retries()).isZero();
            assertThat(stats(forwarder).lastError()).get().asString().contains("HTTP 400", "Event object is invalid");
            assertThat(filesIn(outbox)).isZero();
        }
    }

    @Test
    void eventOlderThanTheMaximumAgeIsGivenUpAndCounted() throws IOException {
        // given
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-22T10:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        try (RecordingReceiver hook = RecordingReceiver.down(200, "");
             IncidentForwarder forwarder = IncidentForwarder.withOutbox(outbox).forwardTo(Receiver.webhook(hook.url()))
                     .deliveryPolicy(fast()).clock(clock).build()) {
            forwarder.onEvent(TestEvents.breach(Priority.P1));
            Eventually.await("a failed attempt", () -> stats(forwarder).retries() >= 1);

            // when
            now.set(now.get().plus(Duration.ofHours(24)).plusSeconds(1));

            // then
            Eventually.await("the event is given up", () -> stats(forwarder).expired() == 1
                    && stats(forwarder).pending() == 0);
            assertThat(stats(forwarder).delivered()).isZero();
            assertThat(filesIn(outbox)).isZero();
        }
    }

    @Test
    void fullOutboxDropsTheOldestReminderFirstThenRefusesNewEvents() throws IOException {
        // given: a dead receiver and room for three events
        DeliveryPolicy three = fast().withBackoff(Duration.ofHours(1), 2, Duration.ofHours(1)).withMaxPending(3);
        try (RecordingReceiver hook = RecordingReceiver.down(200, "");
             IncidentForwarder forwarder = IncidentForwarder.withOutbox(outbox)
                     .forwardTo(Receiver.webhook(hook.url()).named("ops-hook")).deliveryPolicy(three).build()) {
            Instant t = Instant.now();
            forwarder.onEvent(TestEvents.breach("a", Priority.P1, t));
            forwarder.onEvent(TestEvents.stillBreaching("a", Priority.P1, t));
            forwarder.onEvent(TestEvents.breach("b", Priority.P1, t));

            // when
            forwarder.onEvent(TestEvents.breach("c", Priority.P1, t));
            forwarder.onEvent(TestEvents.recovery("a", Priority.P1, t));

            // then
            ReceiverStats s = stats(forwarder);
            assertThat(s.pending()).isEqualTo(3);
            assertThat(s.droppedWhenFull()).isEqualTo(1);
            assertThat(s.rejectedWhenFull()).isEqualTo(1);
            assertThat(filesIn(outbox.resolve("ops-hook"))).isEqualTo(3);
            try (Stream<Path> files = Files.list(outbox.resolve("ops-hook"))) {
                List<String> kinds = files.map(f -> f.getFileName().toString().split("-")[1]).sorted().toList();
                assertThat(kinds).containsExactly("B", "B", "B");
            }
        }
    }

    @Test
    void eventsGoOnlyToReceiversRoutedTheirPriority() {
        // given
        try (RecordingReceiver pager = RecordingReceiver.up(200, "");
             RecordingReceiver tickets = RecordingReceiver.up(200, "");
             IncidentForwarder forwarder = IncidentForwarder.withOutbox(outbox)
                     .forwardTo(Receiver.webhook(pager.url()).forPriorities(Priority.P0, Priority.P1))
                     .forwardTo(Receiver.webhook(tickets.url()).forPriorities(Priority.P2, Priority.P3))
                     .deliveryPolicy(fast()).build()) {
            // when
            forwarder.onEvent(TestEvents.breach("page-me", Priority.P0, Instant.now()));
            forwarder.onEvent(TestEvents.breach("ticket-me", Priority.P3, Instant.now()));

            // then
            assertThat(forwarder.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(pager.requests()).singleElement().extracting(RecordingReceiver.Request::body).asString()
                    .contains("page-me");
            assertThat(tickets.requests()).singleElement().extracting(RecordingReceiver.Request::body).asString()
                    .contains("ticket-me");
        }
    }

    @Test
    void deadReceiverDoesNotDelayTheOthers() {
        // given
        try (RecordingReceiver dead = RecordingReceiver.down(200, "");
             RecordingReceiver alive = RecordingReceiver.up(200, "");
             IncidentForwarder forwarder = IncidentForwarder.withOutbox(outbox)
                     .forwardTo(Receiver.webhook(dead.url()).named("dead"))
                     .forwardTo(Receiver.webhook(alive.url()).named("alive"))
                     .deliveryPolicy(fast().withBackoff(Duration.ofHours(1), 2, Duration.ofHours(1))).build()) {
            // when
            for (int i = 0; i < 20; i++) {
                forwarder.onEvent(TestEvents.breach("slo-" + i, Priority.P1, Instant.now()));
            }

            // then
            Eventually.await("all 20 at the live receiver", () -> alive.requests().size() == 20);
            assertThat(forwarder.stats()).filteredOn(s -> s.receiver().equals("dead"))
                    .singleElement().extracting(ReceiverStats::pending).isEqualTo(20);
        }
    }

    @Test
    void eventsAreDeliveredInTheOrderTheyWereRaisedAcrossARestart() throws IOException {
        // given
        RecordingReceiver hook = RecordingReceiver.down(200, "");
        Receiver receiver = Receiver.webhook(hook.url());
        IncidentForwarder first = IncidentForwarder.withOutbox(outbox).forwardTo(receiver)
                .deliveryPolicy(fast().withBackoff(Duration.ofHours(1), 2, Duration.ofHours(1))).build();
        Instant t = Instant.now();
        first.onEvent(TestEvents.breach("a", Priority.P1, t));
        first.onEvent(TestEvents.recovery("a", Priority.P1, t.plusSeconds(1)));
        first.onEvent(TestEvents.breach("a", Priority.P1, t.plusSeconds(2)));
        first.close();

        // when
        hook.start();
        try (hook; IncidentForwarder second = IncidentForwarder.withOutbox(outbox).forwardTo(receiver)
                .deliveryPolicy(fast()).build()) {
            assertThat(second.flush(Duration.ofSeconds(10))).isTrue();
        }

        // then
        List<String> kinds = hook.requests().stream().map(r -> r.header("X-SmartSpec-Event")).toList();
        assertThat(kinds).containsExactly("breach", "recovery", "breach");
    }
}
