package io.smartspec.slo.incident.internal;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Objects;

/**
 * The JDK {@link HttpClient}s of a forwarder, each made when the first request needs it: one for
 * {@code http://} receivers that never sets up TLS, one with the JDK's default TLS for {@code https://}.
 * Building a client initialises the default {@code SSLContext} (trust store, key managers, cipher
 * suites) and starts a selector thread; a forwarder that delivers nothing, or only over plain HTTP,
 * pays neither.
 */
public final class HttpClients {

    private final Duration connectTimeout;
    private final HttpClient given;
    private HttpClient plain;
    private HttpClient tls;

    private HttpClients(Duration connectTimeout, HttpClient given) {
        this.connectTimeout = connectTimeout;
        this.given = given;
    }

    /** Clients made on first use: HTTP/1.1, {@code connectTimeout}, no redirects. */
    public static HttpClients lazy(Duration connectTimeout) {
        return new HttpClients(Objects.requireNonNull(connectTimeout, "connectTimeout"), null);
    }

    /** {@code client} for every URL. */
    public static HttpClients of(HttpClient client) {
        return new HttpClients(null, Objects.requireNonNull(client, "client"));
    }

    /** The client for {@code uri}'s scheme. */
    public synchronized HttpClient forUri(URI uri) {
        if (given != null) {
            return given;
        }
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            if (plain == null) {
                plain = builder().sslContext(unusedTls()).sslParameters(new SSLParameters()).build();
            }
            return plain;
        }
        if (tls == null) {
            tls = builder().build();
        }
        return tls;
    }

    private HttpClient.Builder builder() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
    }

    /** A context never initialised: an https request through it fails loudly rather than go out unchecked. */
    private static SSLContext unusedTls() {
        try {
            return SSLContext.getInstance("TLS");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no TLS", e);
        }
    }
}
