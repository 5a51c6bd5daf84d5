package io.smartspec.slo.monitor;

import io.smartspec.slo.Problem;
import io.smartspec.slo.SloValidationException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One process's claim on a directory that must not be shared: the monitor's state directory, an
 * incident outbox. An operating-system file lock ({@link FileChannel#tryLock()}) on a lock file in the
 * directory, which holds the owner's PID so that a second process can say who has it. The lock goes
 * with the process, also when it is killed; {@link #close()} releases it earlier.
 *
 * <pre>{@code
 * try (DirectoryLock lock = DirectoryLock.acquire(Path.of(".slo/outbox/checkout"), "monitor.lock", "monitor state")) {
 *     ...
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class DirectoryLock implements AutoCloseable {

    /** Lock files held by this JVM: a second channel on one would release the first's lock when closed. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the directory if needed and locks {@code dir/lockFileName} for this process.
     *
     * @param what what the directory holds, for the message ({@code "monitor state"}, {@code "outbox"})
     * @throws SloValidationException when another process (or another owner in this one) holds it: the
     *                                message names the directory and the holder's PID
     */
    public static DirectoryLock acquire(Path dir, String lockFileName, String what) {
        Objects.requireNonNull(dir, "dir");
        Path file;
        try {
            Files.createDirectories(dir);
            file = dir.toRealPath().resolve(lockFileName);
        } catch (IOException e) {
            throw new SloValidationException(List.of(Problem.error(what + ": cannot create the directory " + dir
                    + " (" + e.getMessage() + "); expected a directory this process can write")));
        }
        long self = ProcessHandle.current().pid();
        if (!HELD.add(file)) {
            throw inUse(dir, what, "this process (PID " + self + ")");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                HELD.remove(file);
                throw inUse(dir, what, "another process (PID " + holder + ")");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((self + " " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new DirectoryLock(file, channel, lock);
        } catch (IOException e) {
            HELD.remove(file);
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            throw new SloValidationException(List.of(Problem.error(what + ": cannot lock " + file + " ("
                    + e.getMessage() + "); expected a writable directory on a file system with file locks")));
        }
    }

    private static SloValidationException inUse(Path dir, String what, String holder) {
        return new SloValidationException(List.of(Problem.error(what + ": the directory " + dir
                + " is in use by " + holder + "; one directory serves one process at a time, so stop that "
                + "process or give this one another directory")));
    }

    /** What the holder wrote: its PID and since when, or "unknown" when it has not written it yet. */
    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(128);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
        String[] parts = text.split(" ");
        if (parts.length == 0 || !parts[0].matches("\\d+")) {
            return "unknown";
        }
        return parts[0] + (parts.length > 1 ? ", holding it since " + parts[1] : "");
    }

    /** The lock file. */
    public Path file() {
        return file;
    }

    /** Releases the lock (the file stays, so a waiting process can take it). Idempotent. */
    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            // the lock goes with the channel or the process anyway
        } finally {
            HELD.remove(file);
        }
    }

    @Override
    public String toString() {
        return "DirectoryLock[" + file + "]";
    }
}
