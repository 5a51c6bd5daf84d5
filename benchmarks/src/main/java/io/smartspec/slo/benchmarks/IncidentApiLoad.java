package io.smartspec.slo.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Secret;
import io.smartspec.slo.Slo;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.incident.api.IncidentApi;
import io.smartspec.slo.incident.store.IncidentQuery;
import io.smartspec.slo.incident.store.IncidentStore;
import io.smartspec.slo.incident.store.Incidents;
import io.smartspec.slo.monitor.SloEvent;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A measuring run: the incident API (as {@code slo serve} serves it: JDK HttpServer, 16 handler
 * threads) over the store at {@code args[0]} holding 200 incidents, under 50 concurrent clients for
 * {@code args[1]} seconds (default 20). Each client loops: 45% list ({@code ?state=open&limit=50}),
 * 45% show one incident with its timeline, 10% add a note (a durable write). Prints the latency
 * percentiles of each kind of request and the requests per second.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.smartspec.slo.benchmarks.IncidentApiLoad DIR|URL [SECONDS]</pre>
 */
public final class IncidentApiLoad {

    private static final int CLIENTS = 50;

    private IncidentApiLoad() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        try (IncidentStore store = IncidentStore.at(args[0])) {
            Incidents incidents = Incidents.in(store).build();
            for (int i = 0; i < 200; i++) {
                incidents.onEvent(breach("api-load-" + i));
            }
            List<String> ids = store.list(IncidentQuery.all().limit(1000)).stream().map(x -> x.id()).toList();
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
            server.createContext("/", IncidentApi.of(incidents).writeToken(Secret.of("load", "bench")));
            ExecutorService handlers = Executors.newFixedThreadPool(16);
            server.setExecutor(handlers);
            server.start();
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newFixedThreadPool(8)).build();
            System.out.println("store: " + store.describe() + ", " + ids.size() + " incidents, " + CLIENTS
                    + " clients, " + seconds + " s");
            for (int pass = 0; pass < 2; pass++) {
                long[][] result = load(http, base, ids, pass == 0 ? 3 : seconds);
                if (pass == 1) {
                    report("list", result[0], seconds);
                    report("show", result[1], seconds);
                    report("note (write)", result[2], seconds);
                    long total = result[0].length + result[1].length + result[2].length;
                    System.out.printf(Locale.ROOT, "all: %d requests, %.0f/s%n", total, total / (double) seconds);
                }
            }
            server.stop(0);
            handlers.shutdownNow();
        }
        System.exit(0);
    }

    private static long[][] load(HttpClient http, String base, List<String> ids, int seconds) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Future<long[][]>> futures = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            futures.add(clients.submit(() -> {
                long[][] lat = {new long[1024], new long[1024], new long[1024]};
                int[] count = new int[3];
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (System.nanoTime() < end) {
                    int kind = rnd.nextInt(100) < 45 ? 0 : rnd.nextInt(100) < 82 ? 1 : 2;
                    String id = ids.get(rnd.nextInt(ids.size()));
                    HttpRequest req = switch (kind) {
                        case 0 -> HttpRequest.newBuilder(URI.create(base + "/v1/incidents?state=open&limit=50")).build();
                        case 1 -> HttpRequest.newBuilder(URI.create(base + "/v1/incidents/" + id)).build();
                        default -> HttpRequest.newBuilder(URI.create(base + "/v1/incidents/" + id + "/notes"))
                                .header("Authorization", "Bearer load").header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"by\":\"load\",\"text\":\"n\"}")).build();
                    };
                    long t0 = System.nanoTime();
                    HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                    long t = System.nanoTime() - t0;
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException(req.uri() + " -> " + r.statusCode() + " " + new String(r.body()));
                    }
                    if (count[kind] == lat[kind].length) {
                        lat[kind] = Arrays.copyOf(lat[kind], lat[kind].length * 2);
                    }
                    lat[kind][count[kind]++] = t;
                }
                return new long[][] {Arrays.copyOf(lat[0], count[0]), Arrays.copyOf(lat[1], count[1]),
                        Arrays.copyOf(lat[2], count[2])};
            }));
        }
        long[][] all = {new long[0], new long[0], new long[0]};
        for (Future<long[][]> f : futures) {
            long[][] r = f.get();
            for (int k = 0; k < 3; k++) {
                long[] merged = Arrays.copyOf(all[k], all[k].length + r[k].length);
                System.arraycopy(r[k], 0, merged, all[k].length, r[k].length);
                all[k] = merged;
            }
        }
        clients.shutdown();
        return all;
    }

    private static void report(String what, long[] nanos, int seconds) {
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-13s %7d requests (%5.0f/s)  p50 %7.2f ms  p90 %7.2f ms  p99 %7.2f ms  max %7.2f ms%n",
                what, nanos.length, nanos.length / (double) seconds, pct(nanos, 50), pct(nanos, 90), pct(nanos, 99),
                nanos[nanos.length - 1] / 1e6);
    }

    /** The nearest-rank percentile, in ms. */
    private static double pct(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    private static SloEvent breach(String name) {
        Slo slo = Slo.named(name).metric("latency_p99").below(Duration.ofMillis(200)).priority(Priority.P1).build();
        Instant now = Instant.now();
        SloResult r = new SloResult("bench", slo, Status.BREACHED, Optional.of(Quantity.millis(420)),
                Optional.of(Quantity.millis(-220)), "", Optional.empty(), List.of(), List.of(), now, "bench", "q");
        return new SloEvent(SloEvent.Kind.BREACH, r, now, now);
    }
}
