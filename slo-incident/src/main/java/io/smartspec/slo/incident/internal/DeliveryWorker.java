package io.smartspec.slo.incident.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.core.IntervalFunction;
import io.smartspec.slo.Secret;
import io.smartspec.slo.incident.DeliveryPolicy;
import io.smartspec.slo.incident.Receiver;
import io.smartspec.slo.incident.ReceiverStats;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * One receiver's queue and its own delivery thread: a slow or dead receiver only ever holds up its
 * own events. Events are delivered in the order they were raised; the one being delivered is retried
 * (backoff with jitter, or the receiver's {@code Retry-After}) until it is accepted, refused or too old.
 *
 * <p>Memory: the queue holds only small entries (a path and what its name says); the event itself is
 * read from its file when its turn comes. The queue and the outbox are bounded by
 * {@link DeliveryPolicy#maxPending()}; when full, the oldest still-breaching reminder is dropped to make
 * room, and when there is none the new event is refused (ERROR log, counted).
 */
public final class DeliveryWorker {

    private static final System.Logger LOG = System.getLogger("io.smartspec.slo.incident.IncidentForwarder");
    /** At most this many breaches are tracked for Alertmanager re-sends (one per SLO in practice). */
    static final int MAX_ACTIVE = 10_000;

    private final Receiver receiver;
    private final Formats.Format format;
    private final Outbox outbox;
    private final DeliveryPolicy policy;
    private final HttpClient http;
    private final Clock clock;
    private final IntervalFunction backoff;
    private final List<Secret> secrets;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Outbox.Entry> queue = new ArrayDeque<>();
    private final Map<String, Active> active = new LinkedHashMap<>(16, 0.75f, false);
    private Outbox.Entry current;
    private boolean stopping;
    private Thread thread;

    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong droppedWhenFull = new AtomicLong();
    private final AtomicLong rejectedWhenFull = new AtomicLong();
    private volatile String lastError;

    private record Active(ObjectNode event, Instant lastQueued) {
    }

    public DeliveryWorker(Receiver receiver, Outbox outbox, DeliveryPolicy policy, HttpClient http, Clock clock) {
        this.receiver = receiver;
        this.format = Formats.of(receiver);
        this.outbox = outbox;
        this.policy = policy;
        this.http = http;
        this.clock = clock;
        this.backoff = policy.jitter() > 0
                ? IntervalFunction.ofExponentialRandomBackoff(policy.initialBackoff(), policy.multiplier(),
                policy.jitter(), policy.maxBackoff())
                : IntervalFunction.ofExponentialBackoff(policy.initialBackoff(), policy.multiplier(),
                policy.maxBackoff());
        this.secrets = List.of(receiver.endpoint(), receiver.routingKey().orElse(receiver.endpoint()),
                receiver.signingSecret().orElse(receiver.endpoint()));
    }

    public Receiver receiver() {
        return receiver;
    }

    /** Loads what an earlier process left in the outbox and starts the delivery thread. */
    public void start() {
        List<Outbox.Entry> left = outbox.load();
        lock.lock();
        try {
            queue.addAll(left);
        } finally {
            lock.unlock();
        }
        if (!left.isEmpty()) {
            LOG.log(INFO, () -> receiver.type().id() + " '" + receiver.name() + "': " + left.size()
                    + " undelivered event(s) found in the outbox " + outbox.dir() + "; delivering them now");
            if (left.size() > policy.maxPending()) {
                LOG.log(WARNING, () -> receiver.type().id() + " '" + receiver.name() + "': the outbox holds "
                        + left.size() + " events, more than maxPending " + policy.maxPending()
                        + "; new events are refused until it drains below");
            }
        }
        thread = new Thread(this::run, "smartspec-incident-" + receiver.name());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Writes the event to the outbox and queues it. Returns false when it was refused (full outbox,
     * closed forwarder, disk error) — always logged.
     */
    public boolean offer(ObjectNode event, byte[] bytes) {
        String kind = EventJson.text(event, "kind");
        String key = EventJson.text(event, "dedup_key");
        lock.lock();
        try {
            if (stopping) {
                LOG.log(WARNING, () -> name() + ": closed; event " + key + " (" + kind + ") not forwarded");
                return false;
            }
            if (receiver.type() == Receiver.Type.ALERTMANAGER) {
                track(kind, key, event);
            }
            return enqueue(event, bytes, kind, key, false);
        } finally {
            lock.unlock();
        }
    }

    /** Alertmanager: queues a re-send of every breach not sent for a resend interval, unless one is pending. */
    public void resendDue() {
        Instant now = clock.instant();
        lock.lock();
        try {
            if (stopping) {
                return;
            }
            for (Map.Entry<String, Active> a : active.entrySet()) {
                if (Duration.between(a.getValue().lastQueued(), now).compareTo(receiver.resendInterval()) < 0
                        || isQueued(a.getKey())) {
                    continue;
                }
                ObjectNode copy = a.getValue().event().deepCopy();
                copy.put("id", UUID.randomUUID().toString());
                copy.put("kind", "still_breaching");
                if (enqueue(copy, EventJson.bytes(copy), "still_breaching", a.getKey(), true)) {
                    a.setValue(new Active(a.getValue().event(), now));
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void track(String kind, String key, ObjectNode event) {
        if ("recovery".equals(kind)) {
            active.remove(key);
            return;
        }
        active.remove(key);
        active.put(key, new Active(event, clock.instant()));
        if (active.size() > MAX_ACTIVE) {
            Iterator<String> eldest = active.keySet().iterator();
            String dropped = eldest.next();
            eldest.remove();
            LOG.log(WARNING, () -> name() + ": more than " + MAX_ACTIVE + " breaches at once; no longer re-sending "
                    + dropped + " (Alertmanager resolves it by timeout)");
        }
    }

    private boolean isQueued(String key) {
        if (current != null && key.equals(current.dedupKey())) {
            return true;
        }
        for (Outbox.Entry e : queue) {
            if (key.equals(e.dedupKey())) {
                return true;
            }
        }
        return false;
    }

    private boolean enqueue(ObjectNode event, byte[] bytes, String kind, String key, boolean quiet) {
        if (pendingLocked() >= policy.maxPending() && !makeRoom()) {
            rejectedWhenFull.incrementAndGet();
            if (!quiet) {
                LOG.log(ERROR, () -> name() + ": outbox full (" + policy.maxPending() + " pending, none of them a "
                        + "still-breaching reminder); refusing the new " + kind + " event of " + key
                        + " — the receiver has been failing: " + Optional.ofNullable(lastError).orElse("no attempt yet"));
            }
            return false;
        }
        try {
            queue.add(outbox.write(EventJson.text(event, "id"), bytes, Outbox.kindLetter(kind), key,
                    clock.instant()));
            accepted.incrementAndGet();
            changed.signalAll();
            return true;
        } catch (IOException e) {
            LOG.log(ERROR, () -> name() + ": cannot write the " + kind + " event of " + key + " to the outbox "
                    + outbox.dir() + "; it is not forwarded: " + e);
            return false;
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
                LOG.log(WARNING, () -> name() + ": outbox full (" + policy.maxPending()
                        + " pending); dropped the oldest still-breaching reminder to make room");
                return true;
            }
        }
        return false;
    }

    private int pendingLocked() {
        return queue.size() + (current == null ? 0 : 1);
    }

    /** Waits until nothing is pending or the deadline passes; true when nothing is pending. */
    public boolean awaitIdle(long deadlineNanos) throws InterruptedException {
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

    /** Stops the thread; what is pending stays in the outbox for the next start. */
    public void stop(Duration wait) {
        lock.lock();
        try {
            stopping = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(Math.max(1, wait.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public ReceiverStats stats() {
        int pending;
        lock.lock();
        try {
            pending = pendingLocked();
        } finally {
            lock.unlock();
        }
        return new ReceiverStats(receiver.name(), receiver.type(), pending, accepted.get(), delivered.get(),
                retries.get(), rejected.get(), expired.get(), droppedWhenFull.get(), rejectedWhenFull.get(),
                Optional.ofNullable(lastError));
    }

    private void run() {
        while (true) {
            Outbox.Entry entry;
            lock.lock();
            try {
                while (queue.isEmpty() && !stopping) {
                    changed.awaitUninterruptibly();
                }
                if (stopping) {
                    return;
                }
                entry = queue.poll();
                current = entry;
            } finally {
                lock.unlock();
            }
            try {
                deliver(entry);
            } catch (RuntimeException e) {
                lastError = e.getClass().getSimpleName() + ": " + redact(e.getMessage());
                LOG.log(ERROR, () -> name() + ": unexpected failure delivering " + entry.file().getFileName()
                        + "; it stays in the outbox for the next start: " + lastError);
            } finally {
                lock.lock();
                try {
                    current = null;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    private void deliver(Outbox.Entry entry) {
        ObjectNode event;
        try {
            Optional<ObjectNode> read = outbox.read(entry);
            if (read.isEmpty()) {
                return; // delivered by another process sharing the outbox, or given up
            }
            event = read.get();
        } catch (IOException e) {
            rejected.incrementAndGet();
            LOG.log(ERROR, () -> name() + ": outbox file " + entry.file() + " is unreadable and is removed: " + e);
            outbox.delete(entry);
            return;
        }
        String what = EventJson.text(event, "kind") + " event of " + EventJson.text(event, "dedup_key");
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant();
            Duration age = Duration.between(entry.createdAt(), now);
            if (age.compareTo(policy.maxAge()) > 0) {
                expired.incrementAndGet();
                outbox.delete(entry);
                int tries = attempt - 1;
                LOG.log(ERROR, () -> name() + ": gave up the " + what + " after " + tries + " attempt(s): it is "
                        + age.toMinutes() + " minutes old, more than maxAge " + policy.maxAge() + "; last error: "
                        + Optional.ofNullable(lastError).orElse("none"));
                return;
            }
            Attempt result = attempt(event, now);
            if (result.accepted()) {
                delivered.incrementAndGet();
                outbox.delete(entry);
                if (attempt > 1) {
                    int n = attempt;
                    LOG.log(INFO, () -> name() + ": delivered the " + what + " after " + n + " attempts");
                }
                return;
            }
            lastError = result.error();
            if (!result.retry()) {
                rejected.incrementAndGet();
                outbox.delete(entry);
                LOG.log(ERROR, () -> name() + ": the receiver refused the " + what + " and it will not be retried: "
                        + result.error() + " — check the receiver's configuration (URL, key)");
                return;
            }
            if (stoppingNow()) {
                return;
            }
            retries.incrementAndGet();
            int n = attempt;
            long wait = result.retryAfter().map(Duration::toMillis).orElseGet(() -> backoff.apply(n));
            LOG.log(n == 1 || n % 10 == 0 ? WARNING : DEBUG, () -> name() + ": attempt " + n + " to deliver the "
                    + what + " failed (" + result.error() + "); retrying in " + wait + " ms");
            if (!sleep(wait)) {
                return;
            }
        }
    }

    private record Attempt(boolean accepted, boolean retry, String error, Optional<Duration> retryAfter) {
        static Attempt ok() {
            return new Attempt(true, false, "", Optional.empty());
        }
    }

    private Attempt attempt(ObjectNode event, Instant now) {
        Formats.Outgoing out = format.render(event, now);
        HttpRequest.Builder request = HttpRequest.newBuilder(out.uri()).timeout(policy.requestTimeout())
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.body()));
        out.headers().forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return Attempt.ok();
            }
            String body = response.body() == null ? "" : response.body().strip();
            String error = "HTTP " + status + (body.isEmpty() ? "" : ": "
                    + redact(body.length() > 300 ? body.substring(0, 300) + "..." : body));
            boolean retry = status == 408 || status == 429 || status >= 500;
            Optional<Duration> after = retry ? retryAfter(response.headers().firstValue("Retry-After"), now)
                    : Optional.empty();
            return new Attempt(false, retry, error, after);
        } catch (HttpTimeoutException e) {
            return new Attempt(false, true, "timed out after " + policy.requestTimeout(), Optional.empty());
        } catch (IOException e) {
            return new Attempt(false, true, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + redact(e.getMessage())), Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(false, true, "interrupted (closing)", Optional.empty());
        }
    }

    /** {@code Retry-After: 120} or an HTTP date; never negative. */
    static Optional<Duration> retryAfter(Optional<String> header, Instant now) {
        if (header.isEmpty()) {
            return Optional.empty();
        }
        String v = header.get().trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    private boolean stoppingNow() {
        lock.lock();
        try {
            return stopping;
        } finally {
            lock.unlock();
        }
    }

    /** Waits for a retry; false when the worker is stopping. */
    private boolean sleep(long millis) {
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

    private String redact(String text) {
        String s = text == null ? "" : text;
        for (Secret secret : secrets) {
            s = secret.redact(s);
        }
        return s;
    }

    private String name() {
        return receiver.type().id() + " '" + receiver.name() + "'";
    }
}
