package io.smartspec.slo.internal.monitor;

import io.smartspec.slo.UnitConvention;
import io.smartspec.slo.source.GroupedMeasurement;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.source.MetricSource;
import io.smartspec.slo.Slo;
import io.smartspec.slo.evaluation.SloEvaluator;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Evaluates the SLOs of a round concurrently on a bounded pool ({@code concurrency} threads), each
 * query under a timeout. Queries run on the pool thread that evaluates the SLO (no hand-off per
 * query); a watchdog on the calling thread ends an SLO whose query has run longer than its timeout
 * with an ERROR result ("timed out after 5s") and interrupts the query. A thread stuck in a query that
 * ignores interrupts is replaced (at most {@value #MAX_ABANDONED} at a time); beyond that, SLOs that
 * could not start are reported as not evaluated, so a round always ends. A round also has a deadline:
 * what has not answered by then ends in ERROR ("no answer within 15s"), so a round never takes longer
 * than its deadline, however many SLOs it holds.
 */
public final class ConcurrentEvaluator implements AutoCloseable {

    /** Threads stuck in hung queries that are replaced at most. */
    public static final int MAX_ABANDONED = 64;

    private final int concurrency;
    private final ThreadPoolExecutor pool;
    private final AtomicInteger abandoned = new AtomicInteger();
    private volatile boolean closed;

    /** One SLO to evaluate. */
    public record Job(String specId, Slo slo, MetricSource source, SloEvaluator evaluator, Duration timeout) {
    }

    public ConcurrentEvaluator(int concurrency) {
        this.concurrency = concurrency;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(concurrency, concurrency, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "slo-monitor-query-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Evaluates every job as of {@code at}; returns the results in job order. Never throws for a job. */
    public List<SloResult> evaluate(List<Job> jobs, Instant at) {
        return evaluate(jobs, at, null);
    }

    /**
     * Evaluates every job as of {@code at}, ending the jobs that have not answered within {@code deadline}
     * (from now) in ERROR; returns the results in job order. Never throws for a job.
     */
    public List<SloResult> evaluate(List<Job> jobs, Instant at, Duration deadline) {
        long startNanos = System.nanoTime();
        List<Task> tasks = new ArrayList<>(jobs.size());
        long shortest = Long.MAX_VALUE;
        for (Job job : jobs) {
            Task task = new Task(job, at);
            tasks.add(task);
            shortest = Math.min(shortest, job.timeout().toNanos());
            try {
                pool.execute(task);
            } catch (RejectedExecutionException e) {
                task.finish(error(job, at, "not evaluated: the monitor is closed", ""));
            }
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(tasks.stream().map(t -> t.result)
                .toArray(CompletableFuture[]::new));
        if (deadline != null) {
            shortest = Math.min(shortest, deadline.toNanos());
        }
        long tick = Math.max(TimeUnit.MILLISECONDS.toNanos(5), Math.min(shortest / 4, TimeUnit.MILLISECONDS.toNanos(250)));
        while (true) {
            try {
                all.get(tick, TimeUnit.NANOSECONDS);
                break;
            } catch (TimeoutException e) {
                watch(tasks, at);
                if (deadline != null && System.nanoTime() - startNanos >= deadline.toNanos()) {
                    expire(tasks, at, deadline);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                for (Task t : tasks) {
                    t.finish(error(t.job, at, "not evaluated: the round was interrupted", ""));
                }
                break;
            } catch (ExecutionException e) {
                throw new IllegalStateException(e); // tasks never complete exceptionally
            }
        }
        List<SloResult> results = new ArrayList<>(tasks.size());
        for (Task t : tasks) {
            results.addAll(t.result.join()); // a per-label SLO gives one result per instance
        }
        return results;
    }

    private void watch(List<Task> tasks, Instant at) {
        if (closed) {
            for (Task t : tasks) {
                t.finish(error(t.job, at, "not evaluated: the monitor was closed", t.currentQuery));
            }
            return;
        }
        long now = System.nanoTime();
        for (Task t : tasks) {
            if (t.result.isDone()) {
                continue;
            }
            long started = t.queryStartedNanos;
            if (started != 0 && now - started > t.job.timeout().toNanos()) {
                String query = t.currentQuery;
                if (t.finish(error(t.job, at, "timed out after " + Durations.format(t.job.timeout()) + ": "
                        + t.job.source().name() + " did not answer " + query, query))) {
                    abandon(t);
                }
            }
        }
        if (abandoned.get() >= MAX_ABANDONED) {
            for (Task t : tasks) {
                if (!t.started && !t.result.isDone()) {
                    t.finish(error(t.job, at, "not evaluated: " + abandoned.get() + " queries of this monitor "
                            + "are hung; check the metric sources", ""));
                }
            }
        }
    }

    /** The round's deadline has passed: every job still waiting or running ends in ERROR now. */
    private void expire(List<Task> tasks, Instant at, Duration deadline) {
        // which had started, seen before any is finished: finishing one frees a thread for the next
        boolean[] started = new boolean[tasks.size()];
        for (int i = 0; i < tasks.size(); i++) {
            started[i] = tasks.get(i).started;
        }
        for (int i = 0; i < tasks.size(); i++) {
            Task t = tasks.get(i);
            if (t.result.isDone()) {
                continue;
            }
            String query = t.currentQuery;
            boolean running = t.queryStartedNanos != 0;
            String what = query == null || query.isEmpty() ? "" : " (waiting for " + query + ")";
            if (t.finish(error(t.job, at, "no answer within " + Durations.format(deadline) + ", the round's "
                    + "deadline: " + t.job.source().name() + (started[i] ? " did not answer in time" + what
                    : " was busy with the other SLOs' queries"), started[i] ? query : "")) && running) {
                abandon(t);
            }
        }
    }

    private void abandon(Task t) {
        Thread thread = t.thread;
        if (thread != null && t.queryStartedNanos != 0) {
            thread.interrupt();
        }
        synchronized (this) {
            if (t.abandoned || abandoned.get() >= MAX_ABANDONED) {
                return;
            }
            t.abandoned = true;
            int size = concurrency + abandoned.incrementAndGet();
            pool.setMaximumPoolSize(size);
            pool.setCorePoolSize(size);
        }
    }

    private synchronized void release() {
        int size = concurrency + abandoned.decrementAndGet();
        pool.setCorePoolSize(size);
        pool.setMaximumPoolSize(size);
    }

    private static SloResult error(Job job, Instant at, String detail, String query) {
        return SloResult.unknown(job.specId(), job.slo(), Status.ERROR, detail, at, job.source().name(),
                query == null ? "" : query);
    }

    /** Threads currently stuck in queries that timed out. */
    public int abandonedThreads() {
        return abandoned.get();
    }

    @Override
    public void close() {
        closed = true;
        pool.shutdownNow();
    }

    private final class Task implements Runnable {
        final Job job;
        final Instant at;
        final CompletableFuture<List<SloResult>> result = new CompletableFuture<>();
        volatile long queryStartedNanos;
        volatile String currentQuery = "";
        volatile Thread thread;
        volatile boolean started;
        boolean abandoned; // guarded by ConcurrentEvaluator.this

        Task(Job job, Instant at) {
            this.job = job;
            this.at = at;
        }

        boolean finish(SloResult r) {
            return result.complete(List.of(r));
        }

        @Override
        public void run() {
            started = true;
            if (result.isDone()) {
                return;
            }
            thread = Thread.currentThread();
            try {
                result.complete(job.evaluator().evaluateAll(job.specId(), job.slo(), new Watched(), at));
            } catch (RuntimeException | Error e) {
                finish(error(job, at, "evaluation failed: " + e, currentQuery));
            } finally {
                thread = null;
                boolean wasAbandoned;
                synchronized (ConcurrentEvaluator.this) {
                    wasAbandoned = abandoned;
                }
                if (wasAbandoned) {
                    release();
                }
                Thread.interrupted(); // never leak an interrupt into the next task
            }
        }

        /** The job's source, with the start of each query visible to the watchdog. */
        private final class Watched implements MetricSource {
            @Override
            public String name() {
                return job.source().name();
            }

            @Override
            public Measurement query(MetricQuery query) {
                if (result.isDone()) {
                    return Measurement.failed("abandoned after a timeout");
                }
                currentQuery = query.query();
                queryStartedNanos = System.nanoTime();
                try {
                    return job.source().query(query);
                } finally {
                    queryStartedNanos = 0;
                }
            }

            @Override
            public GroupedMeasurement queryGrouped(MetricQuery query, List<String> labels) {
                if (result.isDone()) {
                    return GroupedMeasurement.whole(Measurement.failed("abandoned after a timeout"));
                }
                currentQuery = query.query();
                queryStartedNanos = System.nanoTime();
                try {
                    return job.source().queryGrouped(query, labels);
                } finally {
                    queryStartedNanos = 0;
                }
            }

            @Override
            public boolean supportsPastInstants() {
                return job.source().supportsPastInstants();
            }

            @Override
            public boolean countsPastIntervals() {
                return job.source().countsPastIntervals();
            }
    
            @Override
            public void observe(io.smartspec.slo.MaintenanceCalendar maintenance) {
                job.source().observe(maintenance);
            }

            @Override
            public UnitConvention unitConvention() {
                return job.source().unitConvention();
            }
        }
    }
}
