/**
 * SmartSpec SLO for Datadog: a {@link io.smartspec.slo.source.MetricSource} over Datadog's metrics API
 * ({@code GET /api/v1/query}) and SLO history API ({@code GET /api/v1/slo/{id}/history}), found by
 * {@link java.util.ServiceLoader} as {@code provider: datadog}.
 *
 * <pre>{@code
 * DatadogSource source = DatadogSource.using(DatadogConfig.custom()
 *     .site("datadoghq.eu")
 *     .apiKey(Secret.of(System.getenv("DATADOG_API_KEY"), "env DATADOG_API_KEY"))
 *     .appKey(Secret.of(System.getenv("DATADOG_APP_KEY"), "env DATADOG_APP_KEY"))
 *     .build());
 * EvaluationRound round = SloEvaluator.withDefaults().evaluate(slos, source, Instant.now());
 * }</pre>
 *
 * @since 0.1.0
 */
package io.smartspec.slo.datadog;
