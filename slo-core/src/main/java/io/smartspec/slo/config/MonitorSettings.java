package io.smartspec.slo.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The monitor's settings of {@code observability.yaml}, read once into typed values. Each is empty when
 * the file does not set it; {@code SloMonitor.forSpec} applies those that are set, and a builder setter
 * called after it wins.
 *
 * <pre>
 * interval: 60s              # how often the daemon evaluates (default 60s)
 * query_concurrency: 8       # SLOs evaluated at once, 1..1024 (default 8)
 * timeout: 10s               # one SLO's queries (default 5s); providers use it as their HTTP timeout too
 * breach_for: 2m             # how long a breach holds before it fires (default 0s)
 * reminder_every: 1h         # STILL_BREACHING reminders (off by default)
 * alert_when_no_data: false  # whether NO_DATA fires a breach (default false)
 * </pre>
 *
 * @param interval         the time between rounds
 * @param queryConcurrency how many SLOs of a round are evaluated at once
 * @param timeout          the timeout of one SLO's queries
 * @param breachFor        how long an SLO stays breached before a BREACH fires
 * @param reminderEvery    how often STILL_BREACHING repeats while a breach holds
 * @param alertWhenNoData  whether NO_DATA counts as a breach
 * @since 0.1.0
 */
public record MonitorSettings(Optional<Duration> interval, Optional<Integer> queryConcurrency,
                              Optional<Duration> timeout, Optional<Duration> breachFor,
                              Optional<Duration> reminderEvery, Optional<Boolean> alertWhenNoData) {

    /** The keys of {@code observability.yaml} read into these settings. */
    public static final Set<String> KEYS = ConfigSection.keys("interval", "query_concurrency", "timeout",
            "breach_for", "reminder_every", "alert_when_no_data");
    /** The largest {@code query_concurrency}. */
    public static final int MAX_QUERY_CONCURRENCY = 1024;

    public MonitorSettings {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(queryConcurrency, "queryConcurrency");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(breachFor, "breachFor");
        Objects.requireNonNull(reminderEvery, "reminderEvery");
        Objects.requireNonNull(alertWhenNoData, "alertWhenNoData");
    }

    /** No setting: every default applies. */
    public static MonitorSettings none() {
        return new MonitorSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** Reads the settings of a section (the top level of observability.yaml); bad values are its problems. */
    public static MonitorSettings read(ConfigSection s) {
        return new MonitorSettings(s.duration("interval"), s.integer("query_concurrency", 1, MAX_QUERY_CONCURRENCY),
                s.duration("timeout"), s.durationOrZero("breach_for"), s.duration("reminder_every"),
                s.bool("alert_when_no_data"));
    }
}
