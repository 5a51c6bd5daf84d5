package io.smartspec.slo.benchmarks;

import io.smartspec.slo.Priority;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.incident.DeliveryAttempt;
import io.smartspec.slo.incident.Receiver;
import io.smartspec.slo.incident.store.IncidentQuery;
import io.smartspec.slo.incident.store.IncidentStore;
import io.smartspec.slo.incident.store.Incidents;
import io.smartspec.slo.monitor.SloEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A measuring run (not JMH: each write is a durable fsync or COMMIT, milliseconds, not nanoseconds):
 * incidents opened per second (a breach of a distinct SLO each: a new journal or row) and timeline
 * entries appended per second (delivery attempts on open incidents), on 1 and on 8 threads, in the
 * store at {@code args[0]} (a directory for the journal store, or a {@code jdbc:postgresql:} URL).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.smartspec.slo.benchmarks.IncidentStoreBenchmark DIR|URL [N]</pre>
 */
public final class IncidentStoreBenchmark {

    private IncidentStoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String where = args[0];
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        try (IncidentStore store = IncidentStore.at(where)) {
            Incidents incidents = Incidents.in(store).build();
            System.out.println("store: " + store.describe());
            // warm-up: JIT, connections, directories
            run(incidents, "warmup", 200, 1, false);
            for (int threads : new int[] {1, 8}) {
                double opened = run(incidents, "open-t" + threads, n, threads, false);
                double appended = run(incidents, "open-t" + threads, n, threads, true);
                System.out.printf(Locale.ROOT, "%d thread(s): %.0f incidents opened/s, %.0f timeline entries appended/s%n",
                        threads, opened, appended);
            }
            System.out.println(store.list(IncidentQuery.all().limit(1000)).size() + " incidents listed (limit 1000)");
        }
    }

    /** n writes on `threads` threads; opens incident prefix-i, or appends a delivery attempt to it. */
    private static double run(Incidents incidents, String prefix, int n, int threads, boolean append) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            done.add(pool.submit(() -> {
                for (int i = first; i < n; i += threads) {
                    String slo = prefix + "-" + i;
                    if (append) {
                        incidents.onAttempt(new DeliveryAttempt("event-" + i, SloEvent.Kind.BREACH, "bench/" + slo,
                                "pagerduty", Receiver.Type.PAGERDUTY, 1, DeliveryAttempt.Outcome.ACCEPTED, "",
                                Instant.now()));
                    } else {
                        incidents.onEvent(breach(slo));
                    }
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static SloEvent breach(String name) {
        Slo slo = Slo.named(name).metric("latency_p99").below(Duration.ofMillis(200)).priority(Priority.P1).build();
        Instant now = Instant.now();
        SloResult r = new SloResult("bench", slo, Status.BREACHED, Optional.of(Quantity.millis(420)),
                Optional.of(Quantity.millis(-220)), "", Optional.empty(), List.of(), List.of(), now, "bench", "q");
        return new SloEvent(SloEvent.Kind.BREACH, r, now, now);
    }
}
