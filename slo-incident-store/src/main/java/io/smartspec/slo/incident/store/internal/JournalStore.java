package io.smartspec.slo.incident.store.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.smartspec.slo.incident.store.Incident;
import io.smartspec.slo.incident.store.IncidentException;
import io.smartspec.slo.incident.store.IncidentHeader;
import io.smartspec.slo.incident.store.IncidentQuery;
import io.smartspec.slo.incident.store.IncidentStore;
import io.smartspec.slo.incident.store.TimelineEntry;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import static java.lang.System.Logger.Level.WARNING;

/**
 * The embedded store: {@code DIR/journal/<key>/<id>.jsonl}, one append-only JSON Lines journal per
 * incident — its header on the first line, one timeline entry per line after it — fsynced before an
 * update returns. Why a journal and not an embedded database: an incident is an append-only
 * timeline, which a journal is; each write is one {@code write} and one {@code fsync} of one small
 * file; a line torn by a crash is the file's last line, recognised (no newline) and cut off before
 * the next append; the files are readable with {@code cat} and {@code jq} when the service is down;
 * and it needs no dependency. Updates hold the JVM lock and an operating-system lock on
 * {@code DIR/incidents.lock}, so the monitor and {@code slo incidents ack} may share it; reads take
 * no lock and cache each journal by its size.
 */
public final class JournalStore implements IncidentStore {

    private static final System.Logger LOG = System.getLogger(JournalStore.class.getName());
    static final String LOCK_FILE = "incidents.lock";

