package io.smartspec.slo.incident;

import io.smartspec.slo.Priority;
import io.smartspec.slo.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Routing keys, webhook URLs with tokens and HMAC keys never reach logs, toString(), errors or the outbox. */
class SecretsAreNeverShownTest {

    private static final String ROUTING_KEY = "R0UTING-KEY-abcdef0123456789abcd";
    private static final String SLACK_TOKEN_PATH = "/services/T0000/B0000/SLACKTOKENxyz123";
    private static final String HMAC = "hmac-secret-key-987";

    @TempDir
    Path outbox;

    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger("io.smartspec.slo.incident.IncidentForwarder");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        logger.addHandler(capture);
        logger.setLevel(Level.ALL);
    }

    @AfterEach
    void stopCapturing() {
        logger.removeHandler(capture);
        logger.setLevel(null);
    }

    private String everythingLogged() {
        return String.join("\n", logged.stream().map(r -> r.getMessage() == null ? "" : r.getMessage()).toList());
    }

    @Test
    void refusedAndFailingDeliveriesLogNoSecretEvenWhenTheReceiverEchoesIt() throws IOException {
        // given: PagerDuty refuses with the key in its answer, Slack and a signed webhook are down
        try (RecordingReceiver pd = RecordingReceiver.up(400, "{\"message\":\"unknown routing key " + ROUTING_KEY + "\"}");
             RecordingReceiver slack = RecordingReceiver.down(200, "ok");
             RecordingReceiver hook = RecordingReceiver.down(200, "")) {
            Secret slackUrl = Secret.of(slack.url() + SLACK_TOKEN_PATH, "env SLACK_WEBHOOK_URL");
            IncidentForwarder forwarder = IncidentForwarder.withOutbox(outbox)
                    .forwardTo(Receiver.pagerDuty(Secret.of(ROUTING_KEY, "env PD_KEY")).endpoint(pd.url()))
                    .forwardTo(Receiver.slack(slackUrl))
                    .forwardTo(Receiver.webhook(hook.url()).signedWith(Secret.of(HMAC, "env HOOK_SECRET")))
                    .deliveryPolicy(DeliveryPolicy.ofDefaults().withBackoff(Duration.ofMillis(10), 2,
                            Duration.ofMillis(50)).withCloseTimeout(Duration.ZERO))
                    .build();

            // when
            forwarder.onEvent(TestEvents.breach(Priority.P0));
            Eventually.await("PagerDuty refused and the others failed twice", () -> forwarder.stats().get(0).rejected() == 1
                    && forwarder.stats().get(1).retries() >= 2 && forwarder.stats().get(2).retries() >= 2);
            String outboxText;
            try (Stream<Path> files = Files.walk(outbox)) {
                outboxText = String.join("\n", files.filter(Files::isRegularFile).map(f -> {
                    try {
                        return Files.readString(f);
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }).toList());
            }
            forwarder.close();

            // then
            String shown = everythingLogged() + "\n" + forwarder + "\n" + forwarder.stats() + "\n"
                    + forwarder.receivers();
            assertThat(everythingLogged()).contains("refused", "HTTP 400", "****");
            assertThat(shown).doesNotContain(ROUTING_KEY, "SLACKTOKENxyz123", HMAC);
            assertThat(outboxText).isNotEmpty().doesNotContain(ROUTING_KEY, "SLACKTOKENxyz123", HMAC);
        }
    }

    @Test
    void invalidSecretUrlIsReportedWithoutItsValue() {
        // given
        Secret bad = Secret.of("not a url SLACKTOKENxyz123", "env SLACK_WEBHOOK_URL");

        // when / then
        assertThatThrownBy(() -> Receiver.slack(bad))
                .hasMessageContaining("env SLACK_WEBHOOK_URL")
                .hasMessageContaining("not an http(s) URL")
                .hasMessageNotContaining("SLACKTOKENxyz123");
    }
}
