package io.smartspec.slo.monitor;

import io.smartspec.slo.Quantity;
import io.smartspec.slo.Windows;
import io.smartspec.slo.evaluation.SloResult;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Objects;

/**
 * Logs each event as one readable line through {@link System.Logger} (which goes to
 * java.util.logging, or to SLF4J/Log4j when a bridge is on the class path):
 *
 * <pre>
 * SLO BREACHED [P1] checkout/p99-latency: api_latency_p99 = 213.4 ms, objective &lt; 200 ms (over by 13.4 ms) since 2026-11-22T10:00:00Z (5m); source micrometer; query http.server.requests{uri=/checkout} p99
 * </pre>
 * Breaches and reminders of paging priorities (P0, P1) log at ERROR, others at WARNING; recoveries at
 * INFO. Events carry no secrets, and neither do the lines.
 *
 * @since 0.1.0
 */
public final class LoggingListener implements SloListener {

    /** The logger used by {@link #create()}. */
    public static final String LOGGER_NAME = "io.smartspec.slo.events";

    private final Logger logger;

    private LoggingListener(Logger logger) {
        this.logger = Objects.requireNonNull(logger, "logger");
    }

    /** Logs to {@value #LOGGER_NAME}. */
    public static LoggingListener create() {
        return new LoggingListener(System.getLogger(LOGGER_NAME));
    }

    /** Logs to the given logger. */
    public static LoggingListener to(Logger logger) {
        return new LoggingListener(logger);
    }

    @Override
    public void onEvent(SloEvent event) {
        Level level = level(event);
        if (logger.isLoggable(level)) {
            logger.log(level, format(event));
        }
    }

    /** The level an event is logged at. */
    public static Level level(SloEvent event) {
        return switch (event.kind()) {
            case RECOVERY -> Level.INFO;
            case BREACH, STILL_BREACHING -> event.priority().pages() ? Level.ERROR : Level.WARNING;
        };
    }

    /** The line logged for an event. */
    public static String format(SloEvent event) {
        SloResult r = event.result();
        StringBuilder s = new StringBuilder("SLO ");
        s.append(switch (event.kind()) {
            case BREACH -> "BREACHED";
            case RECOVERY -> "RECOVERED";
            case STILL_BREACHING -> "STILL BREACHED";
        });
        s.append(" [").append(event.priority()).append("] ").append(event.dedupKey()).append(": ");
        if (r.observed().isPresent()) {
            s.append(r.slo().metric()).append(" = ").append(r.observed().get()).append(", objective ")
                    .append(r.slo().objective());
            r.marginInWords().ifPresent(m -> s.append(" (").append(m).append(")"));
        } else {
            s.append(r.slo().metric()).append(" is ").append(r.status()).append(", objective ")
                    .append(r.slo().objective());
        }
        r.window().filter(w -> r.slo().window().isPresent()).ifPresent(w -> s.append(" over ").append(w));
        r.slo().timeslices().ifPresent(t -> s.append(" (").append(t.describe(r.slo().metric())).append(")"));
        if (!r.detail().isEmpty()) {
            s.append("; ").append(r.detail());
        }
        r.errorBudget().ifPresent(b -> s.append("; ").append(Quantity.formatNumber(b.remaining() * 100))
                .append("% of the error budget left"));
        r.fastestBurn().ifPresent(b -> s.append("; burn rate ").append(b));
        s.append(event.kind() == SloEvent.Kind.RECOVERY ? "; breached from " : "; since ").append(event.since());
        s.append(" (").append(io.smartspec.slo.internal.monitor.Durations.format(event.duration())).append(")");
        s.append("; source ").append(r.source());
        if (!r.query().isEmpty()) {
            s.append("; query ").append(r.query());
        }
        return s.toString();
    }
}
