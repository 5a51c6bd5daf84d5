package io.smartspec.slo.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class MeasuredRunnerTest {

    /** A clock that makes invocation i take exactly samples[i] nanoseconds. */
    private static LongSupplier replaying(long[] samples) {
        return new LongSupplier() {
            private long now = 1_000_000;
            private int calls;

            @Override
            public long getAsLong() {
                long t = now;
                if (calls % 2 == 0) {
                    now += samples[calls / 2];
                } else {
                    now += 17;
                }
                calls++;
                return t;
            }
        };
    }

    /** Long-tailed latencies: lognormal around 2 ms with a few multi-second outliers. */
    private static long[] latencies(int n, long seed) {
        Random random = new Random(seed);
        long[] samples = new long[n];
        for (int i = 0; i < n; i++) {
            double ms = Math.exp(Math.log(2) + 0.9 * random.nextGaussian());
            if (random.nextInt(2000) == 0) {
                ms *= 1000;
            }
            samples[i] = Math.max(1, (long) (ms * 1_000_000));
        }
        return samples;
    }

    /** The exact nearest-rank percentile: the smallest sample with at least p% of samples at or below it. */
    private static long exactPercentile(long[] sorted, double percentile) {
        long rank = (long) Math.ceil(Math.nextDown(percentile) / 100.0 * sorted.length);
        return sorted[(int) Math.max(1, Math.min(rank, sorted.length)) - 1];
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void percentilesAreWithinOneThousandthOfTheExactPercentileOfTheSameSamplesAndNeverBelowIt(long seed)
            throws Throwable {
        // given
        long[] samples = latencies(50_000, seed);
        long[] sorted = samples.clone();
        Arrays.sort(sorted);

        // when
        MeasuredRun run = MeasuredRunner.run(() -> { }, 0, samples.length, 1, replaying(samples));

        // then
        assertThat(run.latencies().getTotalCount()).isEqualTo(samples.length);
        for (MeasuredSlos.Statistic s : MeasuredSlos.Statistic.values()) {
            long exact = exactPercentile(sorted, s.percentile());
            long reported = s == MeasuredSlos.Statistic.MAX ? run.maxNanos() : run.percentileNanos(s.percentile());
            assertThat(reported).as("%s: exact %d ns", s.label(), exact)
                    .isGreaterThanOrEqualTo(exact)
                    .isLessThanOrEqualTo(exact + exact / 1000);
        }
    }

    @Test
    void warmUpInvocationsAreNotRecorded() throws Throwable {
        // given
        long[] samples = new long[15];
        Arrays.fill(samples, 0, 5, 9_000_000_000L);
        Arrays.fill(samples, 5, 15, 1_000);

        // when
        MeasuredRun run = MeasuredRunner.run(() -> { }, 5, 10, 1, replaying(samples));

        // then
        assertThat(run.invocations()).isEqualTo(10);
        assertThat(run.latencies().getTotalCount()).isEqualTo(10);
        assertThat(run.maxNanos()).isLessThan(1_002);
    }

    @Test
    void exceptionsAreCountedAndTheirLatencyRecorded() throws Throwable {
        // given
        AtomicInteger calls = new AtomicInteger();

        // when
        MeasuredRun run = MeasuredRunner.run(() -> {
            int n = calls.incrementAndGet();
            if (n % 5 == 0) {
                throw new IllegalStateException("fifth " + n);
            }
            if (n % 7 == 0) {
                throw new java.io.IOException("seventh");
            }
        }, 0, 35, 1);

        // then
        assertThat(run.invocations()).isEqualTo(35);
        assertThat(run.latencies().getTotalCount()).isEqualTo(35);
        assertThat(run.errors()).isEqualTo(11);
        assertThat(run.errorRate()).isEqualTo(11 / 35.0);
        assertThat(run.errorCounts()).containsEntry("java.lang.IllegalStateException", 7L)
                .containsEntry("java.io.IOException", 4L);
        assertThat(run.firstErrors()).hasSize(MeasuredRunner.KEPT_ERRORS);
        assertThat(run.firstErrors().get(0)).hasMessage("fifth 5");
    }

    @Test
    void threadsShareTheInvocationsAndEverySampleIsMerged() throws Throwable {
        // given
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger calls = new AtomicInteger();

        // when
        MeasuredRun run = MeasuredRunner.run(() -> {
            int call = calls.incrementAndGet();
            threads.add(Thread.currentThread().getName());
            if (call % 10 == 0) {
                throw new IllegalStateException("tenth");
            }
        }, 12, 1001, 3);

        // then
        assertThat(calls).hasValue(1013);
        assertThat(threads).hasSize(3);
        assertThat(run.invocations()).isEqualTo(1001);
        assertThat(run.latencies().getTotalCount()).isEqualTo(1001);
        assertThat(run.threads()).isEqualTo(3);
        // then: calls 1..12 warm up (call 10 throws, not counted); of 13..1013, the 100 multiples of 10 throw
        assertThat(run.errors()).isEqualTo(100);
    }

    @Test
    void anAbortedInvocationStopsTheRunOnAnyThread() {
        // given
        AtomicInteger calls = new AtomicInteger();

        // then
        assertThatThrownBy(() -> MeasuredRunner.run(() -> {
            if (calls.incrementAndGet() == 3) {
                throw new TestAbortedException("no database");
            }
        }, 0, 100, 2)).isInstanceOf(TestAbortedException.class).hasMessage("no database");
    }
}
