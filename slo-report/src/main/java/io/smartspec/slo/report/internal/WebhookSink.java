package io.smartspec.slo.report.internal;

import io.smartspec.slo.Secret;
import io.smartspec.slo.UrlCredentials;
import io.smartspec.slo.report.ReportFormat;
import io.smartspec.slo.report.ReportSink;
import io.smartspec.slo.report.SloReport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * POSTs a report as JSON (the report schema) to a feedback aggregator. Headers:
 * {@code X-SmartSpec-Event: slo-report}, {@code Idempotency-Key: <spec>/<kind>/<label>} (so a report
 * delivered twice can be recognised) and, with a token, {@code Authorization: Bearer ...}. The token
 * and the URL's query never appear in messages.
 */
public final class WebhookSink implements ReportSink {

    private final URI url;
    private final Optional<Secret> urlAuthorization;
    private final Optional<Secret> token;
    private final Duration timeout;
    private HttpClient client;

    public WebhookSink(URI url, Optional<Secret> token, Duration timeout) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("webhook url '" + safe(url) + "' must be http or https");
        }
        // user:password@ in the URL is sent as basic auth (Java's client ignores it)
        UrlCredentials split = UrlCredentials.of(url.toString());
        this.url = URI.create(split.url());
        this.urlAuthorization = split.basicAuthorization();
        this.token = token;
        this.timeout = timeout;
    }

    /**
     * The client, made on the first delivery (a daemon delivers a report a day at most), with TLS only for
     * an {@code https://} URL: building a JDK client otherwise initialises the default {@code SSLContext}.
     */
    private synchronized HttpClient client() {
        if (client == null) {
            HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout);
            if ("http".equalsIgnoreCase(url.getScheme())) {
                try {
                    // never initialised: an https request through it would fail, not go out unchecked
                    b.sslContext(javax.net.ssl.SSLContext.getInstance("TLS"))
                            .sslParameters(new javax.net.ssl.SSLParameters());
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException("this JDK has no TLS", e);
                }
            }
            client = b.build();
        }
        return client;
    }

    @Override
    public void deliver(SloReport report) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "smartspec-slo")
                .header("X-SmartSpec-Event", "slo-report")
                .header("Idempotency-Key", report.specId() + "/" + report.period().kind().name().toLowerCase(Locale.ROOT)
                        + "/" + report.period().label())
                .POST(HttpRequest.BodyPublishers.ofString(ReportFormat.JSON.render(report)));
        if (token.isPresent()) {
            request.header("Authorization", "Bearer " + token.get().reveal());
        } else {
            urlAuthorization.ifPresent(a -> request.header("Authorization", a.reveal()));
        }
        HttpResponse<String> response;
        try {
            response = client().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending the report to " + name());
        } catch (IOException e) {
            throw new IOException("cannot send the report to " + name() + ": " + redact(String.valueOf(e.getMessage())));
        }
        if (response.statusCode() / 100 != 2) {
            String body = response.body() == null ? "" : response.body();
            throw new IOException(name() + " answered HTTP " + response.statusCode() + ": "
                    + redact(body.length() > 300 ? body.substring(0, 300) + "..." : body));
        }
    }

    private String redact(String text) {
        String s = token.map(t -> t.redact(text)).orElse(text);
        return url.getRawQuery() == null ? s : s.replace(url.getRawQuery(), "****");
    }

    private static String safe(URI url) {
        return Secret.redactUrl(url.toString());
    }

    @Override
    public String name() {
        return "webhook " + safe(url);
    }

    @Override
    public String toString() {
        return name();
    }
}
