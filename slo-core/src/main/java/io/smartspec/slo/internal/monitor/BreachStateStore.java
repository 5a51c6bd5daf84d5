package io.smartspec.slo.internal.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartspec.slo.Budgeting;
import io.smartspec.slo.Indicator;
import io.smartspec.slo.Objective;
import io.smartspec.slo.Operator;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloWindow;
import io.smartspec.slo.Unit;
import io.smartspec.slo.monitor.SloEvent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The monitor's state file, {@code monitor-state.json} in its state directory: per SLO that is breached
 * (or on its way to a breach), since when, the id of the breach event receivers were told about, when
 * they were last reminded, the breach or recovery not yet taken by every listener, and the SLO itself
 * (so that a breach of an SLO dropped from the spec can still be resolved). Written to a temporary file,
 * forced to the disk and moved into place atomically, so a crash leaves the old state or the new one.
 *
 * <p>Format, version 1: {@code {"version":1,"written_at":...,"slos":[{"spec_id", "slo":{...},
 * "source", "query", "since", "breach_id", "last_notified", "unconfirmed":{"kind","id","since"}}]}}.
 */
public final class BreachStateStore {

    public static final String FILE_NAME = "monitor-state.json";
    static final int VERSION = 1;
    private static final System.Logger LOG = System.getLogger("io.smartspec.slo.monitor.SloMonitor");
    /**
     * Made on first use: a monitor with no state file and no open breach never reads or writes one, and a short
     * {@code slo monitor --run-once} is spared the ~260 classes of an ObjectMapper.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private final Path file;

    /** A breach or recovery published but not yet taken by every listener. */
    public record Pending(SloEvent.Kind kind, UUID id, Instant since) {
    }

    /** One SLO's state. {@code breachId} is present while receivers know of an open breach. */
    public record Entry(String specId, Slo slo, String source, String query, Optional<Instant> since,
                        Optional<UUID> breachId, Optional<Instant> lastNotified, Optional<Pending> unconfirmed) {
    }

    public BreachStateStore(Path dir) {
        this.file = dir.resolve(FILE_NAME);
    }

    public Path file() {
        return file;
    }

