package io.smartspec.slo.incident;

import io.smartspec.slo.Priority;
import io.smartspec.slo.incident.internal.EventJson;
import io.smartspec.slo.incident.internal.Formats;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A {@code user:password@} in a receiver's URL is sent as basic auth, or refused where it cannot be (issue 14). */
class UrlCredentialsOfReceiversTest {

    private static final String PASSWORD = "pw-marker-4711";

    private static Formats.Outgoing render(Receiver receiver) {
        return Formats.of(receiver).render(EventJson.of(TestEvents.breach("p99", Priority.P1, TestEvents.SINCE)),
                Instant.parse("2026-11-22T10:05:00Z"));
    }

    @Test
    void anAlertmanagerUrlsUserInfoBecomesBasicAuthAndLeavesTheUrl() {
        Formats.Outgoing out = render(Receiver.alertmanager("http://am:" + PASSWORD + "@127.0.0.1:9093"));

        assertThat(out.uri().toString()).isEqualTo("http://127.0.0.1:9093/api/v2/alerts");
        assertThat(out.headers()).containsEntry("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString(("am:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aWebhookUrlsUserInfoBecomesBasicAuthAndItsQueryIsKept() {
        Formats.Outgoing out = render(Receiver.webhook("https://hook%40corp:" + PASSWORD + "@hooks.example.com/slo?x=1"));

        assertThat(out.uri().toString()).isEqualTo("https://hooks.example.com/slo?x=1");
        assertThat(out.headers()).containsEntry("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString(("hook@corp:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aReceiverIsShownWithItsUrlRedacted() {
        Receiver r = Receiver.webhook("http://u:" + PASSWORD + "@127.0.0.1:8080/hook?token=" + PASSWORD);

        assertThat(r.toString()).isEqualTo("webhook '" + r.name() + "' at http://****@127.0.0.1:8080/hook?token=**** "
                + "for all priorities");
    }

    @Test
    void aPagerDutyUrlWithUserInfoIsRefusedSayingWhereItsCredentialsGo() {
        Receiver pd = Receiver.pagerDuty(io.smartspec.slo.Secret.of("routing-key-123456"));

        assertThatThrownBy(() -> pd.endpoint("http://u:" + PASSWORD + "@127.0.0.1:8080/pd"))
                .hasMessage("pagerduty url: 'http://****@127.0.0.1:8080/pd' carries user:password@, which is not sent; "
                        + "PagerDuty authenticates with the routing_key");
    }
}
