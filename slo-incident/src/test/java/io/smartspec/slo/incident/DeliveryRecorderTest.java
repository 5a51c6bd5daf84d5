package io.smartspec.slo.incident;

import io.smartspec.slo.Priority;
import io.smartspec.slo.monitor.SloEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The forwarder tells its {@link DeliveryRecorder} every attempt and its outcome; one that throws hurts nothing. */
class DeliveryRecorderTest {

    @TempDir
    Path outbox;

    private static DeliveryPolicy fast() {
        return DeliveryPolicy.ofDefaults().withBackoff(Duration.ofMillis(20), 2, Duration.ofMillis(100))
                .withCloseTimeout(Duration.ZERO);
    }

    @Test
    void everyAttemptIsRecordedWithItsOutcome() {
        List<DeliveryAttempt> attempts = new CopyOnWriteArrayList<>();
        try (RecordingReceiver hook = RecordingReceiver.up(202, "")
                .then(RecordingReceiver.Response.of(503, "busy")).then(RecordingReceiver.Response.of(503, "busy"));
             IncidentForwarder forwarder = IncidentForwarder.withOutbox(outbox)
                     .forwardTo(Receiver.webhook(hook.url()).named("hook")).deliveryPolicy(fast())
                     .recordDeliveriesTo(attempts::add).build()) {
            SloEvent breach = TestEvents.breach(Priority.P1);
            forwarder.onEvent(breach);
            assertThat(forwarder.flush(Duration.ofSeconds(10))).isTrue();

            assertThat(attempts).extracting(DeliveryAttempt::attempt, DeliveryAttempt::outcome)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(1, DeliveryAttempt.Outcome.RETRYING),
                            org.assertj.core.groups.Tuple.tuple(2, DeliveryAttempt.Outcome.RETRYING),
                            org.assertj.core.groups.Tuple.tuple(3, DeliveryAttempt.Outcome.ACCEPTED));
            assertThat(attempts).allSatisfy(a -> {
                assertThat(a.eventId()).isEqualTo(breach.id().toString());
                assertThat(a.dedupKey()).isEqualTo(breach.dedupKey());
                assertThat(a.receiver()).isEqualTo("hook");
            });
            assertThat(attempts.get(0).error()).contains("503");
            assertThat(attempts.get(2).error()).isEmpty();
        }
    }

    @Test
    void aRefusedEventIsRecordedAsRefusedAndARecorderThatThrowsDoesNotStopDelivery() {
        try (RecordingReceiver hook = RecordingReceiver.up(400, "bad key");
             IncidentForwarder forwarder = IncidentForwarder.withOutbox(outbox)
                     .forwardTo(Receiver.webhook(hook.url())).deliveryPolicy(fast())
                     .recordDeliveriesTo(a -> {
                         throw new IllegalStateException("store down");
                     }).build()) {
            forwarder.onEvent(TestEvents.breach(Priority.P1));
            assertThat(forwarder.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(forwarder.stats().get(0).rejected()).isEqualTo(1);
        }
        List<DeliveryAttempt> attempts = new CopyOnWriteArrayList<>();
        try (RecordingReceiver hook = RecordingReceiver.up(400, "bad key");
             IncidentForwarder forwarder = IncidentForwarder.withOutbox(outbox.resolve("second"))
                     .forwardTo(Receiver.webhook(hook.url())).deliveryPolicy(fast())
                     .recordDeliveriesTo(attempts::add).build()) {
            forwarder.onEvent(TestEvents.breach(Priority.P1));
            assertThat(forwarder.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(attempts).singleElement().satisfies(a -> {
                assertThat(a.outcome()).isEqualTo(DeliveryAttempt.Outcome.REFUSED);
                assertThat(a.error()).contains("400");
            });
        }
    }
}
