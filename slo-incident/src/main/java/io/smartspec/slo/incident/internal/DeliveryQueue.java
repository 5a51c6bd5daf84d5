package io.smartspec.slo.incident.internal;

import io.smartspec.slo.incident.Receiver;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * One receiver's queue of pending deliveries, backed by its {@link Outbox}: an event is written to its
 * file before it is queued. Bounded by {@code maxPending}: when full, the oldest still-breaching reminder
 * is dropped to make room, and when there is none the new event is refused (ERROR log, counted) — the
 * breaches and recoveries waiting are older and kept in order. Memory: only small entries (a path and
 * what its name says). Thread-safe.
 */
final class DeliveryQueue {

    private static final System.Logger LOG = System.getLogger("io.smartspec.slo.incident.IncidentForwarder");

    private final Receiver receiver;
    private final Outbox outbox;
    private final int maxPending;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Outbox.Entry> queue = new ArrayDeque<>();
    private Outbox.Entry current;
    private boolean stopping;

    final AtomicLong accepted = new AtomicLong();
    final AtomicLong droppedWhenFull = new AtomicLong();
    final AtomicLong rejectedWhenFull = new AtomicLong();

    DeliveryQueue(Receiver receiver, Outbox outbox, int maxPending) {
        this.receiver = receiver;
        this.outbox = outbox;
        this.maxPending = maxPending;
    }

    Outbox outbox() {
        return outbox;
    }

    /** Queues what an earlier process left in the outbox. */
    void load() {
        List<Outbox.Entry> left = outbox.load();
        lock.lock();
        try {
            queue.addAll(left);
        } finally {
            lock.unlock();
        }
        if (!left.isEmpty()) {
            LOG.log(INFO, () -> name() + ": " + left.size() + " undelivered event(s) found in the outbox "
                    + outbox.dir() + "; delivering them now");
            if (left.size() > maxPending) {
                LOG.log(WARNING, () -> name() + ": the outbox holds " + left.size() + " events, more than maxPending "
                        + maxPending + "; new events are refused until it drains below");
            }
        }
    }

    /**
     * Writes the event to the outbox and queues it; false when it was refused (full outbox, stopping,
     * disk error) — logged unless {@code quiet} (reminders). {@code lastError} says why a full outbox is full.
     */
    boolean offer(OutboxEvent event, byte[] bytes, Instant now, boolean quiet, Supplier<Optional<String>> lastError) {
        lock.lock();
        try {
            if (stopping) {
                LOG.log(WARNING, () -> name() + ": closed; " + event.describe() + " not forwarded");
                return false;
            }
            if (pendingLocked() >= maxPending && !makeRoom()) {
                rejectedWhenFull.incrementAndGet();
                if (!quiet) {
                    LOG.log(ERROR, () -> name() + ": outbox full (" + maxPending + " pending, none of them a "
                            + "still-breaching reminder); refusing the new " + event.describe()
                            + " — the receiver has been failing: " + lastError.get().orElse("no attempt yet"));
                }
                return false;
            }
            try {
                queue.add(outbox.write(event, bytes, now));
                accepted.incrementAndGet();
                changed.signalAll();
                return true;
            } catch (IOException e) {
                LOG.log(ERROR, () -> name() + ": cannot write the " + event.describe() + " to the outbox "
                        + outbox.dir() + "; it is not forwarded: " + e);
                return false;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Full outbox policy: drop the oldest pending still-breaching reminder, if there is one. */
    private boolean makeRoom() {
        for (Iterator<Outbox.Entry> it = queue.iterator(); it.hasNext(); ) {
            Outbox.Entry e = it.next();
            if (e.isReminder()) {
                it.remove();
                outbox.delete(e);
                droppedWhenFull.incrementAndGet();
                LOG.log(WARNING, () -> name() + ": outbox full (" + maxPending
                        + " pending); dropped the oldest still-breaching reminder to make room");
                return true;
            }
        }
        return false;
    }

    /** Whether a delivery for this incident is queued or being delivered (known for events of this process). */
    boolean isPending(String dedupKey) {
        lock.lock();
        try {
            if (current != null && dedupKey.equals(current.dedupKey())) {
                return true;
            }
            return queue.stream().anyMatch(e -> dedupKey.equals(e.dedupKey()));
        } finally {
            lock.unlock();
        }
    }

    /** Whether this event (by id) is queued or being delivered. */
    boolean holdsEvent(String eventId) {
        lock.lock();
        try {
            return (current != null && current.isEvent(eventId)) || queue.stream().anyMatch(e -> e.isEvent(eventId));
        } finally {
            lock.unlock();
        }
    }

    /** The next delivery, which becomes the current one; empty once stopping. Blocks while the queue is empty. */
    Optional<Outbox.Entry> take() {
        lock.lock();
        try {
            while (queue.isEmpty() && !stopping) {
                changed.awaitUninterruptibly();
            }
            if (stopping) {
                return Optional.empty();
            }
            current = queue.poll();
            return Optional.of(current);
        } finally {
            lock.unlock();
        }
    }

    /** The current delivery is over (delivered, refused, given up or left for the next start). */
    void done() {
        lock.lock();
        try {
            current = null;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int pending() {
        lock.lock();
        try {
            return pendingLocked();
        } finally {
            lock.unlock();
        }
    }

    private int pendingLocked() {
        return queue.size() + (current == null ? 0 : 1);
    }

    /** Waits until nothing is pending or the deadline passes; true when nothing is pending. */
    boolean awaitIdle(long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            while (pendingLocked() > 0) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** From now on nothing is taken or accepted; what is pending stays in the outbox. */
    void stop() {
        lock.lock();
        try {
            stopping = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isStopping() {
        lock.lock();
        try {
            return stopping;
        } finally {
            lock.unlock();
        }
    }

    /** Waits before a retry; false when the queue is stopping (or the thread interrupted). */
    boolean sleep(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        lock.lock();
        try {
            while (!stopping) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    changed.awaitNanos(left);
                } catch (InterruptedException e) {
                    return false;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    private String name() {
        return receiver.type().id() + " '" + receiver.name() + "'";
    }
}
