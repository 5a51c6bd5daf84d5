package io.smartspec.slo.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Asserts service level objectives in a test, in one of two forms (or both).
 *
 * <p><b>Measured</b>: the test body is run {@link #invocations()} times (after {@link #warmup()}
 * runs that are not counted) on {@link #threads()} threads; every run's latency is recorded in an
 * HdrHistogram (3 significant digits: percentiles within 0.1% of the exact value, never below it)
 * and every exception is counted as an error. The objectives {@link #p50()} ... {@link #max()} and
 * {@link #errorRate()} are then checked, all at once:
 *
 * <pre>{@code
 * @Test
 * @SloCheck(name = "checkout", invocations = 1000, warmup = 100, threads = 4, p99 = "200ms", errorRate = "0.1%")
 * void checkout() {
 *     client.checkout(cart);
 * }
 * }</pre>
 *
 * A breach fails the test with one message that lists every violated objective:
 * {@code Expecting p99 latency of checkout: 213.4 ms to be < 200 ms (over by 13.4 ms)}.
 *
 * <p><b>Spec-driven</b>: with {@link #spec()}, the NFR table of a {@code spec.md} (bound by its
 * {@code observability.yaml}) is evaluated after the test — or, on a class, after all its tests —
 * against the metrics the code under test recorded in Micrometer: a {@code MeterRegistry} parameter
 * of the test (this extension supplies a fresh {@code SimpleMeterRegistry} to any test that asks for
 * one), a {@code MeterRegistry} field of the test instance, or else {@code Metrics.globalRegistry}.
 * When the configuration names another provider (prometheus, datadog), that provider is asked.
 *
 * <p>On a class, the annotation applies to every test method that does not carry its own. Results
 * are published as JUnit report entries and written as JSON under {@code target/slo-reports/}
 * (configuration parameter {@value #REPORTS_DIR_PARAMETER} changes the directory). Bad attribute
 * values fail with an {@link org.junit.jupiter.api.extension.ExtensionConfigurationException} that
 * names the attribute and the value.
 *
 * @since 0.1.0
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(SloCheckExtension.class)
public @interface SloCheck {

    /** The JUnit configuration parameter (or system property) naming the JSON reports directory. */
    String REPORTS_DIR_PARAMETER = "smartspec.slo.reports.dir";

    /** The default directory of the JSON reports, relative to the working directory. */
    String DEFAULT_REPORTS_DIR = "target/slo-reports";

    /** What is measured, in messages and reports; the test method's name when empty. */
    String name() default "";

    /** Measured runs of the test body (at least 1). Used by the measured form. */
    int invocations() default 100;

    /** Runs before measuring that are not counted (at least 0). */
    int warmup() default 0;

    /**
     * Threads that share the invocations (at least 1); 1 runs on the test's own thread. With more,
     * the same test instance and arguments are used by every thread at once: the body must be
     * thread-safe. Each thread records into its own histogram; they are added at the end.
     */
    int threads() default 1;

    /** Median latency bound: {@code "50ms"} (read as {@code < 50 ms}) or with an operator, {@code "<= 50ms"}. */
    String p50() default "";

    /** 90th percentile latency bound, e.g. {@code "150ms"}. */
    String p90() default "";

    /** 95th percentile latency bound, e.g. {@code "180ms"}. */
    String p95() default "";

    /** 99th percentile latency bound, e.g. {@code "200ms"}. */
    String p99() default "";

    /** 99.9th percentile latency bound, e.g. {@code "500ms"}. */
    String p999() default "";

    /** Bound on the slowest invocation, e.g. {@code "1s"}. */
    String max() default "";

    /**
     * The share of invocations allowed to throw: {@code "0.1%"} (read as {@code <= 0.1 %}). When
     * empty, no invocation may throw.
     */
    String errorRate() default "";

    /** A {@code spec.md} whose NFRs are evaluated after the test (spec-driven form), relative to the working directory. */
    String spec() default "";

    /** The {@code observability.yaml} that binds the spec's metrics; {@code observability.yaml} beside the spec when empty. */
    String config() default "";

    /** The names of the spec's SLOs to check; all when empty. */
    String[] slos() default {};

    /** Whether an SLO of the spec without data (nothing recorded) fails the test. */
    boolean failOnNoData() default true;
}
