package io.smartspec.slo.incident.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.smartspec.slo.incident.Receiver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * Alertmanager forgets a firing alert that is not re-sent (its {@code endsAt} passes), so the alerts of
 * the breaches that hold are queued again every {@link Receiver#resendInterval()} as still-breaching
 * reminders, until their recovery. Which alerts fire is kept in {@code firing-alerts.json} in the
 * receiver's outbox directory (rewritten atomically when a breach starts or ends), so that a restarted
 * process goes on re-sending them — the monitor, restored from its state, sends no second breach.
 */
final class AlertmanagerResender {

    static final String FILE_NAME = "firing-alerts.json";
    /** At most this many breaches are tracked for re-sends (one per SLO in practice). */
    static final int MAX_ACTIVE = 10_000;
    private static final System.Logger LOG = System.getLogger("io.smartspec.slo.incident.IncidentForwarder");

    private final Receiver receiver;
    private final Path file;
    private final Map<String, Active> active = new LinkedHashMap<>();

    private record Active(OutboxEvent event, Instant lastQueued) {
    }

    /** Where a reminder goes: the receiver's queue (false when it is full or closed). */
    interface Queue {
        boolean isPending(String dedupKey);

        boolean enqueueReminder(OutboxEvent reminder);
    }

    AlertmanagerResender(Receiver receiver, Path dir) {
        this.receiver = receiver;
        this.file = dir.resolve(FILE_NAME);
        load();
    }

    private void load() {
        try {
            JsonNode alerts = EventJson.MAPPER.readTree(Files.readAllBytes(file));
            for (JsonNode a : alerts) {
                OutboxEvent e = EventJson.read(EventJson.json(a));
                active.put(e.dedupKey(), new Active(e, Instant.EPOCH)); // due at once: refresh after the restart
            }
            if (!active.isEmpty()) {
                LOG.log(INFO, () -> name() + ": re-sending the " + active.size() + " alert(s) that were firing when "
                        + "the forwarder last stopped");
            }
        } catch (NoSuchFileException e) {
            // nothing was firing
        } catch (IOException | RuntimeException e) {
            LOG.log(ERROR, () -> name() + ": " + file + " is unreadable (" + e.getMessage() + "); the alerts firing "
                    + "before the restart are not re-sent and Alertmanager resolves them by timeout");
        }
    }

    /** Starts (breach, reminder) or stops (recovery) re-sending the event's alert. */
    synchronized void track(OutboxEvent event, Instant now) {
        Active before = active.remove(event.dedupKey());
        if (event.isRecovery()) {
            if (before != null) {
                save();
            }
            return;
        }
        active.put(event.dedupKey(), new Active(event, now));
        if (active.size() > MAX_ACTIVE) {
            Iterator<String> eldest = active.keySet().iterator();
            String dropped = eldest.next();
            eldest.remove();
            LOG.log(WARNING, () -> name() + ": more than " + MAX_ACTIVE + " breaches at once; no longer re-sending "
                    + dropped + " (Alertmanager resolves it by timeout)");
        }
        if (before == null || !before.event().since().equals(event.since())) {
            save();
        }
    }

    /** Queues a re-send of every alert not sent for a resend interval, unless one is pending. */
    synchronized void resendDue(Instant now, Queue queue) {
        for (Map.Entry<String, Active> a : active.entrySet()) {
            if (Duration.between(a.getValue().lastQueued(), now).compareTo(receiver.resendInterval()) < 0
                    || queue.isPending(a.getKey())) {
                continue;
            }
            if (queue.enqueueReminder(a.getValue().event().reminder(UUID.randomUUID().toString()))) {
                a.setValue(new Active(a.getValue().event(), now));
            }
        }
    }

    synchronized int size() {
        return active.size();
    }

    private void save() {
        ArrayNode alerts = EventJson.MAPPER.createArrayNode();
        try {
            for (Active a : active.values()) {
                alerts.add(EventJson.MAPPER.readTree(EventJson.bytes(a.event())));
            }
            Path temp = file.resolveSibling("." + FILE_NAME + ".tmp");
            Files.write(temp, EventJson.json(alerts));
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.log(ERROR, () -> name() + ": cannot write " + file + " (" + e.getMessage() + "); after a restart "
                    + "the firing alerts would not be re-sent");
        }
    }

    private String name() {
        return receiver.type().id() + " '" + receiver.name() + "'";
    }
}
