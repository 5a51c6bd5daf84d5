package io.smartspec.slo.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A tiny HTTP server on 127.0.0.1 that answers {@code /api/v1/query} with recorded responses. */
final class FakePrometheus implements AutoCloseable {

    record Answer(int status, String body) {
    }

    record Request(Map<String, String> params, Map<String, List<String>> headers) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Deque<Answer> answers = new ArrayDeque<>();
    private Answer last = new Answer(500, "no answer scripted");
    private volatile Function<Request, Answer> responder;
    final List<Request> requests = new CopyOnWriteArrayList<>();

    FakePrometheus() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String raw = exchange.getRequestURI().getRawQuery();
            String form = body.isEmpty() ? (raw == null ? "" : raw) : body;
            Map<String, String> params = new LinkedHashMap<>();
            params.put("path", exchange.getRequestURI().getPath());
            for (String pair : form.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            Request request = new Request(params, Map.copyOf(exchange.getRequestHeaders()));
            requests.add(request);
            Answer a;
            Function<Request, Answer> r = responder;
            if (r != null) {
                a = r.apply(request);
            } else {
                synchronized (answers) {
                    a = answers.isEmpty() ? last : answers.poll();
                    last = a;
                }
            }
            byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers the next requests with these, in order; the last one repeats. */
    FakePrometheus answer(Answer... next) {
        synchronized (answers) {
            answers.addAll(List.of(next));
        }
        return this;
    }

    /** Answers every request by {@code responder} (e.g. by its {@code time} parameter) instead of in order. */
    FakePrometheus answerBy(Function<Request, Answer> responder) {
        this.responder = responder;
        return this;
    }

    /** A response recorded from a real Prometheus (recorded/NAME.json). */
    static Answer recorded(String name) {
        JsonNode node = read("/prometheus/recorded/" + name + ".json");
        return new Answer(node.path("response").path("status").asInt(), node.path("response").path("raw_body").asText());
    }

    /** An example of Prometheus's OpenAPI golden file (openapi/NAME.json), served with {@code status}. */
    static Answer openapi(String name, int status) {
        JsonNode node = read("/prometheus/openapi/" + name + ".json");
        return new Answer(status, node.path("response").toString());
    }

    private static JsonNode read(String resource) {
        try (InputStream in = FakePrometheus.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
