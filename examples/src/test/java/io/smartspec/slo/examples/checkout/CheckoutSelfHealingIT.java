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
        int breach = indexOf(timeline, e -> e.kind() == TimelineEntry.Kind.BREACH);
        int run = indexOf(timeline, e -> e.kind() == TimelineEntry.Kind.REMEDIATION && e.id().endsWith("/run"));
        int outcome = indexOf(timeline, e -> e.kind() == TimelineEntry.Kind.REMEDIATION && e.id().endsWith("/outcome"));
        int recovery = indexOf(timeline, e -> e.kind() == TimelineEntry.Kind.RECOVERY);
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
        int breachedRound = output.indexOf(slo + " BREACHED");
        int metAgain = output.indexOf(slo + " MET", breachedRound);
        assertThat(breachedRound).isPositive().isLessThan(rolledBack);
        assertThat(metAgain).isGreaterThan(rolledBack);

        // and the post-mortem draft of that incident states its real duration, from the timeline
        Duration duration = Duration.between(incident.openedAt(), timeline.get(recovery).at());
        PostMortem draft = summary.postMortems().stream().filter(p -> p.incident().id().equals(incident.id()))
                .findFirst().orElseThrow();
        assertThat(draft.impact().duration().recorded()).contains(duration);
        String markdown = draft.markdown(ZoneId.systemDefault());
        assertThat(markdown).contains("| Duration | " + seconds(duration) + " |")
                .contains("| Breaches in this incident | 1 |")
                .contains("succeeded in ")
                .contains("## Root cause — TO BE WRITTEN BY A HUMAN");
        assertThat(output).contains("The post-mortem draft of incident " + incident.id()).contains(markdown);
    }

    private static int indexOf(List<TimelineEntry> timeline, Predicate<TimelineEntry> p) {
        for (int i = 0; i < timeline.size(); i++) {
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
