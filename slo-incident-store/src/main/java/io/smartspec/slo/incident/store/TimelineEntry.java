package io.smartspec.slo.incident.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing that happened to an incident. Entries are only ever appended; an entry whose {@code id}
 * the incident already holds is not appended again (a monitor that publishes an event again after a
 * restart, a forwarder that re-reports an attempt, Alertmanager re-sending a webhook).
 *
 * @param id       unique within the incident (an event's id, a delivery attempt's id, a random UUID)
 * @param at       when it happened
 * @param kind     what happened
 * @param actor    who: {@code slo-monitor}, {@code alertmanager}, a receiver, a person
 * @param text     a sentence a human reads: the note, the reason, the receiver's error
 * @param slo      the SLO's value, for breaches, reminders and recoveries
 * @param delivery the receiver, attempt and outcome, for deliveries
 * @since 0.1.0
 */
public record TimelineEntry(String id, Instant at, Kind kind, String actor, String text, Optional<SloSnapshot> slo,
                            Optional<Delivery> delivery) {

    /** What happened. */
    public enum Kind {
        /** The SLO was breached: opens the incident, or reopens it within the reopen window. */
        BREACH,
        /** The SLO is still breached (the monitor's reminder). */
        REMINDER,
        /** A round saw the SLO worse than ever in this incident (its new worst value). */
        WORSENED,
        /** A receiver was sent an event: one entry per attempt, with its outcome. */
        DELIVERY,
        /** Someone acknowledged the incident. */
        ACKNOWLEDGED,
        /** The SLO is met again. */
        RECOVERY,
        /** Someone (or the API) resolved the incident. */
        RESOLVED,
        /** A breach after a recovery, within the reopen window, opened the resolved incident again. */
        REOPENED,
        /**
         * The incident was escalated: an unacknowledged P0 (PagerDuty), or a breach that a remediation
         * action did not heal in time (sent again at a higher priority).
         */
        ESCALATED,
        /**
         * Automatic remediation (slo-remediation): an action run or dry run, a run skipped and why, its
         * outcome (exit code or HTTP status, output excerpt, duration), and whether the SLO recovered.
         */
        REMEDIATION,
        /** A note someone added. */
        NOTE;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Optional<Kind> parse(String text) {
            for (Kind k : values()) {
                if (k.id().equals(text)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * One delivery attempt of a receiver.
     *
     * @param receiver  the receiver's name
     * @param type      its type ({@code pagerduty}, {@code alertmanager}, ...)
     * @param eventKind {@code breach}, {@code recovery} or {@code still-breaching}
     * @param attempt   1 for the first
     * @param outcome   {@code accepted}, {@code retrying}, {@code refused} or {@code expired}
     * @param error     why it failed; empty when accepted
     */
    public record Delivery(String receiver, String type, String eventKind, int attempt, String outcome,
                           String error) {
        public Delivery {
            Objects.requireNonNull(receiver, "receiver");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(eventKind, "eventKind");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(error, "error");
        }
    }

    public TimelineEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(slo, "slo");
        Objects.requireNonNull(delivery, "delivery");
    }

    /** An entry without SLO values nor delivery. */
    public static TimelineEntry of(String id, Instant at, Kind kind, String actor, String text) {
        return new TimelineEntry(id, at, kind, actor, text, Optional.empty(), Optional.empty());
    }

    @Override
    public String toString() {
        return at + " " + kind.id() + " by " + actor + (text.isEmpty() ? "" : ": " + text);
    }
}
