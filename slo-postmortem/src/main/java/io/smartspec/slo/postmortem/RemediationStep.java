package io.smartspec.slo.postmortem;

import io.smartspec.slo.incident.store.TimelineEntry;

import java.time.Instant;
import java.util.Objects;

/**
 * A remediation entry of the timeline (an action run, skipped or failed) and what followed it.
 *
 * @param entry        the timeline entry, as recorded
 * @param nextRecovery the first recovery of the SLO after it (not recorded when none followed)
 * @since 0.1.0
 */
public record RemediationStep(TimelineEntry entry, Figure<Instant> nextRecovery) {
    public RemediationStep {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(nextRecovery, "nextRecovery");
    }
}
