package io.smartspec.slo.remediation;

import io.smartspec.slo.Priority;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.incident.store.IncidentStore;
import io.smartspec.slo.incident.store.Incidents;
import io.smartspec.slo.monitor.SloEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.smartspec.slo.remediation.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each guardrail on its own, with the monitor's events and rounds fed at fixed times (a round's time is
 * the guardrails' "now"), checked in the incident's timeline.
 */
class GuardrailsTest {

    @TempDir
    Path dir;
    Incidents incidents;
    Remediation remediation;
    final Counting action = new Counting();
    final List<SloEvent> escalated = new CopyOnWriteArrayList<>();

    @BeforeEach
    void store() {
        incidents = Incidents.in(IncidentStore.embedded(dir.resolve("incidents"))).closeStoreOnClose().build();
    }

    @AfterEach
    void close() {
        if (remediation != null) {
            remediation.close();
        }
        incidents.close();
    }

    private Remediation remediation(Guardrails g) {
        remediation = Remediation.builder().action("heal", action, g).forSlo(SLO, "heal").recordTo(incidents)
                .escalateTo(escalated::add).build();
        return remediation;
    }

    private static Guardrails quick() {
        return Guardrails.ofDefaults().after(Duration.ZERO).cooldown(Duration.ZERO).maxPerHour(100).maxPerDay(100);
    }

    @Test
    void runsOnlyOnceTheBreachHeldForAfter() {
        // given an action to run after 2 minutes of breach
        remediation(quick().after(Duration.ofMinutes(2)));

        // when the breach starts and holds 1 minute
        feed(incidents, remediation, breach(0, 0));
        feed(remediation, round(Status.BREACHED, 1));

        // then nothing ran
        assertThat(action.runs).hasValue(0);
        assertThat(remediationTexts(incidents)).isEmpty();

        // when it holds 2 minutes
        feed(remediation, round(Status.BREACHED, 2));

        // then it ran once, saying why
        assertThat(action.runs).hasValue(1);
        assertThat(remediationTexts(incidents)).hasSize(2);
        assertThat(remediationTexts(incidents).get(0)).startsWith("remediation: running heal (counting action): "
                + "breached for 2 min (after 2 min): checkout_error_rate = 12.5 %");
        assertThat(remediationTexts(incidents).get(1)).startsWith("remediation: heal succeeded in ")
                .contains("ok; output: healed checkout/checkout-errors");
    }

    @Test
    void neverRunsWhileTheSloHasNoData() {
        remediation(quick().after(Duration.ofMinutes(1)));
        feed(incidents, remediation, breach(0, 0));

        // when the breach held long enough, but the SLO has no data now
        feed(remediation, round(Status.NO_DATA, 2));
        feed(remediation, round(Status.NO_DATA, 3));

        // then it did not run, and said why once
        assertThat(action.runs).hasValue(0);
        assertThat(remediationTexts(incidents)).containsExactly("remediation: skipped heal (no-data): the SLO is "
                + "NO_DATA (no series); no action runs while its state is unknown");
    }

    @Test
    void neverRunsWhenTheSloCannotBeEvaluated() {
        remediation(quick().after(Duration.ofMinutes(1)));
        feed(incidents, remediation, breach(0, 0));

        // when the breach held long enough, but the metric source is down now
        feed(remediation, round(Status.ERROR, 2));

        assertThat(action.runs).hasValue(0);
        assertThat(remediationTexts(incidents)).containsExactly("remediation: skipped heal (error): the SLO is ERROR "
                + "(connection refused); no action runs while its state is unknown");

        // when it can be evaluated again and is still breached, it runs
        feed(remediation, round(Status.BREACHED, 3));
        assertThat(action.runs).hasValue(1);
    }

    @Test
    void aCooldownKeepsTheActionFromRunningAgainTooSoon() {
        remediation(quick().cooldown(Duration.ofMinutes(15)));

        // given it ran for a breach that then recovered
        feed(incidents, remediation, breach(0, 0));
        feed(incidents, remediation, recovery(0, 3));
        assertThat(action.runs).hasValue(1);

        // when the SLO breaches again 10 minutes after the run
        feed(incidents, remediation, breach(10, 10));
        feed(remediation, round(Status.BREACHED, 11));

        // then it is skipped for the cooldown, saying until when
        assertThat(action.runs).hasValue(1);
        assertThat(remediationTexts(incidents)).contains("remediation: skipped heal (cooldown): heal ran at "
                + "2026-11-29T10:00:00Z, less than its cooldown of 15 min ago; it may run again from "
                + "2026-11-29T10:15:00Z");

        // when the cooldown is over and the breach holds
        feed(remediation, round(Status.BREACHED, 15));

        // then it runs
        assertThat(action.runs).hasValue(2);
    }

    @Test
    void atMostMaxPerHourRunsInAnHour() {
        remediation(quick().maxPerHour(2));

        // three breaches within the hour, each healed
        feed(incidents, remediation, breach(0, 0));
        feed(incidents, remediation, recovery(0, 1));
        feed(incidents, remediation, breach(40, 40));
        feed(incidents, remediation, recovery(40, 41));
        feed(incidents, remediation, breach(50, 50));

        assertThat(action.runs).hasValue(2);
        assertThat(remediationTexts(incidents)).contains("remediation: skipped heal (hourly-limit): heal ran 2 "
                + "time(s) in the last hour; at most 2 per hour (max_per_hour)");

        // an hour after the first run, one run has left the window
        feed(remediation, round(Status.BREACHED, 60.5));
        assertThat(action.runs).hasValue(3);
    }

