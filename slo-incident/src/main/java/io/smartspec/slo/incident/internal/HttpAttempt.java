package io.smartspec.slo.incident.internal;

import io.smartspec.slo.Secret;
import io.smartspec.slo.incident.Receiver;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * One HTTP attempt to deliver an event to a receiver: renders the receiver's request
 * ({@link Formats}), sends it, and says what came of it — accepted (2xx), worth a retry (connection
 * errors, timeouts, 408, 429, 5xx; with the receiver's {@code Retry-After}) or refused (other 4xx).
 * Errors are described without the receiver's secrets.
 */
final class HttpAttempt {

    /** What came of an attempt. */
    record Result(boolean accepted, boolean retry, String error, Optional<Duration> retryAfter) {
        static Result ok() {
            return new Result(true, false, "", Optional.empty());
        }

        static Result failed(String error) {
            return new Result(false, true, error, Optional.empty());
        }
    }

    private final Formats.Format format;
    private final HttpClients http;
    private final Duration timeout;
    private final List<Secret> secrets;

    HttpAttempt(Receiver receiver, HttpClients http, Duration timeout) {
        this.format = Formats.of(receiver);
        this.http = http;
        this.timeout = timeout;
        this.secrets = List.of(receiver.endpoint(), receiver.routingKey().orElse(receiver.endpoint()),
                receiver.signingSecret().orElse(receiver.endpoint()));
    }

    Result send(OutboxEvent event, Instant now) {
        Formats.Outgoing out = format.render(event, now);
        HttpRequest.Builder request = HttpRequest.newBuilder(out.uri()).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.body()));
        out.headers().forEach(request::header);
        try {
            HttpResponse<String> response = http.forUri(out.uri())
                    .send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return Result.ok();
            }
            String body = response.body() == null ? "" : response.body().strip();
            String error = "HTTP " + status + (body.isEmpty() ? "" : ": "
                    + redact(body.length() > 300 ? body.substring(0, 300) + "..." : body));
            boolean retry = status == 408 || status == 429 || status >= 500;
            Optional<Duration> after = retry ? retryAfter(response.headers().firstValue("Retry-After"), now)
                    : Optional.empty();
            return new Result(false, retry, error, after);
        } catch (HttpTimeoutException e) {
            return Result.failed("timed out after " + timeout);
        } catch (IOException e) {
            return Result.failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
                    + redact(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.failed("interrupted (closing)");
        }
    }

    /** {@code Retry-After: 120} or an HTTP date; never negative. */
    static Optional<Duration> retryAfter(Optional<String> header, Instant now) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String v = header.get().trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    /** The text with every secret of the receiver replaced. */
    String redact(String text) {
        String s = text == null ? "" : text;
        for (Secret secret : secrets) {
            s = secret.redact(s);
        }
        return s;
    }
}
