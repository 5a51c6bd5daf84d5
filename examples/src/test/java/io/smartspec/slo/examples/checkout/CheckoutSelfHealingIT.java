package io.smartspec.slo.examples.checkout;

import io.smartspec.slo.incident.store.Incident;
import io.smartspec.slo.incident.store.IncidentStore;
import io.smartspec.slo.incident.store.TimelineEntry;
import io.smartspec.slo.postmortem.PostMortem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's path as the README shows it, run for real: a bad deploy breaches, the remediation calls the
 * service's rollback endpoint, the SLO recovers, and the post-mortem draft tells it with the incident's
 * real figures. The incident is read back from the journal the demo wrote, from the outside.
 */
class CheckoutSelfHealingIT {

    @TempDir
    Path dir;

    @Test
    void aBadDeployIsBreachedHealedByTheRollbackActionRecoveredAndDrafted() throws Exception {
        // given the demo with self-healing, as java -jar checkout-demo.jar runs it
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

        // when it runs
        RunSummary summary = CheckoutDemo.run(CheckoutDemo.Options.parse(), dir, out);
        String output = printed.toString(StandardCharsets.UTF_8) + summary.render();

        // then no timer rolled the deploy back: the service's rollback endpoint did, once, while the deploy was bad
        assertThat(output).doesNotContain("--- rolled back");
        assertThat(summary.rollbacks()).isEqualTo(1);
        assertThat(output).contains(": the bad deploy is rolled back");

        // and the incident in which the action ran, read back from the demo's journal, shows
        // breach -> remediation run -> its outcome (HTTP 2xx) -> recovery, in that order
        Incident incident;
        try (IncidentStore store = IncidentStore.embedded(dir.resolve("incidents"))) {
            List<Incident> healed = store.list(io.smartspec.slo.incident.store.IncidentQuery.all()).stream()
                    .filter(RunSummary::actionRan).toList();
            assertThat(healed).as("incidents in which an action ran").hasSize(1);
            incident = healed.get(0);
        }
        List<TimelineEntry> timeline = incident.timeline();
        // (on a loaded machine the healthy service can breach and recover once before the deploy; the incident
        // then holds that breach too, so the breach that was healed is the last one before the action ran)
        int run = indexOf(timeline, 0, e -> e.kind() == TimelineEntry.Kind.REMEDIATION && e.id().endsWith("/run"));
        int breach = lastIndexBefore(timeline, run, e -> e.kind() == TimelineEntry.Kind.BREACH);
        int outcome = indexOf(timeline, 0, e -> e.kind() == TimelineEntry.Kind.REMEDIATION && e.id().endsWith("/outcome"));
        int recovery = indexOf(timeline, Math.max(outcome, 0), e -> e.kind() == TimelineEntry.Kind.RECOVERY);
        assertThat(List.of(breach, run, outcome, recovery)).as("timeline %s", timeline).isSorted()
                .doesNotHaveDuplicates().doesNotContain(-1);
        assertThat(timeline.get(run).text()).startsWith("running " + CheckoutDemo.ACTION + " (http POST ");
        assertThat(timeline.get(outcome).text()).containsPattern(CheckoutDemo.ACTION + " succeeded in .*: HTTP 2\\d\\d");
        // the recovery came after the action had run and answered, and the remediation calls it healed
        assertThat(timeline.get(recovery).at()).isAfter(timeline.get(outcome).at());
        assertThat(timeline.subList(recovery, timeline.size())).anySatisfy(e ->
                assertThat(e.text()).contains("after " + CheckoutDemo.ACTION + " ran").endsWith("healed"));
        // and, in what the demo printed, the rollback came before the SLO was seen MET again
        String slo = incident.header().sloName();
        int rolledBack = output.indexOf("checkout-service <- POST " + CheckoutService.ROLLBACK_PATH);
        assertThat(rolledBack).isPositive();
        int breachedRound = output.lastIndexOf(slo + " BREACHED", rolledBack);
        int metAgain = output.indexOf(slo + " MET", rolledBack);
        assertThat(breachedRound).as("a BREACHED round before the rollback").isPositive();
        assertThat(metAgain).as("a MET round after the rollback").isPositive();

        // and the post-mortem draft of that incident states its real duration, from the timeline: from its
        // first breach to its last recovery (on a loaded machine the healthy service's p99 can cross 250 ms
        // again after the heal; an incident whose last word is a breach has no duration yet, and says so)
        int lastBreach = lastIndexBefore(timeline, timeline.size(), e -> e.kind() == TimelineEntry.Kind.BREACH);
        int lastRecovery = lastIndexBefore(timeline, timeline.size(), e -> e.kind() == TimelineEntry.Kind.RECOVERY);
        long breaches = timeline.stream().filter(e -> e.kind() == TimelineEntry.Kind.BREACH).count();
        PostMortem draft = summary.postMortems().stream().filter(p -> p.incident().id().equals(incident.id()))
                .findFirst().orElseThrow();
        String markdown = draft.markdown(ZoneId.systemDefault());
        if (lastRecovery > lastBreach) {
            Duration duration = Duration.between(incident.openedAt(), timeline.get(lastRecovery).at());
            assertThat(draft.impact().duration().recorded()).contains(duration);
            assertThat(markdown).contains("| Duration | " + seconds(duration) + " |");
        } else {
            assertThat(draft.impact().duration().recorded()).isEmpty();
            assertThat(markdown).contains("the SLO has not recovered");
        }
        assertThat(markdown)
                .contains("| Breaches in this incident | " + breaches + " |")
                .contains("succeeded in ")
                .contains("## Root cause — TO BE WRITTEN BY A HUMAN");
        assertThat(output).contains("The post-mortem draft of incident " + incident.id()).contains(markdown);
    }

    private static int lastIndexBefore(List<TimelineEntry> timeline, int end, Predicate<TimelineEntry> p) {
        for (int i = end - 1; i >= 0; i--) {
            if (p.test(timeline.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(List<TimelineEntry> timeline, int from, Predicate<TimelineEntry> p) {
        for (int i = from; i < timeline.size(); i++) {
            if (p.test(timeline.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** A duration under an hour as the draft writes it: to the nearest second, {@code 8 s}, {@code 1 min 4 s}. */
    private static String seconds(Duration d) {
        long s = Math.round(d.toMillis() / 1000.0);
        return s < 60 ? s + " s" : s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
    }
}
