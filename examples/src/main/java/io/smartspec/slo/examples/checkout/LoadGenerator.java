package io.smartspec.slo.examples.checkout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives traffic at a service from a few threads, each sending a request and pausing, until
 * {@link #close()}. Bounded: it only talks to the given loopback URI and stops when closed.
 */
public final class LoadGenerator implements AutoCloseable {

    private final List<Thread> workers = new ArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean running = true;

    private LoadGenerator(URI target, int threads, Duration pause) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString("{\"cart\":42}")).build();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                while (running) {
                    try {
                        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                        sent.incrementAndGet();
                        if (response.statusCode() >= 500) {
                            failed.incrementAndGet();
                        }
                        Thread.sleep(pause.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            }, "load-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    /** Starts {@code threads} workers against {@code target}, each pausing {@code pause} between requests. */
    public static LoadGenerator start(URI target, int threads, Duration pause) {
        return new LoadGenerator(target, threads, pause);
    }

    public long sent() {
        return sent.get();
    }

    public long failed() {
        return failed.get();
    }

    @Override
    public void close() {
        running = false;
        workers.forEach(Thread::interrupt);
        for (Thread t : workers) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
