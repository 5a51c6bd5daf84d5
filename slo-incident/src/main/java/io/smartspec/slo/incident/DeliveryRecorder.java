package io.smartspec.slo.incident;

/**
 * Hears every delivery attempt of an {@link IncidentForwarder} — an incident store records them in
 * the incident's timeline. Called on the receiver's delivery thread after the attempt; one that
 * throws is logged and does not hurt delivery. Register it with
 * {@link IncidentForwarder.Builder#recordDeliveriesTo(DeliveryRecorder)}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface DeliveryRecorder {

    /** A recorder that records nothing. */
    DeliveryRecorder NONE = attempt -> {
    };

    void onAttempt(DeliveryAttempt attempt);
}
