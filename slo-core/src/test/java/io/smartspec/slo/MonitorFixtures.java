package io.smartspec.slo;

import io.smartspec.slo.monitor.SloEvent;
import io.smartspec.slo.monitor.SloListener;
import io.smartspec.slo.source.Measurement;
import io.smartspec.slo.source.MetricQuery;
import io.smartspec.slo.source.MetricSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Virtual clock, fake source and recording listener for monitor tests. */
public final class MonitorFixtures {

    private MonitorFixtures() {
    }

    /** A clock that moves only when told to. */
    public static final class VirtualClock extends Clock {
        private volatile Instant now = Instant.parse("2026-11-22T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        public void advance(Duration d) {
            now = now.plus(d);
        }
    }

    /** A source answering each query string from a settable supplier. */
    public static final class FakeSource implements MetricSource {
        private final Map<String, Supplier<Measurement>> answers = new ConcurrentHashMap<>();
        public volatile boolean closed;

        public FakeSource set(String query, Quantity value) {
            answers.put(query, () -> Measurement.of(value));
            return this;
        }

        public FakeSource set(String query, Supplier<Measurement> answer) {
            answers.put(query, answer);
            return this;
        }

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public Measurement query(MetricQuery query) {
            Supplier<Measurement> a = answers.get(query.query());
            return a == null ? Measurement.noData("no series for " + query.query()) : a.get();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Records events; waits for them without sleeping blindly. */
    public static final class RecordingListener implements SloListener {
        public final BlockingQueue<SloEvent> events = new LinkedBlockingQueue<>();
        public volatile boolean closed;

        @Override
        public void onEvent(SloEvent event) {
            events.add(event);
        }

        public SloEvent next() {
            try {
                SloEvent e = events.poll(10, TimeUnit.SECONDS);
                if (e == null) {
                    fail("no event was delivered");
                }
                return e;
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Waits (up to 10 s) until the condition holds. */
    public static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("gave up waiting until " + what);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }

    /** One threshold SLO on query {@code latency}: below 200 ms. */
    public static SloSet latencySet(String name) {
        return SloSet.named(name)
                .slo("p99", s -> s.metric("api_latency_p99", "latency").below(Duration.ofMillis(200))
                        .priority(Priority.P1))
                .build();
    }
}