    /**
     * The saved state; empty when there is none. An unreadable file is moved aside (ERROR log naming it)
     * and the monitor starts without state, as it did before it had any.
     */
    public List<Entry> load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the monitor state " + file + ": " + e.getMessage(), e);
        }
        try {
            JsonNode root = Json.MAPPER.readTree(bytes);
            if (root == null || root.path("version").asInt() != VERSION) {
                throw new IOException("not a version " + VERSION + " monitor state");
            }
            List<Entry> entries = new ArrayList<>();
            for (JsonNode n : root.path("slos")) {
                entries.add(entry(n));
            }
            return entries;
        } catch (IOException | RuntimeException e) {
            Path aside = file.resolveSibling(FILE_NAME + ".unreadable-" + System.currentTimeMillis());
            try {
                Files.move(file, aside);
            } catch (IOException moveFailed) {
                aside = file;
            }
            Path where = aside;
            LOG.log(System.Logger.Level.ERROR, () -> "the monitor state " + file + " is unreadable (" + e.getMessage()
                    + "); moved to " + where + " and starting without it: breaches open before are not known");
            return List.of();
        }
    }

    /** Writes the state atomically; false (ERROR log) when it could not be written. */
    public boolean save(List<Entry> entries) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("version", VERSION);
        root.put("written_at", Instant.now().toString());
        ArrayNode slos = root.putArray("slos");
        entries.forEach(e -> slos.add(node(e)));
        Path temp = file.resolveSibling("." + FILE_NAME + ".tmp");
        try {
            byte[] bytes = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, () -> "cannot write the monitor state " + file + " (" + e.getMessage()
                    + "); a restart now would not know the open breaches");
            return false;
        }
    }

    private static ObjectNode node(Entry e) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("spec_id", e.specId());
        n.set("slo", slo(e.slo()));
        n.put("source", e.source());
        n.put("query", e.query());
        e.since().ifPresent(s -> n.put("since", s.toString()));
        e.breachId().ifPresent(id -> n.put("breach_id", id.toString()));
        e.lastNotified().ifPresent(s -> n.put("last_notified", s.toString()));
        e.unconfirmed().ifPresent(u -> n.putObject("unconfirmed").put("kind", u.kind().name())
                .put("id", u.id().toString()).put("since", u.since().toString()));
        return n;
    }

    private static Entry entry(JsonNode n) {
        Optional<Pending> unconfirmed = n.path("unconfirmed").isObject()
                ? Optional.of(new Pending(SloEvent.Kind.valueOf(n.path("unconfirmed").path("kind").asText()),
                UUID.fromString(n.path("unconfirmed").path("id").asText()),
                Instant.parse(n.path("unconfirmed").path("since").asText())))
                : Optional.empty();
        return new Entry(n.path("spec_id").asText(), slo(n.path("slo")), n.path("source").asText(),
                n.path("query").asText(), instant(n, "since"),
                text(n, "breach_id").map(UUID::fromString), instant(n, "last_notified"), unconfirmed);
    }

    private static ObjectNode slo(Slo slo) {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("name", slo.name());
        s.put("description", slo.description());
        Indicator i = slo.indicator();
        s.put("metric", i.metric());
        if (i instanceof Indicator.EventsRatio r) {
            s.put("indicator", "events_ratio").put("events", r.events().name())
                    .put("events_query", r.eventsQuery()).put("total_query", r.totalQuery());
        } else if (i instanceof Indicator.LatencyRatio l) {
            s.put("indicator", "latency_ratio").put("query", l.query())
                    .put("threshold", l.threshold().value()).put("threshold_unit", l.threshold().unit().name());
        } else if (i instanceof Indicator.Threshold t) {
            s.put("indicator", "threshold").put("query", t.query());
        }
        s.put("operator", slo.objective().operator().name());
        s.put("bound", slo.objective().bound().value());
        s.put("unit", slo.objective().bound().unit().name());
        slo.window().ifPresent(w -> s.put("window", w.describe()));
        slo.timeslices().ifPresent(t -> s.put("slice_seconds", t.slice().toSeconds())
                .put("slice_operator", t.sliceObjective().operator().name())
                .put("slice_bound", t.sliceObjective().bound().value())
                .put("slice_unit", t.sliceObjective().bound().unit().name()));
        s.put("priority", slo.priority().name());
        ObjectNode labels = s.putObject("labels");
        slo.labels().forEach(labels::put);
        slo.runbook().ifPresent(r -> s.put("runbook", r));
        return s;
    }

    private static Slo slo(JsonNode s) {
        String metric = s.path("metric").asText();
        Indicator indicator = switch (s.path("indicator").asText()) {
            case "events_ratio" -> new Indicator.EventsRatio(metric, Indicator.Events.valueOf(s.path("events").asText()),
                    s.path("events_query").asText(), s.path("total_query").asText());
            case "latency_ratio" -> new Indicator.LatencyRatio(metric, s.path("query").asText(),
                    Quantity.of(s.path("threshold").asDouble(), Unit.valueOf(s.path("threshold_unit").asText())));
            default -> new Indicator.Threshold(metric, s.path("query").asText(), Optional.empty());
        };
        Objective objective = Objective.of(Operator.valueOf(s.path("operator").asText()),
                Quantity.of(s.path("bound").asDouble(), Unit.valueOf(s.path("unit").asText())));
        Map<String, String> labels = new LinkedHashMap<>();
        s.path("labels").fields().forEachRemaining(l -> labels.put(l.getKey(), l.getValue().asText()));
        return new Slo(s.path("name").asText(), s.path("description").asText(), indicator, objective,
                s.has("window") ? Optional.of(SloWindow.parse(s.path("window").asText(), ZoneOffset.UTC))
                        : s.has("window_seconds") // written before calendar windows
                        ? Optional.of(SloWindow.rolling(Duration.ofSeconds(s.path("window_seconds").asLong())))
                        : Optional.empty(),
                Priority.parse(s.path("priority").asText()).orElse(Priority.DEFAULT), labels,
                text(s, "runbook"), Slo.DEFAULT_MIN_EVENTS, s.has("slice_seconds")
                        ? new Budgeting.Timeslices(Duration.ofSeconds(s.path("slice_seconds").asLong()),
                        Objective.of(Operator.valueOf(s.path("slice_operator").asText()), Quantity.of(
                                s.path("slice_bound").asDouble(), Unit.valueOf(s.path("slice_unit").asText()))))
                        : Budgeting.OCCURRENCES);
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isMissingNode() || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    private static Optional<Instant> instant(JsonNode n, String field) {
        return text(n, field).map(Instant::parse);
    }
}
