package io.smartspec.slo.incident.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The ids of the events one receiver has accepted, kept durably ({@code accepted-ids.log} in the
 * receiver's outbox directory, one id a line, appended before the outbox file is deleted), so that a
 * restarted process never sends an event again that the receiver already took: a file left behind by a
 * crash between the receiver's answer and its deletion, or an event the monitor publishes again after a
 * restart. Bounded: the newest {@link #MAX} ids are kept; the file is rewritten (temp file, atomic move)
 * when it has grown to twice that. Not thread-safe: used by the receiver's delivery thread and, under
 * the queue's lock, by offers.
 */
final class AcceptedIds {

    static final String FILE_NAME = "accepted-ids.log";
    static final int MAX = 10_000;

    private final Path file;
    private final boolean sync;
    private final LinkedHashSet<String> ids = new LinkedHashSet<>();
    private int lines;

    AcceptedIds(Path dir, boolean sync) {
        this.file = dir.resolve(FILE_NAME);
        this.sync = sync;
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : all) {
                String id = line.trim();
                if (!id.isEmpty()) {
                    remember(id);
                }
            }
            lines = all.size();
            if (lines > 2 * MAX) {
                compact();
            }
        } catch (NoSuchFileException e) {
            lines = 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    synchronized boolean contains(String id) {
        return ids.contains(id);
    }

    /** Records an accepted id durably (as durably as the outbox: forced with syncWrites). */
    synchronized void add(String id) throws IOException {
        if (!remember(id)) {
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            if (sync) {
                ch.force(true);
            }
        }
        if (++lines > 2 * MAX) {
            compact();
        }
    }

    private boolean remember(String id) {
        if (!ids.add(id)) {
            return false;
        }
        if (ids.size() > MAX) {
            Iterator<String> eldest = ids.iterator();
            eldest.next();
            eldest.remove();
        }
        return true;
    }

    private void compact() throws IOException {
        Path temp = file.resolveSibling("." + FILE_NAME + ".tmp");
        Files.write(temp, ids, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        lines = ids.size();
    }
}
