package io.smartspec.slo.incident.internal;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class HttpClientsTest {

    private final HttpClients clients = HttpClients.lazy(Duration.ofSeconds(2));

    @Test
    void anHttpsReceiverGetsTheJdksDefaultTls() throws Exception {
        // when
        HttpClient https = clients.forUri(URI.create("https://events.pagerduty.com/v2/enqueue"));
        // then: the default context, with the JDK's trust store
        assertThat(https.sslContext()).isSameAs(SSLContext.getDefault());
        assertThat(https.followRedirects()).isEqualTo(HttpClient.Redirect.NEVER);
    }

    @Test
    void anHttpReceiverGetsAClientWithoutTheDefaultTls() throws Exception {
        HttpClient http = clients.forUri(URI.create("http://127.0.0.1:9093/api/v2/alerts"));
        assertThat(http.sslContext()).isNotSameAs(SSLContext.getDefault());
        assertThat(http.connectTimeout()).contains(Duration.ofSeconds(2));
    }

    @Test
    void eachKindOfClientIsMadeOnceAndShared() {
        HttpClient first = clients.forUri(URI.create("http://a.example/x"));
        assertThat(clients.forUri(URI.create("HTTP://b.example/y"))).isSameAs(first);
        HttpClient tls = clients.forUri(URI.create("https://a.example/x"));
        assertThat(clients.forUri(URI.create("https://b.example/y"))).isSameAs(tls).isNotSameAs(first);
    }
}
