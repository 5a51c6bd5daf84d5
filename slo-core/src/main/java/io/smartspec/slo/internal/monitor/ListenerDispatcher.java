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

    public ListenerDispatcher(SloListener listener, int index) {
        this.listener = listener;
        this.thread = new Thread(this::run, "slo-monitor-listener-" + index);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public void publish(SloEvent event) {
        if (!queue.offer(event)) {
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
            SloEvent event = (SloEvent) next;
            try {
                listener.onEvent(event);
            } catch (RuntimeException | Error e) {
                failed.incrementAndGet();
                LOG.log(Level.WARNING, () -> "SLO listener " + name() + " failed on " + event.kind() + " of "
                        + event.dedupKey() + ": " + e);
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
            thread.interrupt();
        }
    }

    private String name() {
        String n = listener.getClass().getSimpleName();
        return n.isEmpty() ? listener.getClass().getName() : n;
    }
}
