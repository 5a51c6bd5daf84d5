/**
 * Loading a service spec: {@link io.smartspec.slo.spec.SpecLoader} reads the NFR table of a
 * {@code spec.md} ({@link io.smartspec.slo.spec.NfrTable}, parsed by {@code internal.spec.NfrParser})
 * and binds it to the {@code observability.yaml} beside it into a {@link io.smartspec.slo.spec.LoadedSpec}.
 *
 * @since 0.1.0
 */
package io.smartspec.slo.spec;
