package io.smartspec.slo.incident.internal;

import io.github.resilience4j.core.IntervalFunction;
import io.smartspec.slo.incident.DeliveryAttempt;
import io.smartspec.slo.incident.DeliveryPolicy;
import io.smartspec.slo.incident.DeliveryRecorder;
import io.smartspec.slo.incident.Receiver;
import io.smartspec.slo.incident.ReceiverStats;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * One receiver's delivery thread: takes the oldest pending event from its {@link DeliveryQueue},
 * decodes it once from its outbox file, and makes {@link HttpAttempt}s until the receiver accepts or
 * refuses it or it is too old — backoff with jitter between attempts, or the receiver's
 * {@code Retry-After}. A slow or dead receiver only ever holds up its own events. What the receiver
 * accepted is recorded in its {@link AcceptedIds} before the file is deleted, so no restart sends it
 * again; an Alertmanager receiver also has its {@link AlertmanagerResender}.
 */
public final class DeliveryWorker {

    private final Outbox outbox;

    private static final System.Logger LOG = System.getLogger("io.smartspec.slo.incident.IncidentForwarder");

    private final Receiver receiver;
    private final DeliveryQueue queue;
    private final HttpAttempt http;
    private final AcceptedIds acceptedIds;
    private final Optional<AlertmanagerResender> resender;
    private final DeliveryPolicy policy;
    private final Clock clock;
    private final IntervalFunction backoff;
    private final DeliveryRecorder recorder;
    private Thread thread;

    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private volatile String lastError;

    /** A worker for the receiver whose outbox is {@code dir} (created when missing). */
    public DeliveryWorker(Receiver receiver, Path dir, DeliveryPolicy policy, HttpClient client, Clock clock) {
        this(receiver, dir, policy, client, clock, DeliveryRecorder.NONE);
    }

    /** As above; every attempt's outcome is told to {@code recorder}. */
    public DeliveryWorker(Receiver receiver, Path dir, DeliveryPolicy policy, HttpClient client, Clock clock,
                          DeliveryRecorder recorder) {
        this(receiver, dir, policy, HttpClients.of(client), clock, recorder);
    }

    /** As above, with clients made when the first delivery needs one ({@link HttpClients#lazy}). */
    public DeliveryWorker(Receiver receiver, Path dir, DeliveryPolicy policy, HttpClients client, Clock clock,
                          DeliveryRecorder recorder) {
        this.receiver = receiver;
        this.recorder = recorder;
        Outbox outbox = new Outbox(dir, policy.syncWrites());
        this.outbox = outbox;
        this.queue = new DeliveryQueue(receiver, outbox, policy.maxPending());
        this.http = new HttpAttempt(receiver, client, policy.requestTimeout());
        this.acceptedIds = new AcceptedIds(dir, policy.syncWrites());
        this.resender = receiver.type() == Receiver.Type.ALERTMANAGER
                ? Optional.of(new AlertmanagerResender(receiver, dir)) : Optional.empty();
        this.policy = policy;
        this.clock = clock;
        this.backoff = policy.jitter() > 0
                ? IntervalFunction.ofExponentialRandomBackoff(policy.initialBackoff(), policy.multiplier(),
                policy.jitter(), policy.maxBackoff())
                : IntervalFunction.ofExponentialBackoff(policy.initialBackoff(), policy.multiplier(),
                policy.maxBackoff());
    }

    public Receiver receiver() {
        return receiver;
    }

