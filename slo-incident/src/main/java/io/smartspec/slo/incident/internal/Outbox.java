package io.smartspec.slo.incident.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One receiver's part of the outbox: a directory holding one file per pending delivery. A file is
 * written to a temporary name and moved into place atomically, so a crash leaves either the whole
 * file or none; it is deleted when the receiver has accepted the event (or when it is given up).
 *
 * <p>The file name carries what the queue needs without reading the file:
 * {@code <sequence>-<kind B|R|S>-<created epoch millis>-<event id, 32 hex digits>.json} (files of
 * earlier releases carry the first 8 digits of the id, and are read all the same). Delivery order is
 * the sequence order. Beside the pending files, the directory holds the receiver's
 * {@link AcceptedIds} and, for Alertmanager, the alerts being re-sent ({@link AlertmanagerResender}).
 */
public final class Outbox {

    private static final Pattern FILE = Pattern.compile("(\\d{19})-([BRS])-(\\d+)-([0-9a-f]{32}|[0-9a-f]{8})\\.json");
    /** Files of the receiver's directory that are not pending deliveries. */
    private static final java.util.Set<String> OWN_FILES = java.util.Set.of(AcceptedIds.FILE_NAME,
            AlertmanagerResender.FILE_NAME);
    private static final System.Logger LOG = System.getLogger("io.smartspec.slo.incident.IncidentForwarder");

    private final Path dir;
    private final boolean sync;
    private final AtomicLong sequence = new AtomicLong();

    /**
     * A pending delivery: its file and what the file name says. {@code idHex} is the event id without
     * dashes (its first 8 digits for files of earlier releases); {@code dedupKey} is null after a restart.
     */
    public record Entry(Path file, long sequence, char kind, Instant createdAt, String idHex, String dedupKey) {
        public boolean isReminder() {
            return kind == 'S';
        }

        /** Whether this is the delivery of that event (by id). */
        public boolean isEvent(String eventId) {
            return idHex.length() == 32 && idHex.equals(eventId.replace("-", ""));
        }
    }

    public Outbox(Path dir, boolean sync) {
        this.dir = dir;
        this.sync = sync;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the outbox directory " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** The pending deliveries left by an earlier process, oldest first; half-written files are removed. */
    public List<Entry> load() {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    Files.deleteIfExists(file);
                    continue;
                }
                if (OWN_FILES.contains(name)) {
                    continue;
                }
                Matcher m = FILE.matcher(name);
                if (!m.matches()) {
                    LOG.log(System.Logger.Level.WARNING, "outbox " + dir + ": ignoring " + name
                            + ", which is not an outbox file (expected <sequence>-<kind>-<millis>-<id>.json)");
                    continue;
                }
                entries.add(new Entry(file, Long.parseLong(m.group(1)), m.group(2).charAt(0),
                        Instant.ofEpochMilli(Long.parseLong(m.group(3))), m.group(4), null));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the outbox directory " + dir + ": " + e.getMessage(), e);
        }
        entries.sort(Comparator.comparingLong(Entry::sequence).thenComparing(e -> e.file().getFileName()));
        long max = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).sequence();
        sequence.accumulateAndGet(max, Math::max);
        return entries;
    }

    /**
     * Writes one pending delivery durably (temp file, then an atomic move) and returns its entry. The
     * file holds the event payload ({@link EventJson#bytes}, serialised once for all receivers); what the
     * queue needs is in the file name.
     */
    public Entry write(OutboxEvent event, byte[] bytes, Instant createdAt) throws IOException {
        long seq = sequence.incrementAndGet();
        char kind = kindLetter(event.kind());
        String id = hex(event.id());
        String name = String.format("%019d-%c-%d-%s.json", seq, kind, createdAt.toEpochMilli(), id);
        Path target = dir.resolve(name);
        Path temp = dir.resolve("." + name + ".tmp");
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            if (sync) {
                ch.force(true);
            }
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return new Entry(target, seq, kind, createdAt, id, event.dedupKey());
    }

    /** 32 hex digits: a UUID without dashes, or another id's digest. */
    static String hex(String eventId) {
        String id = eventId.replace("-", "").toLowerCase(java.util.Locale.ROOT);
        if (id.matches("[0-9a-f]{32}")) {
            return id;
        }
        return java.util.UUID.nameUUIDFromBytes(eventId.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString().replace("-", "");
    }

    /**
     * The event of a pending delivery, decoded once; empty when the file is gone (given up meanwhile).
     *
     * @throws IOException when the file is not a version 1 event
     */
    public Optional<OutboxEvent> read(Entry entry) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(entry.file());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(EventJson.read(bytes));
        } catch (IOException e) {
            throw new IOException("outbox file " + entry.file() + " is " + e.getMessage(), e);
        }
    }

    public void delete(Entry entry) {
        try {
            Files.deleteIfExists(entry.file());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "outbox " + dir + ": cannot delete " + entry.file().getFileName()
                    + " (it may be delivered again after a restart): " + e.getMessage());
        }
    }

    static char kindLetter(io.smartspec.slo.monitor.SloEvent.Kind kind) {
        return switch (kind) {
            case RECOVERY -> 'R';
            case STILL_BREACHING -> 'S';
            case BREACH -> 'B';
        };
    }
}
