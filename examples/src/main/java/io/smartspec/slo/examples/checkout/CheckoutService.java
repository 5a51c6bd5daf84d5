package io.smartspec.slo.examples.checkout;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A small checkout service: {@code POST /checkout} takes 5-40 ms and answers 200, instrumented with a
 * Micrometer timer {@code checkout.requests} tagged {@code outcome=SUCCESS|SERVER_ERROR}. Its
 * {@link Faults} inject a slowdown and an error burst, as a bad deploy would; {@code POST /admin/rollback}
 * rolls the bad deploy back (clears the faults), as a remediation action calls it.
 */
public final class CheckoutService implements AutoCloseable {

    /** The timer every request is recorded in. */
    public static final String TIMER = "checkout.requests";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Faults faults = new Faults();
    private final MeterRegistry registry;
    private final Consumer<String> adminLog;
    private final AtomicInteger rollbacks = new AtomicInteger();

    private CheckoutService(MeterRegistry registry, int port, Consumer<String> adminLog) throws IOException {
        this.registry = registry;
        this.adminLog = adminLog;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        this.executor = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "checkout-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/checkout", this::checkout);
        server.createContext(ROLLBACK_PATH, this::rollback);
        server.start();
    }

    /** The admin endpoint that rolls the bad deploy back. */
    public static final String ROLLBACK_PATH = "/admin/rollback";

    /** Starts the service on 127.0.0.1 ({@code port} 0 picks a free port). */
    public static CheckoutService start(MeterRegistry registry, int port) throws IOException {
        return start(registry, port, message -> {
        });
    }

    /** Starts the service on 127.0.0.1, telling {@code adminLog} what its admin endpoint did. */
    public static CheckoutService start(MeterRegistry registry, int port, Consumer<String> adminLog) throws IOException {
        return new CheckoutService(registry, port, adminLog);
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/checkout");
    }

    /** {@code POST} here rolls the bad deploy back: the faults are cleared. */
    public URI rollbackUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + ROLLBACK_PATH);
    }

    /** How many times {@code POST /admin/rollback} was called. */
    public int rollbacks() {
        return rollbacks.get();
    }

    private void rollback(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "POST");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            boolean wasActive = faults.active();
            faults.clear();
            rollbacks.incrementAndGet();
            String from = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Slo-Key")).orElse("a client");
            adminLog.accept("POST " + ROLLBACK_PATH + " from " + from + ": "
                    + (wasActive ? "the bad deploy is rolled back" : "nothing to roll back"));
            byte[] body = ("{\"rolled_back\":" + wasActive + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    public Faults faults() {
        return faults;
    }

    private void checkout(HttpExchange exchange) throws IOException {
        Timer.Sample sample = Timer.start(registry);
        boolean failed = false;
        try {
            exchange.getRequestBody().readAllBytes();
            ThreadLocalRandom random = ThreadLocalRandom.current();
            long millis = 5 + random.nextLong(36) + faults.slowdown().toMillis();
            Thread.sleep(millis);
            failed = random.nextDouble() < faults.errorRate();
            byte[] body = (failed ? "{\"error\":\"payment provider unavailable\"}" : "{\"order\":\"accepted\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(failed ? 500 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed = true;
            exchange.sendResponseHeaders(503, -1);
        } finally {
            sample.stop(Timer.builder(TIMER)
                    .tag("outcome", failed ? "SERVER_ERROR" : "SUCCESS")
                    .register(registry));
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Faults to inject: extra latency on every request, and a share of requests that fail. */
    public static final class Faults {
        private volatile Duration slowdown = Duration.ZERO;
        private volatile double errorRate;

        public Duration slowdown() {
            return slowdown;
        }

        public double errorRate() {
            return errorRate;
        }

        /** Adds {@code extra} to every request and fails {@code errorShare} (0..1) of them. */
        public void inject(Duration extra, double errorShare) {
            this.slowdown = extra;
            this.errorRate = errorShare;
        }

        public void clear() {
            inject(Duration.ZERO, 0);
        }

        public boolean active() {
            return errorRate > 0 || !slowdown.isZero();
        }
    }
}