    /** Loads what an earlier process left in the outbox and starts the delivery thread. */
    public void start() {
        queue.load();
        thread = new Thread(this::run, "smartspec-incident-" + receiver.name());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Writes the event to the outbox and queues it. An event this receiver already accepted, or holds,
     * is not queued again (the monitor publishes a breach or recovery again after a restart when it could
     * not record that it had been taken). Returns false when it was refused (full outbox, closed
     * forwarder, disk error) — always logged.
     */
    public boolean offer(OutboxEvent event, byte[] bytes) {
        if (acceptedIds.contains(event.id()) || queue.holdsEvent(event.id())) {
            LOG.log(DEBUG, () -> name() + ": the " + event.describe() + " (" + event.id()
                    + ") was already accepted or is pending; not queued again");
            return true;
        }
        Instant now = clock.instant();
        resender.ifPresent(r -> r.track(event, now));
        return queue.offer(event, bytes, now, false, () -> Optional.ofNullable(lastError));
    }

    /** Alertmanager: queues a re-send of every firing alert not sent for a resend interval. */
    public void resendDue() {
        if (resender.isEmpty() || queue.isStopping()) {
            return;
        }
        resender.get().resendDue(clock.instant(), new AlertmanagerResender.Queue() {
            @Override
            public boolean isPending(String dedupKey) {
                return queue.isPending(dedupKey);
            }

            @Override
            public boolean enqueueReminder(OutboxEvent reminder) {
                return queue.offer(reminder, EventJson.bytes(reminder), clock.instant(), true,
                        () -> Optional.ofNullable(lastError));
            }
        });
    }

    /** Waits until nothing is pending or the deadline passes; true when nothing is pending. */
    public boolean awaitIdle(long deadlineNanos) throws InterruptedException {
        return queue.awaitIdle(deadlineNanos);
    }

    /** How many events wait in this receiver's outbox directory, read from the disk (after {@link #stop}: what is left). */
    public int storedInOutbox() {
        return outbox.load().size();
    }

    /** Stops the thread; what is pending stays in the outbox for the next start. */
    public void stop(Duration wait) {
        queue.stop();
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
        return new ReceiverStats(receiver.name(), receiver.type(), queue.pending(), queue.accepted.get(),
                delivered.get(), retries.get(), rejected.get(), expired.get(), queue.droppedWhenFull.get(),
                queue.rejectedWhenFull.get(), Optional.ofNullable(lastError));
    }

    private void run() {
        while (true) {
            Optional<Outbox.Entry> next = queue.take();
            if (next.isEmpty()) {
                return;
            }
            Outbox.Entry entry = next.get();
            try {
                deliver(entry);
            } catch (RuntimeException e) {
                lastError = e.getClass().getSimpleName() + ": " + http.redact(e.getMessage());
                LOG.log(ERROR, () -> name() + ": unexpected failure delivering " + entry.file().getFileName()
                        + "; it stays in the outbox for the next start: " + lastError);
            } finally {
                queue.done();
            }
        }
    }

    private void deliver(Outbox.Entry entry) {
        Outbox outbox = queue.outbox();
        OutboxEvent event;
        try {
            Optional<OutboxEvent> read = outbox.read(entry);
            if (read.isEmpty()) {
                return; // given up meanwhile
            }
            event = read.get();
        } catch (IOException e) {
            rejected.incrementAndGet();
            LOG.log(ERROR, () -> name() + ": " + e.getMessage() + "; it is unreadable and is removed");
            outbox.delete(entry);
            return;
        }
        if (acceptedIds.contains(event.id())) {
            LOG.log(INFO, () -> name() + ": the " + event.describe() + " was accepted before a restart; not sent "
                    + "again");
            outbox.delete(entry);
            return;
        }
        String what = event.describe();
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant();
            Duration age = Duration.between(entry.createdAt(), now);
            if (age.compareTo(policy.maxAge()) > 0) {
                expired.incrementAndGet();
                record(event, attempt, DeliveryAttempt.Outcome.EXPIRED, "older than maxAge " + policy.maxAge());
                outbox.delete(entry);
                int tries = attempt - 1;
                LOG.log(ERROR, () -> name() + ": gave up the " + what + " after " + tries + " attempt(s): it is "
                        + age.toMinutes() + " minutes old, more than maxAge " + policy.maxAge() + "; last error: "
                        + Optional.ofNullable(lastError).orElse("none"));
                return;
            }
            HttpAttempt.Result result = http.send(event, now);
            if (result.accepted()) {
                delivered.incrementAndGet();
                recordAccepted(event);
                record(event, attempt, DeliveryAttempt.Outcome.ACCEPTED, "");
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
                record(event, attempt, DeliveryAttempt.Outcome.REFUSED, result.error());
                outbox.delete(entry);
                LOG.log(ERROR, () -> name() + ": the receiver refused the " + what + " and it will not be retried: "
                        + result.error() + " — check the receiver's configuration (URL, key)");
                return;
            }
            record(event, attempt, DeliveryAttempt.Outcome.RETRYING, result.error());
            if (queue.isStopping()) {
                return;
            }
            retries.incrementAndGet();
            int n = attempt;
            long wait = result.retryAfter().map(Duration::toMillis).orElseGet(() -> backoff.apply(n));
            LOG.log(n == 1 || n % 10 == 0 ? WARNING : DEBUG, () -> name() + ": attempt " + n + " to deliver the "
                    + what + " failed (" + result.error() + "); retrying in " + wait + " ms");
            if (!queue.sleep(wait)) {
                return;
            }
        }
    }

    /** Tells the recorder; one that throws is logged, delivery goes on. */
    private void record(OutboxEvent event, int attempt, DeliveryAttempt.Outcome outcome, String error) {
        if (recorder == DeliveryRecorder.NONE) {
            return;
        }
        try {
            recorder.onAttempt(new DeliveryAttempt(event.id(), event.kind(), event.dedupKey(), receiver.name(),
                    receiver.type(), attempt, outcome, error == null ? "" : error, clock.instant()));
        } catch (RuntimeException e) {
            LOG.log(WARNING, () -> name() + ": the delivery recorder failed on attempt " + attempt + " of the "
                    + event.describe() + ": " + e);
        }
    }

    private void recordAccepted(OutboxEvent event) {
        try {
            acceptedIds.add(event.id());
        } catch (IOException e) {
            LOG.log(WARNING, () -> name() + ": cannot record that the " + event.describe() + " was accepted ("
                    + e.getMessage() + "); a restart now could send it again");
        }
    }

    private String name() {
        return receiver.type().id() + " '" + receiver.name() + "'";
    }
}
