package io.smartspec.slo.internal.monitor;

import io.smartspec.slo.monitor.SloEvent;
import io.smartspec.slo.monitor.SloListener;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers events to one listener on its own daemon thread through a bounded queue, so a listener
 * that throws or hangs never blocks the rounds or the other listeners. When the queue is full the
 * newest event is dropped and counted (and logged).
 */
public final class ListenerDispatcher {

    private static final System.Logger LOG = System.getLogger("io.smartspec.slo.monitor.SloMonitor");
    /** Events waiting for one listener at most. */
    public static final int QUEUE_CAPACITY = 1024;

    private final SloListener listener;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread thread;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private static final Object STOP_MARK = new Object();
    /** Set when close gave up on a hanging listener: what it was doing is not taken. */
    private volatile boolean abandoned;

    public ListenerDispatcher(SloListener listener, int index) {
        this.listener = listener;
        this.thread = new Thread(this::run, "slo-monitor-listener-" + index);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** A queued event and what to run once the listener has taken it (or it was dropped). */
    private record Queued(SloEvent event, Runnable taken) {
    }

    public void publish(SloEvent event) {
        publish(event, () -> { });
    }

    /**
     * Queues the event; {@code taken} runs on the listener's thread once the listener returned (or threw),
     * or at once when the event is dropped because the queue is full.
     */
    public void publish(SloEvent event, Runnable taken) {
        if (!queue.offer(new Queued(event, taken))) {
            taken.run();
            long n = dropped.incrementAndGet();
            LOG.log(Level.WARNING, () -> "SLO listener " + name() + " is not keeping up; dropped " + n
                    + " event(s), the latest: " + event.summary());
        }
    }

    /** Events dropped because the listener's queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Calls of the listener that threw. */
    public long failed() {
        return failed.get();
    }

    private void run() {
        while (true) {
            Object next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (next == STOP_MARK) {
                closeListener();
                return;
            }
            Queued queued = (Queued) next;
            SloEvent event = queued.event();
            try {
                listener.onEvent(event);
            } catch (RuntimeException | Error e) {
                failed.incrementAndGet();
                LOG.log(Level.WARNING, () -> "SLO listener " + name() + " failed on " + event.kind() + " of "
                        + event.dedupKey() + ": " + e);
            }
            if (abandoned) {
                return;
            }
            try {
                queued.taken().run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, () -> "recording that " + name() + " took " + event.summary() + " failed: " + e);
            }
        }
    }

    private void closeListener() {
        try {
            listener.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, () -> "SLO listener " + name() + " failed to close: " + e);
        }
    }

    /** Delivers what is queued, then closes the listener; gives up on a listener that hangs. */
    public void close(Duration grace) {
        if (!queue.offer(STOP_MARK)) {
            queue.clear();
            queue.offer(STOP_MARK);
        }
        try {
            thread.join(Math.max(1, grace.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.log(Level.WARNING, () -> "SLO listener " + name() + " did not finish within "
                    + Durations.format(grace) + "; abandoning it");
            abandoned = true;
            thread.interrupt();
        }
    }

    private String name() {
        String n = listener.getClass().getSimpleName();
        return n.isEmpty() ? listener.getClass().getName() : n;
    }
}