    @Test
    void atMostMaxPerDayRunsInADay() {
        remediation(quick().maxPerHour(1).maxPerDay(2));
        feed(incidents, remediation, breach(0, 0));
        feed(incidents, remediation, recovery(0, 1));
        feed(incidents, remediation, breach(120, 120));
        feed(incidents, remediation, recovery(120, 121));
        feed(incidents, remediation, breach(240, 240));

        assertThat(action.runs).hasValue(2);
        assertThat(remediationTexts(incidents)).contains("remediation: skipped heal (daily-limit): heal ran 2 "
                + "time(s) in the last 24 hours; at most 2 per day (max_per_day)");
    }

    @Test
    void aDryRunRecordsWhatWouldRunAndRunsNothing() {
        remediation(quick().dryRun(true));
        feed(incidents, remediation, breach(0, 0));
        feed(remediation, round(Status.BREACHED, 1));

        assertThat(action.runs).hasValue(0);
        assertThat(remediationTexts(incidents)).containsExactly("remediation: dry run: would run heal (counting "
                + "action); nothing was run; breached for 0 s (after 0 s): checkout_error_rate = 12.5 %, objective "
                + "< 1 %");
    }

    @Test
    void notRecoveredInTimeEscalatesOnePriorityUpInsteadOfRunningAgain() {
        remediation(quick().verifyWithin(Duration.ofMinutes(5)));

        // given the action ran at the breach and the SLO stays breached
        feed(incidents, remediation, breach(0, 0));
        feed(remediation, round(Status.BREACHED, 4));
        assertThat(escalated).isEmpty();

        // when 5 minutes passed since the run
        feed(remediation, round(Status.BREACHED, 5));
        feed(remediation, round(Status.BREACHED, 6));

        // then the incident is escalated once, the breach re-sent at P0 (from P1), and the action not repeated
        assertThat(action.runs).hasValue(1);
        assertThat(kinds(incidents)).containsExactly("breach", "remediation", "remediation", "escalated");
        assertThat(remediationTexts(incidents).get(2)).isEqualTo("escalated: not recovered 5 min after heal ran "
                + "(verify within 5 min): escalated from P1 to P0; the breach was sent again at P0 to its receivers; "
                + "heal is not run again for this breach");
        assertThat(escalated).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(SloEvent.Kind.BREACH);
            assertThat(e.priority()).isEqualTo(Priority.P0);
            assertThat(e.since()).isEqualTo(T0);
        });
        assertThat(incidents.find(KEY).orElseThrow().escalatedAt()).contains(at(5));

        // when it recovers, the receivers it was escalated to hear the recovery too
        feed(incidents, remediation, recovery(0, 8));
        assertThat(escalated).hasSize(2);
        assertThat(escalated.get(1).kind()).isEqualTo(SloEvent.Kind.RECOVERY);
        assertThat(escalated.get(1).priority()).isEqualTo(Priority.P0);
    }

    @Test
    void aRecoveryWithinVerifyWithinIsRecordedAsHealed() {
        remediation(quick().verifyWithin(Duration.ofMinutes(5)));
        feed(incidents, remediation, breach(0, 0));
        feed(incidents, remediation, recovery(0, 2));

        assertThat(kinds(incidents)).containsExactly("breach", "remediation", "remediation", "recovery",
                "remediation");
        assertThat(remediationTexts(incidents).get(2)).isEqualTo("remediation: the SLO recovered 2 min after heal "
                + "ran (verify within 5 min): healed");
        assertThat(escalated).isEmpty();
    }

    @Test
    void theGuardrailsHoldAcrossProcessesWithAStateDirectory() {
        // slo monitor --run-once: one process a round; the cooldown must hold across them
        Path state = dir.resolve("state");
        remediation = Remediation.builder().action("heal", action, quick().cooldown(Duration.ofMinutes(30)))
                .forSlo(SLO, "heal").recordTo(incidents).stateDirectory(state).build();
        feed(incidents, remediation, breach(0, 0));
        feed(incidents, remediation, recovery(0, 1));
        remediation.close();

        // a new process: the breach again within the cooldown
        remediation = Remediation.builder().action("heal", action, quick().cooldown(Duration.ofMinutes(30)))
                .forSlo(SLO, "heal").recordTo(incidents).stateDirectory(state).build();
        feed(incidents, remediation, breach(10, 10));

        assertThat(action.runs).hasValue(1);
        assertThat(remediationTexts(incidents)).anySatisfy(t -> assertThat(t).startsWith(
                "remediation: skipped heal (cooldown)"));
    }

    @Test
    void aBreachThatStartedBeforeARestartIsTakenFromItsIncidentAndNotHealedTwice() {
        // given the action ran for a breach, in a process without a state directory
        remediation(quick().after(Duration.ofMinutes(1)));
        feed(incidents, remediation, breach(0, 0));
        feed(remediation, round(Status.BREACHED, 1));
        assertThat(action.runs).hasValue(1);
        remediation.close();

        // when a new process sees the breach hold (the monitor sends no event for a breach it told before)
        remediation = Remediation.builder().action("heal", action, quick().after(Duration.ofMinutes(1))
                        .verifyWithin(Duration.ofMinutes(5))).forSlo(SLO, "heal").recordTo(incidents)
                .escalateTo(escalated::add).build();
        feed(remediation, round(Status.BREACHED, 3));
        feed(remediation, round(Status.BREACHED, 6));

        // then it knows the action ran at minute 1: not again, escalated 5 minutes after
        assertThat(action.runs).hasValue(1);
        assertThat(kinds(incidents)).containsExactly("breach", "remediation", "remediation", "escalated");
        assertThat(escalated).hasSize(1);
    }
}
