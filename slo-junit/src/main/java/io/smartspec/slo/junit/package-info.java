/**
 * SLOs asserted in tests.
 *
 * <p>{@link io.smartspec.slo.junit.SloCheck @SloCheck} runs a test body repeatedly and checks its
 * latency percentiles and error rate, or evaluates the NFRs of a {@code spec.md} against the metrics
 * the test recorded:
 *
 * <pre>{@code
 * @Test
 * @SloCheck(name = "checkout", invocations = 1000, warmup = 100, p99 = "200ms", errorRate = "0.1%")
 * void checkout() { client.checkout(cart); }
 *
 * @Test
 * @SloCheck(spec = "src/test/resources/checkout/spec.md")
 * void checkoutUnderLoad(MeterRegistry registry) { new CheckoutService(registry).run(load); }
 * }</pre>
 *
 * {@link io.smartspec.slo.junit.SloAssertions} gives AssertJ assertions on evaluation results:
 *
 * <pre>{@code
 * SloAssertions.assertThat(registry, slos).hasNoBreaches().hasErrorBudgetRemainingAtLeast(percent(50));
 * }</pre>
 *
 * <p>{@link io.smartspec.slo.junit.MetricSourceContract} is the contract test every
 * {@link io.smartspec.slo.source.MetricSource} passes: a provider subclasses it in a few lines.
 *
 * @since 0.1.0
 */
package io.smartspec.slo.junit;
