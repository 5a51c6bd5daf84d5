package io.smartspec.slo.remediation.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartspec.slo.Priority;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What remediation remembers: the runs of each action in the last day (cooldown, rate limits) and, per
 * SLO, the open breach and what was done about it. Kept in memory and, given a file, written there
 * atomically after every change and read back when built, so that {@code slo monitor --run-once}
 * (one process a run) and a restarted daemon enforce the same guardrails. Not thread-safe: the
 * remediation's decider guards it.
 */
public final class RemediationState {

    private static final System.Logger LOG = System.getLogger("io.smartspec.slo.remediation.Remediation");
    /** The name of the file in a state directory. */
    public static final String FILE = "remediation-state.json";

    /** One open breach of an SLO and what was done about it. */
    public static final class Breach {
        public Instant since;
        public Priority priority;
        public Instant ranAt;
        public Instant dryRanAt;
        public Priority escalatedTo;
        public boolean verified;
        public final Set<String> skips = new LinkedHashSet<>();
        /** An action of this breach is running now (not kept in the file). */
        public boolean running;
        /** Taken from its incident, its start read from the timeline: the monitor's event may say better. */
        public boolean adopted;
    }

    private final Optional<Path> file;
    private final Map<String, List<Instant>> runs = new LinkedHashMap<>();
    private final Map<String, Breach> breaches = new LinkedHashMap<>();

    public RemediationState(Optional<Path> file) {
        this.file = file;
        file.ifPresent(this::load);
    }

    public Optional<Breach> breach(String key) {
        return Optional.ofNullable(breaches.get(key));
    }

    /** The breach of {@code key} since {@code since}: the known one, or a new one (forgetting an older breach). */
    public Breach breach(String key, Instant since, Priority priority) {
        Breach b = breaches.get(key);
        if (b != null && b.adopted && !b.since.equals(since)) {
            b.since = since; // the same breach: the monitor knows when it started
            b.adopted = false;
            return b;
        }
        if (b == null || !b.since.equals(since)) {
            b = new Breach();
            b.since = since;
            b.priority = priority;
            breaches.put(key, b);
        }
        return b;
    }

    public void forget(String key) {
        breaches.remove(key);
    }

    /** The real runs (not dry runs) of an action, oldest first. */
    public List<Instant> runs(String action) {
        return runs.getOrDefault(action, List.of());
    }

    public void ran(String action, Instant at) {
        List<Instant> list = runs.computeIfAbsent(action, a -> new ArrayList<>());
        list.add(at);
        list.sort(null);
        Instant latest = list.get(list.size() - 1);
        list.removeIf(t -> t.isBefore(latest.minus(Duration.ofDays(1))));
    }

    /** Writes the state when it has a file; a failure is logged (the guardrails then hold in memory only). */
    public void save() {
        if (file.isEmpty()) {
            return;
        }
        ObjectNode root = EventPayload.MAPPER.createObjectNode();
        root.put("version", 1);
        ObjectNode r = root.putObject("runs");
        runs.forEach((action, times) -> {
            ArrayNode a = r.putArray(action);
            times.forEach(t -> a.add(t.toString()));
        });
        ObjectNode bs = root.putObject("breaches");
        breaches.forEach((key, b) -> {
            ObjectNode n = bs.putObject(key);
            n.put("since", b.since.toString());
            n.put("priority", b.priority.name());
            if (b.ranAt != null) {
                n.put("ran_at", b.ranAt.toString());
            }
            if (b.dryRanAt != null) {
                n.put("dry_ran_at", b.dryRanAt.toString());
            }
            if (b.escalatedTo != null) {
                n.put("escalated_to", b.escalatedTo.name());
            }
            n.put("verified", b.verified);
            ArrayNode s = n.putArray("skips");
            b.skips.forEach(s::add);
        });
        Path f = file.get();
        try {
            Files.createDirectories(f.toAbsolutePath().getParent());
            Path tmp = f.resolveSibling(FILE + ".tmp");
            Files.writeString(tmp, EventPayload.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root),
                    StandardCharsets.UTF_8);
            try {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "cannot write the remediation state " + f + ": " + e);
        }
    }

    private void load(Path f) {
        if (!Files.exists(f)) {
            return;
        }
        try {
            JsonNode root = EventPayload.MAPPER.readTree(Files.readString(f, StandardCharsets.UTF_8));
            root.path("runs").fields().forEachRemaining(e -> {
                List<Instant> times = new ArrayList<>();
                e.getValue().forEach(t -> times.add(Instant.parse(t.asText())));
                runs.put(e.getKey(), times);
            });
            root.path("breaches").fields().forEachRemaining(e -> {
                JsonNode n = e.getValue();
                Breach b = new Breach();
                b.since = Instant.parse(n.path("since").asText());
                b.priority = Priority.parse(n.path("priority").asText()).orElse(Priority.DEFAULT);
                b.ranAt = instant(n, "ran_at");
                b.dryRanAt = instant(n, "dry_ran_at");
                b.escalatedTo = n.hasNonNull("escalated_to") ? Priority.parse(n.path("escalated_to").asText())
                        .orElse(null) : null;
                b.verified = n.path("verified").asBoolean(false);
                n.path("skips").forEach(s -> b.skips.add(s.asText()));
                breaches.put(e.getKey(), b);
            });
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "cannot read the remediation state " + f + " (" + e
                    + "); starting without it: cooldowns and rate limits count from now");
        }
    }

    private static Instant instant(JsonNode n, String field) {
        return n.hasNonNull(field) ? Instant.parse(n.path(field).asText()) : null;
    }
}
