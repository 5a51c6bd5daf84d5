package io.smartspec.slo.junit.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import org.HdrHistogram.Histogram;
import org.opentest4j.TestAbortedException;

/**
 * Runs a body repeatedly and records each run's latency. With one thread the body runs on the
 * caller's thread; with more, each thread records into its own histogram (no contention, no lost
 * samples) and the histograms are added once all threads are done.
 */
public final class MeasuredRunner {

    /** Significant digits of the latency histograms: values within 0.1%. */
    public static final int SIGNIFICANT_DIGITS = 3;

    /** How many distinct exceptions are kept to be shown. */
    public static final int KEPT_ERRORS = 5;

    /** The body of a test: one invocation. */
    @FunctionalInterface
    public interface Body {
        void run() throws Throwable;
    }

    private MeasuredRunner() {
    }

    /**
     * Runs {@code warmup} uncounted and then {@code invocations} counted invocations of the body,
     * shared by {@code threads} threads.
     *
     * @throws TestAbortedException when the body aborts (a failed assumption): nothing is measured
     */
    public static MeasuredRun run(Body body, int warmup, int invocations, int threads) throws Throwable {
        return run(body, warmup, invocations, threads, System::nanoTime);
    }

    /**
     * As {@link #run(Body, int, int, int)}, timing each invocation with {@code clock} (nanoseconds),
     * read once before and once after each invocation.
     */
    public static MeasuredRun run(Body body, int warmup, int invocations, int threads, LongSupplier clock)
            throws Throwable {
        if (threads <= 1) {
            Recording r = new Recording(clock);
            r.loop(body, warmup, false);
            long start = System.nanoTime();
            r.loop(body, invocations, true);
            long wall = System.nanoTime() - start;
            return r.toRun(warmup, 1, wall);
        }
        return runConcurrently(body, warmup, invocations, threads, clock);
    }

    private static MeasuredRun runConcurrently(Body body, int warmup, int invocations, int threads,
                                               LongSupplier clock) throws Throwable {
        ExecutorService pool = Executors.newFixedThreadPool(threads, named());
        try {
            List<Recording> recordings = new ArrayList<>();
            List<Future<?>> futures = new ArrayList<>();
            CountDownLatch warm = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                int share = invocations / threads + (t < invocations % threads ? 1 : 0);
                int warmShare = warmup / threads + (t < warmup % threads ? 1 : 0);
                Recording r = new Recording(clock);
                recordings.add(r);
                futures.add(pool.submit(() -> {
                    try {
                        try {
                            r.loop(body, warmShare, false);
                        } finally {
                            warm.countDown();
                        }
                        go.await();
                        r.loop(body, share, true);
                        return null;
                    } catch (Throwable thrown) {
                        throw new Carrier(thrown);
                    }
                }));
            }
            warm.await();
            long start = System.nanoTime();
            go.countDown();
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Carrier c ? c.getCause() : e.getCause();
                }
            }
            long wall = System.nanoTime() - start;
            Recording all = new Recording(clock);
            for (Recording r : recordings) {
                all.add(r);
            }
            return all.toRun(warmup, threads, wall);
        } finally {
            pool.shutdownNow();
        }
    }

    private static java.util.concurrent.ThreadFactory named() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "slo-check-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Carries what a worker thread threw (aborts, VM errors) to the caller. */
    private static final class Carrier extends Exception {
        private static final long serialVersionUID = 1L;

        Carrier(Throwable cause) {
            super(cause);
        }
    }

    /** One thread's samples. */
    private static final class Recording {
        private final Histogram histogram = new Histogram(SIGNIFICANT_DIGITS);
        private long invocations;
        private long errors;
        private final List<Throwable> firstErrors = new ArrayList<>();
        private final Map<String, Long> errorCounts = new LinkedHashMap<>();
        private final LongSupplier clock;

        Recording(LongSupplier clock) {
            this.clock = clock;
        }

        void loop(Body body, int times, boolean counted) throws Throwable {
            Histogram h = histogram;
            LongSupplier clock = this.clock;
            for (int i = 0; i < times; i++) {
                long start = clock.getAsLong();
                Throwable failure = null;
                try {
                    body.run();
                } catch (Throwable t) {
                    failure = t;
                }
                long nanos = clock.getAsLong() - start;
                if (failure != null) {
                    if (failure instanceof TestAbortedException || failure instanceof VirtualMachineError) {
                        throw failure;
                    }
                    if (counted) {
                        error(failure);
                    }
                }
                if (counted) {
                    h.recordValue(nanos < 0 ? 0 : nanos);
                }
            }
            if (counted) {
                invocations += times;
            }
        }

        private void error(Throwable failure) {
            errors++;
            String type = failure.getClass().getName();
            errorCounts.merge(type, 1L, Long::sum);
            if (firstErrors.size() < KEPT_ERRORS && firstErrors.stream().noneMatch(e -> same(e, failure))) {
                firstErrors.add(failure);
            }
        }

        private static boolean same(Throwable a, Throwable b) {
            return a.getClass() == b.getClass() && java.util.Objects.equals(a.getMessage(), b.getMessage());
        }

        void add(Recording other) {
            histogram.add(other.histogram);
            invocations += other.invocations;
            errors += other.errors;
            for (Throwable t : other.firstErrors) {
                if (firstErrors.size() < KEPT_ERRORS && firstErrors.stream().noneMatch(e -> same(e, t))) {
                    firstErrors.add(t);
                }
            }
            other.errorCounts.forEach((k, v) -> errorCounts.merge(k, v, Long::sum));
        }

        MeasuredRun toRun(int warmup, int threads, long wallNanos) {
            return new MeasuredRun(histogram, invocations, errors, firstErrors, errorCounts, warmup, threads,
                    Duration.ofNanos(wallNanos));
        }
    }
}
