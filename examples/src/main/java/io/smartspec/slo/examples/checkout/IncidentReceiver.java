package io.smartspec.slo.examples.checkout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the team's incident-response endpoint: accepts the monitor's webhook posts on
 * {@code POST /incidents}, prints each one, and keeps them for inspection.
 */
public final class IncidentReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final PrintStream out;

    private IncidentReceiver(PrintStream out) throws IOException {
        this.out = out;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/incidents", this::receive);
        server.start();
    }

    public static IncidentReceiver start(PrintStream out) throws IOException {
        return new IncidentReceiver(out);
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/incidents");
    }

    /** Every payload received, in arrival order. */
    public List<JsonNode> received() {
        return List.copyOf(received);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            JsonNode payload = JSON.readTree(exchange.getRequestBody());
            received.add(payload);
            out.println("incident-receiver <- " + payload.path("kind").asText("?")
                    + ": " + payload.path("summary").asText(payload.toString()));
            exchange.sendResponseHeaders(202, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
