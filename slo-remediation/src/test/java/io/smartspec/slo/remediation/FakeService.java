package io.smartspec.slo.remediation;

import com.sun.net.httpserver.HttpServer;
import io.smartspec.slo.Unit;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.source.MetricSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A checkout service with an injected fault, over real HTTP: {@code GET /error-rate} answers its error rate
 * in percent (12.5 while faulty, 0.2 once healed), {@code POST /admin/heal} heals it (the action's target).
 * {@link #source()} reads the error rate as a monitor would, over HTTP.
 */
final class FakeService implements AutoCloseable {

    final AtomicBoolean faulty = new AtomicBoolean(true);
    final AtomicInteger heals = new AtomicInteger();
    private final HttpServer server;

    FakeService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/error-rate", x -> {
            byte[] body = (faulty.get() ? "12.5" : "0.2").getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.createContext("/admin/heal", x -> {
            if (!x.getRequestMethod().equals("POST")) {
                x.sendResponseHeaders(405, -1);
                x.close();
                return;
            }
            heals.incrementAndGet();
            faulty.set(false);
            byte[] body = "rolled back to the last good version\n".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The error rate over HTTP: the query is the path. */
    MetricSource source() {
        HttpClient http = HttpClient.newHttpClient();
        return new MetricSource() {
            @Override
            public String name() {
                return "fake-service";
            }

            @Override
            public Measurement query(MetricQuery q) {
                try {
                    String body = http.send(HttpRequest.newBuilder(URI.create(url("/" + q.query()))).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    return Measurement.of(Double.parseDouble(body.trim()), Unit.PERCENT);
                } catch (IOException e) {
                    return Measurement.failed(e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Measurement.failed("interrupted");
                }
            }
        };
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
