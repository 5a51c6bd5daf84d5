package io.smartspec.slo.incident;

import io.smartspec.slo.config.ConfigSection;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.Problem;
import io.smartspec.slo.config.ReceiverConfig;
import io.smartspec.slo.monitor.SloEvent;
import io.smartspec.slo.monitor.SloListener;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.incident.internal.DeliveryWorker;
import io.smartspec.slo.incident.internal.EventJson;
import io.smartspec.slo.incident.internal.HttpClients;
import io.smartspec.slo.incident.internal.OutboxEvent;
import io.smartspec.slo.incident.internal.ReceiverSettings;
import io.smartspec.slo.monitor.DirectoryLock;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * Forwards SLO breaches, recoveries and reminders to incident response — Alertmanager, PagerDuty,
 * Slack, JSON webhooks — at least once, surviving restarts. An {@link SloListener}: register it with
 * the monitor.
 *
 * <pre>{@code
 * try (IncidentForwarder incidents = IncidentForwarder.withOutbox(Path.of("var/slo-outbox"))
 *         .forwardTo(Receiver.pagerDuty(Secret.of(System.getenv("PD_KEY"), "env PD_KEY"))
 *                 .forPriorities(Priority.P0, Priority.P1))
 *         .forwardTo(Receiver.slack(Secret.of(System.getenv("SLACK_URL"), "env SLACK_URL")))
 *         .forwardTo(Receiver.alertmanager("http://127.0.0.1:9093"))
 *         .deliveryPolicy(DeliveryPolicy.ofDefaults().withMaxAge(Duration.ofHours(6)))
 *         .build()) {
 *     monitor.addListener(incidents);
 *     ...
 *     incidents.flush(Duration.ofSeconds(30)); // e.g. before a --run-once process exits
 * }
 * }</pre>
 *
 * <h2>Delivery guarantees</h2>
 * <ul>
 * <li><b>At least once.</b> {@link #onEvent} writes the event to the outbox directory (one file per
 *     event and receiver, written to a temporary file and atomically moved into place) before any
 *     attempt, and returns; the file is deleted only when the receiver accepted the event (2xx). A
 *     process that dies delivers what is left when a forwarder is next built on the same directory.
 *     Redelivery is harmless for PagerDuty and Alertmanager (same dedup key / same labels); webhook
 *     receivers dedupe on the payload's {@code id}.</li>
 * <li><b>Isolation.</b> Each receiver has its own queue and thread: a slow or dead receiver delays
 *     neither the caller nor the other receivers. Within a receiver, events go out in order.</li>
 * <li><b>Retries.</b> See {@link DeliveryPolicy}: backoff with jitter on connection errors, timeouts,
 *     408, 429 and 5xx, honouring {@code Retry-After}; other 4xx are refused at once (ERROR log);
 *     events older than {@code maxAge} (24h) are given up (ERROR log, counted).</li>
 * <li><b>Bounded.</b> At most {@code maxPending} events per receiver are kept. When a receiver's
 *     outbox is full, the oldest pending still-breaching reminder is dropped to make room (WARNING);
 *     if there is none, the new event is refused (ERROR log, {@link ReceiverStats#rejectedWhenFull()}):
 *     the breaches and recoveries already waiting are older and kept in order.</li>
 * <li><b>Idempotent by event id.</b> The ids a receiver accepted are recorded in its outbox directory
 *     before the event's file is deleted: a restarted process never sends such an event again, and an
 *     event published twice (the monitor does so after a restart when it could not record that its
 *     listeners had taken it) is queued once.</li>
 * <li><b>Alertmanager re-sends</b> a firing alert every {@link Receiver#resendInterval()} until the
 *     recovery, with {@code endsAt} four intervals ahead, so Alertmanager neither resolves it by
 *     timeout while the breach lasts nor keeps it firing for ever if this process dies. The firing
 *     alerts are kept in the outbox, so a restarted forwarder goes on re-sending them (give the
 *     monitor a {@code stateDirectory}: it then sends no second breach, and sends the recovery that
 *     happened while the process was down).</li>
 * <li><b>Secrets</b> (routing keys, webhook URLs with tokens, HMAC keys) are never logged, printed
 *     nor written to the outbox: requests are rendered from the stored event when sent.</li>
 * </ul>
 * One outbox directory belongs to one forwarder at a time: {@link Builder#build()} locks it
 * ({@code outbox.lock}, an operating-system lock holding the PID) and a second forwarder, in this
 * process or another, is refused with a problem naming the directory and the holder's PID.
 *
 * @since 0.1.0
 */
public final class IncidentForwarder implements SloListener {

    private static final System.Logger LOG = System.getLogger(IncidentForwarder.class.getName());
    /** The lock file of the outbox directory: one forwarder (one process) per outbox. */
    static final String LOCK_FILE = "outbox.lock";

    private final Path outboxDir;
    private final DeliveryPolicy policy;
    private final List<DeliveryWorker> workers;
    private final ScheduledExecutorService resender;
    private final DirectoryLock lock;
    private volatile boolean closed;

    private IncidentForwarder(Path outboxDir, List<Receiver> receivers, DeliveryPolicy policy, Clock clock,
                              DirectoryLock lock, DeliveryRecorder recorder) {
        this.outboxDir = outboxDir;
        this.policy = policy;
        this.lock = lock;
        // made when the first delivery needs it, with TLS only for https:// receivers
        HttpClients http = HttpClients.lazy(policy.requestTimeout());
        List<DeliveryWorker> list = new ArrayList<>();
        for (Receiver r : receivers) {
            list.add(new DeliveryWorker(r, outboxDir.resolve(r.name()), policy, http, clock, recorder));
        }
        this.workers = List.copyOf(list);
        workers.forEach(DeliveryWorker::start);
        List<DeliveryWorker> resending = workers.stream()
                .filter(w -> w.receiver().type() == Receiver.Type.ALERTMANAGER).toList();
        if (resending.isEmpty()) {
            resender = null;
        } else {
            resender = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "smartspec-incident-resend");
                t.setDaemon(true);
                return t;
            });
            for (DeliveryWorker w : resending) {
                long period = Math.max(10, w.receiver().resendInterval().toMillis() / 4);
                resender.scheduleWithFixedDelay(() -> {
                    try {
                        w.resendDue();
                    } catch (RuntimeException e) {
                        LOG.log(ERROR, "re-sending firing alerts to " + w.receiver().name() + " failed: " + e);
                    }
                }, period, period, TimeUnit.MILLISECONDS);
            }
        }
        warnAboutForeignOutboxes(receivers);
        LOG.log(INFO, () -> "forwarding incidents through the outbox " + outboxDir + " to "
                + (receivers.isEmpty() ? "no receiver" : receivers.stream().map(Receiver::toString)
                .collect(Collectors.joining("; "))));
    }

    /** Starts a forwarder definition whose outbox is this directory (created when missing). */
    public static Builder withOutbox(Path outboxDir) {
        return new Builder(outboxDir);
    }

    /**
     * A forwarder for the {@code incident_response:} receivers of {@code observability.yaml}. Each
     * receiver's keys are those of its type (see {@code ReceiverSettings}): {@code url} (Alertmanager's
     * base URL, the webhook's URL, an override of PagerDuty's events endpoint), the secrets
     * {@code routing_key} (PagerDuty), {@code webhook_url} (Slack; also accepted for webhooks) and
     * {@code secret} (webhook HMAC key), {@code repeat_interval} or its alias {@code resend_interval}
     * (Alertmanager: how often firing alerts are re-sent, e.g. {@code 1m}) and {@code name} (the outbox
     * sub-directory); {@code type} and {@code priorities} for all.
     *
     * @throws SloValidationException listing every problem, each naming the receiver, line and key
     */
    public static IncidentForwarder fromConfig(List<ReceiverConfig> receivers, Path outboxDir) {
        return fromConfig(receivers, outboxDir, DeliveryPolicy.ofDefaults());
    }

    /** A forwarder for the receivers of an {@link ObservabilityConfig}. */
    public static IncidentForwarder fromConfig(ObservabilityConfig config, Path outboxDir) {
        return fromConfig(config.incidentResponse(), outboxDir, DeliveryPolicy.ofDefaults());
    }

    /** As {@link #fromConfig(List, Path)}, with a delivery policy. */
    public static IncidentForwarder fromConfig(List<ReceiverConfig> receivers, Path outboxDir, DeliveryPolicy policy) {
        return fromConfig(receivers, outboxDir, policy, DeliveryRecorder.NONE);
    }

    /** As {@link #fromConfig(List, Path, DeliveryPolicy)}, telling {@code recorder} every delivery attempt. */
    public static IncidentForwarder fromConfig(List<ReceiverConfig> receivers, Path outboxDir, DeliveryPolicy policy,
                                               DeliveryRecorder recorder) {
        List<Problem> problems = new ArrayList<>();
        Builder builder = withOutbox(outboxDir).deliveryPolicy(policy).recordDeliveriesTo(recorder);
        for (ReceiverConfig c : receivers) {
            ConfigSection s = c.settings();
            ReceiverSettings.read(c, s).ifPresent(builder::forwardTo);
            problems.addAll(s.problems());
        }
        return builder.build(problems);
    }

    /** Forwards the event to every receiver routed its priority: written to the outbox, then returns. */
    @Override
    public void onEvent(SloEvent event) {
        if (closed) {
            LOG.log(WARNING, () -> "incident forwarder closed; not forwarding: " + event);
            return;
        }
        try {
            OutboxEvent payload = EventJson.of(event);
            byte[] bytes = null;
            for (DeliveryWorker w : workers) {
                if (w.receiver().accepts(event.priority())) {
                    if (bytes == null) {
                        bytes = EventJson.bytes(payload);
                    }
                    w.offer(payload, bytes);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(ERROR, "cannot forward " + event + ": " + e);
        }
    }

    /**
     * Waits until every pending event was delivered (or refused or given up), at most {@code timeout}.
     *
     * @return true when nothing is pending any more; false on timeout (what is left stays in the outbox)
     */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (DeliveryWorker w : workers) {
                if (!w.awaitIdle(deadline)) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits up to {@link DeliveryPolicy#closeTimeout()} for pending deliveries, then stops the threads.
     * Whatever is left stays in the outbox and is delivered by the next forwarder on the directory.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean drained = flush(policy.closeTimeout());
        if (resender != null) {
            resender.shutdownNow();
        }
        workers.forEach(w -> w.stop(Duration.ofSeconds(2)));
        if (!drained) {
            // what is on the disk once the threads have stopped: the stats' queues are gone by now
            int left = workers.stream().mapToInt(DeliveryWorker::storedInOutbox).sum();
            LOG.log(WARNING, () -> left + " incident event(s) not yet delivered stay in the outbox " + outboxDir
                    + "; they are delivered when a forwarder next starts on it");
        }
        lock.close();
    }

    /** Per receiver: pending, delivered, retried, refused, expired and dropped events. */
    public List<ReceiverStats> stats() {
        return workers.stream().map(DeliveryWorker::stats).toList();
    }

    public List<Receiver> receivers() {
        return workers.stream().map(DeliveryWorker::receiver).toList();
    }

    public Path outboxDir() {
        return outboxDir;
    }

    @Override
    public String toString() {
        return "IncidentForwarder[outbox " + outboxDir + ", " + receivers().size() + " receiver(s): "
                + receivers().stream().map(Receiver::toString).collect(Collectors.joining("; ")) + "]";
    }

    private void warnAboutForeignOutboxes(List<Receiver> receivers) {
        Set<String> names = receivers.stream().map(Receiver::name).collect(Collectors.toSet());
        try (var dirs = Files.list(outboxDir)) {
            dirs.filter(Files::isDirectory).filter(d -> !names.contains(d.getFileName().toString()))
                    .forEach(d -> {
                        try (var files = Files.list(d)) {
                            long n = files.filter(f -> f.toString().endsWith(".json")).count();
                            if (n > 0) {
                                LOG.log(WARNING, () -> "the outbox " + d + " holds " + n + " undelivered event(s) for "
                                        + "receiver '" + d.getFileName() + "', which is not configured; left in place");
                            }
                        } catch (java.io.IOException ignored) {
                            // only a warning
                        }
                    });
        } catch (java.io.IOException ignored) {
            // only a warning
        }
    }

    /** Builds an {@link IncidentForwarder}; every problem is reported at {@link #build()}, all at once. */
    public static final class Builder {
        private final Path outboxDir;
        private final List<Receiver> receivers = new ArrayList<>();
        private DeliveryPolicy policy = DeliveryPolicy.ofDefaults();
        private Clock clock = Clock.systemUTC();
        private DeliveryRecorder recorder = DeliveryRecorder.NONE;

        private Builder(Path outboxDir) {
            this.outboxDir = outboxDir;
        }

        /** Adds a receiver. */
        public Builder forwardTo(Receiver receiver) {
            receivers.add(Objects.requireNonNull(receiver, "receiver"));
            return this;
        }

        public Builder deliveryPolicy(DeliveryPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Tells {@code recorder} the outcome of every delivery attempt (an incident store records them
         * in the incident's timeline).
         */
        public Builder recordDeliveriesTo(DeliveryRecorder recorder) {
            this.recorder = Objects.requireNonNull(recorder, "recorder");
            return this;
        }

        /** The clock of event ages (maxAge) and Alertmanager re-sends; tests pass a fixed or moving one. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Creates the outbox, delivers what an earlier process left in it, and starts one delivery
         * thread per receiver.
         *
         * @throws SloValidationException listing every problem (outbox, duplicate receiver names)
         */
        public IncidentForwarder build() {
            return build(new ArrayList<>());
        }

        IncidentForwarder build(List<Problem> problems) {
            if (outboxDir == null) {
                problems.add(Problem.error("incident forwarder: outbox: missing; pass the directory that keeps "
                        + "undelivered events across restarts, e.g. withOutbox(Path.of(\"var/slo-outbox\"))"));
            } else {
                try {
                    Files.createDirectories(outboxDir);
                    if (!Files.isWritable(outboxDir)) {
                        problems.add(Problem.error("incident forwarder: outbox: " + outboxDir
                                + " is not writable; expected a directory this process can write"));
                    }
                } catch (java.io.IOException | UnsupportedOperationException e) {
                    problems.add(Problem.error("incident forwarder: outbox: cannot create " + outboxDir + " ("
                            + e + "); expected a writable directory"));
                }
            }
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < receivers.size(); i++) {
                Integer first = seen.putIfAbsent(receivers.get(i).name(), i);
                if (first != null) {
                    problems.add(Problem.error("incident forwarder: receivers " + first + " and " + i
                            + " are both named '" + receivers.get(i).name() + "' (" + receivers.get(i).type().id()
                            + "); give one another name with named(...) or 'name:' — each keeps its own outbox"));
                }
            }
            DirectoryLock lock = null;
            if (problems.stream().noneMatch(Problem::isError)) {
                try {
                    lock = DirectoryLock.acquire(outboxDir, LOCK_FILE, "incident outbox");
                } catch (SloValidationException e) {
                    problems.addAll(e.problems());
                }
            }
            if (problems.stream().anyMatch(Problem::isError)) {
                throw new SloValidationException(problems);
            }
            try {
                return new IncidentForwarder(outboxDir, receivers, policy, clock, lock, recorder);
            } catch (RuntimeException e) {
                lock.close();
                throw e;
            }
        }
    }
}
