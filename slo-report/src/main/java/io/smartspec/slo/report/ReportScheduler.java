package io.smartspec.slo.report;

import io.smartspec.slo.history.SloHistory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.evaluation.SloResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes the daily report after midnight in its zone, the weekly one on Monday and the monthly one on
 * the 1st, each once per sink, even across restarts: what was delivered is remembered in a small JSON
 * state file (by default {@code .reports-state.json} in the history's directory). Only the last complete
 * period of each kind is written, and only when the history has data from before its end. A sink that
 * fails is retried at the next check; a failure never reaches the caller. Reports are built on the
 * calling thread (the monitor's, when used as an {@code onRound} consumer); a monthly report of 50 SLOs
 * takes about a second.
 *
 * <pre>{@code
 * ReportScheduler reports = ReportScheduler.builder(history)
 *     .zone(ZoneId.of("Europe/Berlin"))
 *     .sink(ReportSink.directory(Path.of("reports")))
 *     .sink(ReportSink.webhook(URI.create("http://127.0.0.1:8080/feedback")))
 *     .build();
 * SloMonitor.builder()...onRound(history::append).onRound(reports)...   // checks after each round
 * reports.start(executor, Duration.ofMinutes(5));                          // or on its own
 * }</pre>
 *
 * @since 0.1.0
 */
public final class ReportScheduler implements Consumer<EvaluationRound> {

    private static final System.Logger LOG = System.getLogger(ReportScheduler.class.getName());
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * What happened to one report at one sink.
     *
     * @param specId the spec
     * @param period the period
     * @param sink   the sink's name
     * @param error  empty when delivered, else why not
     */
    public record Delivery(String specId, ReportPeriod period, String sink, String error) {
        public boolean delivered() {
            return error.isEmpty();
        }
    }

    private final SloHistory history;
    private final ZoneId zone;
    private final List<ReportSink> sinks;
    private final Set<ReportPeriod.Kind> kinds;
    private final Path stateFile;
    private final Clock clock;
    private final Quantity thresholdCompliance;
    private final io.smartspec.slo.MaintenanceCalendar maintenance;
    /** "spec|KIND|sink" -> the label of the last period delivered. */
    private final Map<String, String> delivered;

    private ReportScheduler(Builder b) {
        this.history = b.history;
        this.zone = b.zone;
        this.sinks = List.copyOf(b.sinks);
        this.kinds = EnumSet.copyOf(b.kinds);
        this.stateFile = b.stateFile != null ? b.stateFile : history.directory().resolve(".reports-state.json");
        this.clock = b.clock;
        this.thresholdCompliance = b.thresholdCompliance;
        this.maintenance = b.maintenance;
        this.delivered = readState(stateFile);
    }

    public static Builder builder(SloHistory history) {
        return new Builder(history);
    }

    /** Checks after a monitor round whether a report of its specs is due. Never throws. */
    @Override
    public void accept(EvaluationRound round) {
        Set<String> specs = new LinkedHashSet<>();
        for (SloResult r : round.results()) {
            specs.add(r.specId());
        }
        try {
            runDue(round.evaluatedAt(), specs);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "report scheduler failed: " + e);
        }
    }

    /** Writes every report due at {@code now} for every spec with a history. */
    public synchronized List<Delivery> runDue(Instant now) {
        return runDue(now, new LinkedHashSet<>(history.specIds()));
    }

    private synchronized List<Delivery> runDue(Instant now, Set<String> specs) {
        List<Delivery> out = new ArrayList<>();
        for (String spec : specs) {
            for (ReportPeriod.Kind kind : kinds) {
                ReportPeriod period = ReportPeriod.lastComplete(kind, zone, now);
                List<ReportSink> pending = sinks.stream()
                        .filter(s -> !period.label().equals(delivered.get(key(spec, kind, s)))).toList();
                if (pending.isEmpty() || !history.hasDataBefore(spec, period.to().minusNanos(1))) {
                    continue;
                }
                SloReport report;
                try {
                    report = SloReport.forSpec(spec).over(period).from(history).maintenance(maintenance)
                            .thresholdCompliance(thresholdCompliance).clock(Clock.fixed(now, zone)).build();
                } catch (RuntimeException e) {
                    pending.forEach(s -> out.add(new Delivery(spec, period, s.name(), "cannot build: " + e)));
                    continue;
                }
                for (ReportSink sink : pending) {
                    try {
                        sink.deliver(report);
                        delivered.put(key(spec, kind, sink), period.label());
                        writeState();
                        out.add(new Delivery(spec, period, sink.name(), ""));
                        LOG.log(System.Logger.Level.INFO, "delivered the " + period + " SLO report of '" + spec
                                + "' to " + sink.name());
                    } catch (IOException | RuntimeException e) {
                        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                        out.add(new Delivery(spec, period, sink.name(), why));
                        LOG.log(System.Logger.Level.WARNING, "cannot deliver the " + period + " SLO report of '"
                                + spec + "' to " + sink.name() + ": " + why + "; will retry at the next check");
                    }
                }
            }
        }
        return out;
    }

    /** Checks every {@code every} on the executor, with the builder's clock. */
    public ScheduledFuture<?> start(ScheduledExecutorService executor, Duration every) {
        return executor.scheduleWithFixedDelay(() -> {
            try {
                runDue(clock.instant());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "report scheduler failed: " + e);
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String key(String spec, ReportPeriod.Kind kind, ReportSink sink) {
        return spec + "|" + kind + "|" + sink.name();
    }

    private static Map<String, String> readState(Path file) {
        Map<String, String> state = new TreeMap<>();
        if (!Files.exists(file)) {
            return state;
        }
        try {
            MAPPER.readTree(file.toFile()).path("delivered").fields()
                    .forEachRemaining(e -> state.put(e.getKey(), e.getValue().asText()));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read the report state " + file + " (" + e.getMessage()
                    + "); reports of the last complete periods will be written again");
        }
        return state;
    }

    private void writeState() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", 1);
        ObjectNode d = root.putObject("delivered");
        delivered.forEach(d::put);
        try {
            Files.createDirectories(stateFile.toAbsolutePath().getParent());
            Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
            MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
            try {
                Files.move(tmp, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report state " + stateFile + ": " + e.getMessage(), e);
        }
    }

    /** Builds a {@link ReportScheduler}; at least one sink is required. */
    public static final class Builder {
        private final SloHistory history;
        private ZoneId zone = ZoneId.systemDefault();
        private final List<ReportSink> sinks = new ArrayList<>();
        private Set<ReportPeriod.Kind> kinds = EnumSet.of(ReportPeriod.Kind.DAILY, ReportPeriod.Kind.WEEKLY,
                ReportPeriod.Kind.MONTHLY);
        private Path stateFile;
        private Clock clock = Clock.systemUTC();
        private Quantity thresholdCompliance = Quantity.percent(SloReport.DEFAULT_THRESHOLD_COMPLIANCE * 100);
        private io.smartspec.slo.MaintenanceCalendar maintenance = io.smartspec.slo.MaintenanceCalendar.create();

        private Builder(SloHistory history) {
            this.history = Objects.requireNonNull(history, "history");
        }

        /** The zone whose midnight, Monday and 1st start the periods (default: the system zone). */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        public Builder sink(ReportSink sink) {
            sinks.add(Objects.requireNonNull(sink, "sink"));
            return this;
        }

        /** Which reports to write (default daily, weekly and monthly). */
        public Builder kinds(ReportPeriod.Kind first, ReportPeriod.Kind... more) {
            EnumSet<ReportPeriod.Kind> k = EnumSet.of(first, more);
            if (k.contains(ReportPeriod.Kind.CUSTOM)) {
                throw new IllegalArgumentException("kinds: CUSTOM cannot be scheduled; expected DAILY, WEEKLY or MONTHLY");
            }
            this.kinds = k;
            return this;
        }

        /** Where to remember what was delivered (default {@code .reports-state.json} in the history). */
        public Builder stateFile(Path stateFile) {
            this.stateFile = Objects.requireNonNull(stateFile, "stateFile");
            return this;
        }

        /** The clock of {@link #start}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder thresholdCompliance(Quantity share) {
            this.thresholdCompliance = Objects.requireNonNull(share, "share");
            return this;
        }

        /** The maintenance windows the reports show (e.g. the monitor's, {@code SloMonitor.maintenance()}). */
        public Builder maintenance(io.smartspec.slo.MaintenanceCalendar calendar) {
            this.maintenance = Objects.requireNonNull(calendar, "calendar");
            return this;
        }

        public ReportScheduler build() {
            if (sinks.isEmpty()) {
                throw new IllegalStateException("report scheduler: no sink; add sink(ReportSink.directory(...)) "
                        + "or sink(ReportSink.webhook(...))");
            }
            return new ReportScheduler(this);
        }
    }
}
