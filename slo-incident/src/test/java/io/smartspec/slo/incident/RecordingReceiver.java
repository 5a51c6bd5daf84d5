package io.smartspec.slo.incident;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A tiny HTTP receiver on 127.0.0.1 (JDK {@code HttpServer}) that records every request and answers
 * from a script of responses (then with a default one). Can be "down" (port reserved but closed) and
 * brought up later on the same port.
 */
final class RecordingReceiver implements AutoCloseable {

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY every answer with a body
        // waits ~40 ms for a delayed ACK (Nagle), which no real receiver does.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    record Request(String method, String path, Map<String, List<String>> headers, String body,
                   java.time.Instant receivedAt) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    record Response(int status, Map<String, String> headers, String body, long delayMillis) {
        static Response of(int status, String body) {
            return new Response(status, Map.of(), body, 0);
        }
    }

    private final int port;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Response> script = new ConcurrentLinkedQueue<>();
    private volatile Response otherwise;
    private volatile boolean keepBodies = true;
    private HttpServer server;

    private RecordingReceiver(int port, Response otherwise) {
        this.port = port;
        this.otherwise = otherwise;
    }

    /** A receiver that is up and answers {@code status} by default. */
    static RecordingReceiver up(int status, String body) {
        RecordingReceiver r = new RecordingReceiver(freePort(), Response.of(status, body));
        r.start();
        return r;
    }

    /** A receiver whose port refuses connections until {@link #start()}. */
    static RecordingReceiver down(int status, String body) {
        return new RecordingReceiver(freePort(), Response.of(status, body));
    }

    RecordingReceiver then(Response response) {
        script.add(response);
        return this;
    }

    RecordingReceiver discardBodies(Function<String, String> keep) {
        keepBodies = false;
        this.keep = keep;
        return this;
    }

    private Function<String, String> keep = Function.identity();

    synchronized void start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "recording-receiver-" + port);
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()), keepBodies ? body : keep.apply(body), java.time.Instant.now()));
            Response response = script.poll();
            if (response == null) {
                response = otherwise;
            }
            if (response.delayMillis() > 0) {
                try {
                    Thread.sleep(response.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            try {
                exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    exchange.getResponseBody().write(bytes);
                }
            } catch (IOException clientGone) {
                // the client timed out: fine
            }
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    List<Request> requests() {
        return new ArrayList<>(requests);
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
            server = null;
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
