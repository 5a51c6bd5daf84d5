package io.smartspec.slo.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartspec.slo.MaintenanceCalendar;
import io.smartspec.slo.MaintenanceWindow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Maintenance announced at run time ({@code slo maintenance start|end}), kept in
 * {@value #FILE} of a monitor's state directory, where a running monitor reads it on every round
 * ({@link SloMonitor.Builder#stateDirectory}). Changes are made under a file lock and written
 * atomically, so a monitor never reads half a file, and two commands never lose each other's change.
 * An ended window keeps its interval: its events stay out of the budget for as long as the SLO's
 * period holds them.
 *
 * @since 0.1.0
 */
public final class MaintenanceAnnouncements {

    /** The file in the state directory. */
    public static final String FILE = "maintenance.json";
    private static final String LOCK = "maintenance.lock";
    /** Windows that ended longer ago than this are dropped: no SLO period reaches back so far. */
    static final Duration KEEP = Duration.ofDays(400);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * One announced window.
     *
     * @param id     a short id for {@code slo maintenance end --id}
     * @param specId the spec
     * @param slos   the SLOs it covers; empty: all of the spec
     * @param from   its start
     * @param to     its end (moved to the instant of {@code end} when ended early)
     * @param reason why
     */
    public record Announcement(String id, String specId, Set<String> slos, Instant from, Instant to, String reason) {
        public Announcement {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(specId, "specId");
            slos = Set.copyOf(slos);
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(reason, "reason");
        }

        public MaintenanceWindow.Explicit window() {
            return new MaintenanceWindow.Explicit(from, to, reason, slos, 0);
        }

        public boolean isActiveAt(Instant t) {
            return window().isActiveAt(t);
        }
    }

    private final Path directory;
    private volatile Cached cached = new Cached(null, -1, List.of());

    private record Cached(FileTime modified, long size, List<Announcement> announcements) {
    }

    private MaintenanceAnnouncements(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** The announcements of a state directory (which need not exist yet). */
    public static MaintenanceAnnouncements in(Path stateDirectory) {
        return new MaintenanceAnnouncements(stateDirectory);
    }

    public Path file() {
        return directory.resolve(FILE);
    }

    /**
     * Announces a window of {@code length} from {@code from}.
     *
     * @throws IllegalArgumentException for a length that is not positive or a blank reason
     * @throws UncheckedIOException     when the file cannot be written
     */
    public Announcement start(String specId, Set<String> slos, Instant from, Duration length, String reason) {
        if (length.isZero() || length.isNegative()) {
            throw new IllegalArgumentException("the length of a maintenance must be positive, but was " + length);
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a maintenance needs a reason");
        }
        Announcement a = new Announcement(UUID.randomUUID().toString().substring(0, 8), specId, slos, from,
                from.plus(length), reason.strip());
        update(list -> {
            List<Announcement> next = new ArrayList<>(list);
            next.add(a);
            return next;
        }, from);
        return a;
    }

    /**
     * Ends, at {@code now}, the spec's windows in force (or the one with {@code id}, in force or not yet
     * begun: one that has not begun is withdrawn). Returns the windows ended.
     */
    public List<Announcement> end(String specId, Optional<String> id, Instant now) {
        List<Announcement> ended = new ArrayList<>();
        update(list -> {
            List<Announcement> next = new ArrayList<>();
            for (Announcement a : list) {
                boolean chosen = a.specId().equals(specId) && id.map(a.id()::equals).orElse(a.isActiveAt(now));
                if (chosen && a.to().isAfter(now)) {
                    ended.add(a);
                    if (a.from().isBefore(now)) {
                        next.add(new Announcement(a.id(), a.specId(), a.slos(), a.from(), now, a.reason()));
                    }
                    continue;
                }
                next.add(a);
            }
            return next;
        }, now);
        return ended;
    }

    /** Every announcement kept, in the order announced. */
    public List<Announcement> list() {
        try {
            return read();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The announcements as calendar entries, read again only when the file changed; an unreadable file
     * is logged and read as the last good one (a monitor goes on).
     */
    public List<MaintenanceCalendar.Entry> entries() {
        Path f = file();
        try {
            FileTime modified = Files.getLastModifiedTime(f);
            long size = Files.size(f);
            Cached c = cached;
            if (!modified.equals(c.modified) || size != c.size) {
                c = new Cached(modified, size, read());
                cached = c;
            }
            return c.announcements.stream().map(a -> new MaintenanceCalendar.Entry(a.specId(), a.window())).toList();
        } catch (NoSuchFileException e) {
            cached = new Cached(null, -1, List.of());
            return List.of();
        } catch (IOException | RuntimeException e) {
            System.getLogger(SloMonitor.class.getName()).log(System.Logger.Level.WARNING,
                    () -> "cannot read the announced maintenance in " + f + ": " + e.getMessage());
            return cached.announcements.stream().map(a -> new MaintenanceCalendar.Entry(a.specId(), a.window()))
                    .toList();
        }
    }

    private void update(UnaryOperator<List<Announcement>> change, Instant now) {
        try {
            Files.createDirectories(directory);
            try (FileChannel ch = FileChannel.open(directory.resolve(LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
                List<Announcement> next = new ArrayList<>();
                for (Announcement a : change.apply(read())) {
                    if (a.to().isAfter(now.minus(KEEP))) {
                        next.add(a);
                    }
                }
                write(next);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file() + ": " + e.getMessage(), e);
        }
    }

    private List<Announcement> read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file());
        } catch (NoSuchFileException e) {
            return List.of();
        }
        JsonNode root = MAPPER.readTree(bytes);
        if (root == null || root.path("version").asInt() != 1 || !root.path("windows").isArray()) {
            throw new IOException("not a version 1 maintenance file");
        }
        List<Announcement> list = new ArrayList<>();
        for (JsonNode w : root.get("windows")) {
            Set<String> slos = new LinkedHashSet<>();
            w.path("slos").forEach(s -> slos.add(s.asText()));
            list.add(new Announcement(w.path("id").asText(), w.path("spec").asText(), slos,
                    Instant.parse(w.path("from").asText()), Instant.parse(w.path("to").asText()),
                    w.path("reason").asText()));
        }
        return list;
    }

    private void write(List<Announcement> list) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", 1);
        ArrayNode windows = root.putArray("windows");
        for (Announcement a : list) {
            ObjectNode w = windows.addObject();
            w.put("id", a.id());
            w.put("spec", a.specId());
            ArrayNode slos = w.putArray("slos");
            a.slos().stream().sorted().forEach(slos::add);
            w.put("from", a.from().toString());
            w.put("to", a.to().toString());
            w.put("reason", a.reason());
        }
        Path tmp = directory.resolve(FILE + ".tmp");
        Files.write(tmp, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        Files.move(tmp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public String toString() {
        return "MaintenanceAnnouncements[" + file() + "]";
    }
}
