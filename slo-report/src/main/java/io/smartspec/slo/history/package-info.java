/**
 * SLO history: {@link io.smartspec.slo.history.SloHistory} keeps every monitor round of a spec in
 * daily JSON Lines files ({@link io.smartspec.slo.history.HistorySample} per SLO, described once by
 * {@link io.smartspec.slo.history.SloInfo}), compacts old days, and reads a period back as a
 * {@link io.smartspec.slo.history.HistoryReading} for reports.
 *
 * @since 0.1.0
 */
package io.smartspec.slo.history;