    private final Path dir;
    private final Path journals;
    private final FileChannel lockChannel;
    /** One lock per store directory in this JVM: the OS lock is per process, not per thread or handle. */
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
    private final ReentrantLock jvmLock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Path file, long size, Incident incident) {
    }

    private JournalStore(Path dir, Path journals, FileChannel lockChannel) {
        this.dir = dir;
        this.journals = journals;
        this.lockChannel = lockChannel;
        this.jvmLock = JVM_LOCKS.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> new ReentrantLock());
    }

    public static JournalStore open(Path dir) {
        try {
            Path journals = dir.resolve("journal");
            Files.createDirectories(journals);
            FileChannel lock = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            return new JournalStore(dir, journals, lock);
        } catch (IOException | UnsupportedOperationException e) {
            throw new IncidentException(IncidentException.Reason.STORE, "incident store: cannot open the directory "
                    + dir + " (" + e + "); expected a writable directory");
        }
    }

    @Override
    public Optional<Incident> update(Target target, Function<Optional<Incident>, Change> decide) {
        jvmLock.lock();
        try (FileLock ignored = lockChannel.lock()) {
            Optional<Cached> current = target instanceof Target.ByKey k ? latestCached(k.key())
                    : findCached(((Target.ById) target).id());
            Change change = decide.apply(current.map(Cached::incident));
            if (change instanceof Change.Open o) {
                return Optional.of(create(o.header(), o.entries()));
            }
            if (change instanceof Change.Append a) {
                if (current.isEmpty()) {
                    throw new IncidentException(IncidentException.Reason.NOT_FOUND, "no incident to append to: "
                            + target);
                }
                return Optional.of(append(current.get(), a.entries()));
            }
            return current.map(Cached::incident);
        } catch (IOException e) {
            throw new IncidentException(IncidentException.Reason.STORE, "incident store " + dir + ": " + e, e);
        } finally {
            jvmLock.unlock();
        }
    }

    @Override
    public Optional<Incident> find(String id) {
        try {
            return findCached(id).map(Cached::incident);
        } catch (IOException e) {
            throw new IncidentException(IncidentException.Reason.STORE, "incident store " + dir + ": " + e, e);
        }
    }

    @Override
    public Optional<Incident> latest(String key) {
        try {
            return latestCached(key).map(Cached::incident);
        } catch (IOException e) {
            throw new IncidentException(IncidentException.Reason.STORE, "incident store " + dir + ": " + e, e);
        }
    }

    @Override
    public List<Incident> list(IncidentQuery query) {
        List<Incident> out = new ArrayList<>();
        try (DirectoryStream<Path> keys = Files.newDirectoryStream(journals)) {
            for (Path keyDir : keys) {
                if (query.specId().isPresent() && !decode(keyDir.getFileName().toString())
                        .startsWith(query.specId().get() + "/")) {
                    continue;
                }
                for (Cached c : journalsOf(keyDir)) {
                    if (query.matches(c.incident())) {
                        out.add(c.incident());
                    }
                }
            }
        } catch (IOException e) {
            throw new IncidentException(IncidentException.Reason.STORE, "incident store " + dir + ": " + e, e);
        }
        out.sort(Comparator.comparing(Incident::openedAt).reversed().thenComparing(Incident::id));
        return out.size() > query.limit() ? List.copyOf(out.subList(0, query.limit())) : out;
    }

    @Override
    public String describe() {
        return "journal " + dir;
    }

    @Override
    public void close() {
        try {
            lockChannel.close();
        } catch (IOException ignored) {
            // nothing held
        }
    }

    @Override
    public String toString() {
        return "JournalStore[" + dir + "]";
    }

    // ----- files -----------------------------------------------------------------------------------

    private Incident create(IncidentHeader header, List<TimelineEntry> entries) throws IOException {
        Path keyDir = journals.resolve(encode(header.key()));
        Files.createDirectories(keyDir);
        Path file = keyDir.resolve(header.id() + ".jsonl");
        Incident incident = Incident.of(header, entries);
        StringBuilder text = new StringBuilder(IncidentJson.write(IncidentJson.header(header))).append('\n');
        for (TimelineEntry e : incident.timeline()) {
            text.append(IncidentJson.write(IncidentJson.entry(e))).append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        Path tmp = keyDir.resolve("." + header.id() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(bytes));
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(keyDir);
        cache.put(header.id(), new Cached(file, bytes.length, incident));
        return incident;
    }

    private Incident append(Cached current, List<TimelineEntry> entries) throws IOException {
        Incident before = current.incident();
        Incident after = before.with(entries);
        List<TimelineEntry> added = after.timeline().subList(before.timeline().size(), after.timeline().size());
        if (added.isEmpty()) {
            return before;
        }
        StringBuilder text = new StringBuilder();
        for (TimelineEntry e : added) {
            text.append(IncidentJson.write(IncidentJson.entry(e))).append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(current.file(), StandardOpenOption.WRITE)) {
            // cut a line torn by a crash (the cached size ends at the last complete line)
            if (ch.size() != current.size()) {
                ch.truncate(current.size());
            }
            ch.position(current.size());
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(false);
        }
        cache.put(before.id(), new Cached(current.file(), current.size() + bytes.length, after));
        return after;
    }

    private Optional<Cached> findCached(String id) throws IOException {
        Cached c = cache.get(id);
        if (c != null && Files.exists(c.file())) {
            return load(c.file());
        }
        if (!id.matches("[0-9a-f]{1,64}")) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> keys = Files.newDirectoryStream(journals)) {
            for (Path keyDir : keys) {
                Path file = keyDir.resolve(id + ".jsonl");
                if (Files.exists(file)) {
                    return load(file);
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Cached> latestCached(String key) throws IOException {
        Path keyDir = journals.resolve(encode(key));
        if (!Files.isDirectory(keyDir)) {
            return Optional.empty();
        }
        return journalsOf(keyDir).stream().max(Comparator.comparing((Cached c) -> c.incident().openedAt())
                .thenComparing(c -> c.incident().id()));
    }

    private List<Cached> journalsOf(Path keyDir) throws IOException {
        List<Cached> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(keyDir, "*.jsonl")) {
            for (Path f : files) {
                load(f).ifPresent(out::add);
            }
        }
        return out;
    }

    /** The journal's incident; read again only when the file grew (another process appended). */
    private Optional<Cached> load(Path file) throws IOException {
        String name = file.getFileName().toString();
        String id = name.substring(0, name.length() - ".jsonl".length());
        long size;
        try {
            size = Files.size(file);
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
        Cached c = cache.get(id);
        if (c != null && c.size() == size && c.file().equals(file)) {
            return Optional.of(c);
        }
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--; // a line torn by a crash: not part of the journal
        }
        String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        String[] lines = text.split("\n");
        if (lines.length == 0 || lines[0].isBlank()) {
            return Optional.empty();
        }
        try {
            IncidentHeader header = IncidentJson.header(IncidentJson.read(lines[0]));
            List<TimelineEntry> entries = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                if (!lines[i].isBlank()) {
                    JsonNode n = IncidentJson.read(lines[i]);
                    entries.add(IncidentJson.entry(n));
                }
            }
            Cached fresh = new Cached(file, end, Incident.of(header, entries));
            cache.put(id, fresh);
            return Optional.of(fresh);
        } catch (RuntimeException e) {
            LOG.log(WARNING, () -> "incident store: " + file + " is not a readable journal (" + e.getMessage()
                    + "); skipped");
            return Optional.empty();
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not every platform syncs directories; the file itself was synced
        }
    }

    static String encode(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8);
    }

    static String decode(String name) {
        return URLDecoder.decode(name, StandardCharsets.UTF_8);
    }
}
