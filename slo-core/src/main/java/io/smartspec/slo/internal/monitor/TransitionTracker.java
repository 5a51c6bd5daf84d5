package io.smartspec.slo.internal.monitor;

import io.smartspec.slo.monitor.SloEvent;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns results into events on transitions only, per dedup key ({@code specId/slo}):
 * <ul>
 *   <li>BREACH once the SLO has been BREACHED (or NO_DATA, when alerting on no data) in every round
 *       for at least {@code breachFor} (like Prometheus {@code for:}); a round in between that is met
 *       or unknown restarts the wait;</li>
 *   <li>RECOVERY when a breached SLO is met again (an unknown round neither recovers nor re-fires);</li>
 *   <li>STILL_BREACHING every {@code reminderEvery} while the breach holds, if configured.</li>
 * </ul>
 * Not thread-safe: used by the round that holds the monitor's round lock. Memory: one entry per SLO.
 */
public final class TransitionTracker {

    private final Duration breachFor;
    private final Optional<Duration> reminderEvery;

    private static final class State {
        Instant pendingSince;
        boolean fired;
        Instant lastNotified;
    }

    private final Map<String, State> states = new HashMap<>();

    public TransitionTracker(Duration breachFor, Optional<Duration> reminderEvery) {
        this.breachFor = breachFor;
        this.reminderEvery = reminderEvery;
    }

    /** The events the result causes, in order (at most one). */
    public List<SloEvent> update(SloResult result, boolean alertWhenNoData, Instant now) {
        String key = result.specId() + "/" + result.slo().name();
        State s = states.computeIfAbsent(key, k -> new State());
        Status status = result.status();
        boolean breaching = status == Status.BREACHED || (alertWhenNoData && status == Status.NO_DATA);
        List<SloEvent> events = new ArrayList<>(1);
        if (breaching) {
            if (s.pendingSince == null) {
                s.pendingSince = now;
            }
            if (!s.fired) {
                if (!Duration.between(s.pendingSince, now).minus(breachFor).isNegative()) {
                    s.fired = true;
                    s.lastNotified = now;
                    events.add(new SloEvent(SloEvent.Kind.BREACH, result, s.pendingSince, now));
                }
            } else if (reminderEvery.isPresent()
                    && !Duration.between(s.lastNotified, now).minus(reminderEvery.get()).isNegative()) {
                s.lastNotified = now;
                events.add(new SloEvent(SloEvent.Kind.STILL_BREACHING, result, s.pendingSince, now));
            }
        } else if (status.isMet()) {
            if (s.fired) {
                events.add(new SloEvent(SloEvent.Kind.RECOVERY, result, s.pendingSince, now));
            }
            s.pendingSince = null;
            s.fired = false;
            s.lastNotified = null;
        } else if (!s.fired) {
            s.pendingSince = null; // unknown: a pending breach must be seen again from the start
        }
        return events;
    }

    /** How many SLOs are tracked. */
    public int size() {
        return states.size();
    }
}
