package io.smartspec.slo.junit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * Fixture classes for {@link SloCheckMeasuredTest}: run only through the EngineTestKit (the name
 * does not end in Test, so surefire does not pick them up).
 */
class MeasuredTestCases {

    /** How often each fixture's body ran, reset by the tests. */
    static final AtomicInteger CALLS = new AtomicInteger();
    static final Set<String> THREADS = ConcurrentHashMap.newKeySet();

    static void reset() {
        CALLS.set(0);
        THREADS.clear();
    }

    static class Passing {
        @Test
        @SloCheck(name = "fast", invocations = 50, p50 = "10s", p99 = "10s", max = "20s", errorRate = "0%")
        void fast() {
            CALLS.incrementAndGet();
        }
    }

    static class Breaching {
        @Test
        @SloCheck(name = "checkout", invocations = 5, p50 = "1ns", p99 = "1ns", p95 = "10s")
        void slow() throws InterruptedException {
            CALLS.incrementAndGet();
            Thread.sleep(1);
        }
    }

    static class Throwing {
        @Test
        @SloCheck(name = "payment", invocations = 20, errorRate = "10%", p99 = "10s")
        void everyFourthFails() {
            if (CALLS.incrementAndGet() % 4 == 0) {
                throw new IllegalStateException("card declined #" + CALLS.get() / 4);
            }
        }
    }

    static class ThrowingWithoutErrorRate {
        @Test
        @SloCheck(invocations = 3)
        void alwaysFails() {
            CALLS.incrementAndGet();
            throw new IllegalArgumentException("boom");
        }
    }

    static class WarmupNotCounted {
        @Test
        @SloCheck(warmup = 7, invocations = 13)
        void failsOnlyWhileWarmingUp() {
            if (CALLS.incrementAndGet() <= 7) {
                throw new IllegalStateException("cold");
            }
        }
    }

    static class Concurrent {
        @Test
        @SloCheck(invocations = 100, threads = 4, warmup = 8, p99 = "10s")
        void onFourThreads() {
            CALLS.incrementAndGet();
            THREADS.add(Thread.currentThread().getName());
        }
    }

    static class WithParameter {
        @Test
        @SloCheck(invocations = 4)
        void usesTestInfo(org.junit.jupiter.api.TestInfo info) {
            if (info.getTestMethod().isPresent()) {
                CALLS.incrementAndGet();
            }
        }
    }

    @SloCheck(invocations = 3, p99 = "10s")
    static class ClassLevel {
        @Test
        void inheritsTheClassAnnotation() {
            CALLS.incrementAndGet();
        }

        @Test
        @SloCheck(invocations = 5)
        void overridesIt() {
            CALLS.addAndGet(100);
        }
    }

    static class Aborted {
        @Test
        @SloCheck(invocations = 10)
        void assumptionFails() {
            CALLS.incrementAndGet();
            assumeTrue(false, "not on this machine");
        }
    }

    static class Misconfigured {
        @Test
        @SloCheck(invocations = -5, p99 = "200 parsecs", errorRate = "5 ms")
        void badAttributes() {
            CALLS.incrementAndGet();
        }
    }

    static class OneBadAttribute {
        @Test
        @SloCheck(threads = 0)
        void noThreads() {
            CALLS.incrementAndGet();
        }
    }

    static class MissingSpec {
        @Test
        @SloCheck(spec = "src/test/resources/no-such-spec.md")
        void specIsMissing() {
            CALLS.incrementAndGet();
        }
    }

    @SloCheck(p99 = "fast")
    static class MisconfiguredClass {
        @Test
        void neverRuns() {
            CALLS.incrementAndGet();
        }
    }

    static class Parameterized {
        @org.junit.jupiter.params.ParameterizedTest
        @org.junit.jupiter.params.provider.ValueSource(ints = {1, 10})
        @SloCheck(invocations = 3)
        void perArgument(int weight) {
            CALLS.addAndGet(weight);
        }
    }

    @SloCheck(invocations = 4)
    static class Outer {
        @org.junit.jupiter.api.Nested
        class Inner {
            @Test
            void inheritsTheEnclosingClassAnnotation() {
                CALLS.incrementAndGet();
            }
        }
    }
}
