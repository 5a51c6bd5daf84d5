package io.smartspec.slo.postmortem;

import io.smartspec.slo.Priority;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.Windows;
import io.smartspec.slo.evaluation.ErrorBudget;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.history.HistorySample;
import io.smartspec.slo.history.SloHistory;
import io.smartspec.slo.history.SloInfo;
import io.smartspec.slo.incident.DeliveryAttempt;
import io.smartspec.slo.incident.Receiver;
import io.smartspec.slo.incident.store.Incident;
import io.smartspec.slo.incident.store.IncidentStore;
import io.smartspec.slo.incident.store.Incidents;
import io.smartspec.slo.incident.store.TimelineEntry;
import io.smartspec.slo.monitor.SloEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.smartspec.slo.Slo.bad;
import static io.smartspec.slo.Slo.total;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A post-mortem drafted from an incident recorded through the real store ({@link Incidents} over the
 * journal) and a history written by {@link SloHistory}, checked against figures computed by hand from
 * the inputs below.
 */
class PostMortemTest {

    static final String SPEC = "payments";
    static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin"); // UTC+1 in November

    // ----- the inputs ------------------------------------------------------------------------------
    /** The SLO: 99.9% of authorisations succeed over 30 days. Its budget allows 0.1% of events to be bad. */
    static final Slo AVAILABILITY = Slo.named("authorise-availability")
            .ratio(bad("sum(rate(payments_authorise_total{outcome=\"error\"}[{{window}}]))"),
                    total("sum(rate(payments_authorise_total[{{window}}]))"))
            .target(Quantity.percent(99.9)).over(Windows.days(30)).priority(Priority.P0).build();
    /** 1,000,000 events in the window: the budget allows 1,000 bad ones. */
    static final double EVENTS = 1_000_000;
    static final int FIRST_BAD_MINUTE = 2;       // the first breached round
    static final int BREACH_FIRES_MINUTE = 4;    // breach_for 2m: the breach event
    static final int RECOVERY_MINUTE = 47;       // the first round met again
    static final long BAD_AT_BREACH = 100;       // bad events in the window when the breach fired
    static final long BAD_AT_REMINDER = 300;
    static final long BAD_AT_RECOVERY = 350;
    static final Instant SLACK_ACCEPTED = at(BREACH_FIRES_MINUTE).plusSeconds(5);
    static final Instant PAGERDUTY_RETRYING = at(BREACH_FIRES_MINUTE).plusSeconds(10);
    static final Instant PAGERDUTY_ACCEPTED = at(BREACH_FIRES_MINUTE).plusSeconds(40);

    // ----- the figures, by hand --------------------------------------------------------------------
    /** From the first bad round (minute 2) to the recovery (minute 47): 45 minutes. */
    static final Duration DURATION = Duration.ofMinutes(RECOVERY_MINUTE - FIRST_BAD_MINUTE);
    /** Budget left = 1 - bad / 1000: 0.90 when it opened, 0.65 at recovery; burned = 0.90 - 0.65 = 0.25. */
    static final double LEFT_AT_OPEN = 1 - BAD_AT_BREACH / 1000.0;
    static final double LEFT_AT_RECOVERY = 1 - BAD_AT_RECOVERY / 1000.0;
    static final double BURNED = LEFT_AT_OPEN - LEFT_AT_RECOVERY;
    /** Slack took the breach 2 min 5 s after the first bad round; PagerDuty 2 min 40 s after, on its 2nd attempt. */
    static final Duration SLACK_DETECTION = Duration.between(at(FIRST_BAD_MINUTE), SLACK_ACCEPTED);
    static final Duration PAGERDUTY_DETECTION = Duration.between(at(FIRST_BAD_MINUTE), PAGERDUTY_ACCEPTED);
    /** The window held 100 bad events when the breach was recorded and 350 at the recovery: 250 went bad between. */
    static final long REQUESTS_AFFECTED = BAD_AT_RECOVERY - BAD_AT_BREACH;

    @TempDir
    Path dir;

    static Instant at(int minute) {
        return T0.plus(Duration.ofMinutes(minute));
    }

    static SloResult result(int minute, Status status, double sliPercent, long bad) {
        ErrorBudget budget = ErrorBudget.of(0.999, EVENTS, bad);
        return new SloResult(SPEC, AVAILABILITY, status, Optional.of(Quantity.percent(sliPercent)),
                Optional.of(Quantity.percent(sliPercent - 99.9)), "", Optional.of(budget), List.of(), List.of(),
                at(minute), "prometheus", "q");
    }

    /** Records the incident as the monitor, the forwarder and people would, through the journal store. */
    Incident recordIncident() {
        Path db = dir.resolve("incidents");
        try (Incidents incidents = Incidents.in(IncidentStore.embedded(db)).closeStoreOnClose()
                .clock(Clock.fixed(at(10), ZoneOffset.UTC)).build()) {
            SloEvent breach = new SloEvent(SloEvent.Kind.BREACH, result(BREACH_FIRES_MINUTE, Status.BREACHED, 99.5,
                    BAD_AT_BREACH), at(FIRST_BAD_MINUTE), at(BREACH_FIRES_MINUTE), UUID.randomUUID());
            incidents.onEvent(breach);
            String key = breach.dedupKey();
            incidents.onAttempt(new DeliveryAttempt(breach.id().toString(), SloEvent.Kind.BREACH, key, "payments-channel",
                    Receiver.Type.SLACK, 1, DeliveryAttempt.Outcome.ACCEPTED, "", SLACK_ACCEPTED));
            incidents.onAttempt(new DeliveryAttempt(breach.id().toString(), SloEvent.Kind.BREACH, key, "payments-oncall",
                    Receiver.Type.PAGERDUTY, 1, DeliveryAttempt.Outcome.RETRYING, "HTTP 503", PAGERDUTY_RETRYING));
            incidents.onAttempt(new DeliveryAttempt(breach.id().toString(), SloEvent.Kind.BREACH, key, "payments-oncall",
                    Receiver.Type.PAGERDUTY, 2, DeliveryAttempt.Outcome.ACCEPTED, "", PAGERDUTY_ACCEPTED));
            incidents.acknowledge(key, "alice", "looking at the authorise errors");
            incidents.store().update(new IncidentStore.Target.ByKey(key), c -> IncidentStore.Change.append(
                    TimelineEntry.of("remediation-1", at(20), TimelineEntry.Kind.REMEDIATION, "slo-remediation",
                            "rollback-payments ran: exit 0 in 12 s")));
            incidents.onEvent(new SloEvent(SloEvent.Kind.STILL_BREACHING, result(34, Status.BREACHED, 99.2,
                    BAD_AT_REMINDER), at(FIRST_BAD_MINUTE), at(34), UUID.randomUUID()));
            SloEvent recovery = new SloEvent(SloEvent.Kind.RECOVERY, result(RECOVERY_MINUTE, Status.MET, 99.95,
                    BAD_AT_RECOVERY), at(FIRST_BAD_MINUTE), at(RECOVERY_MINUTE), UUID.randomUUID());
            incidents.onEvent(recovery);
            // a recovery's delivery is no detection
            incidents.onAttempt(new DeliveryAttempt(recovery.id().toString(), SloEvent.Kind.RECOVERY, key,
                    "payments-oncall", Receiver.Type.PAGERDUTY, 1, DeliveryAttempt.Outcome.ACCEPTED, "",
                    at(RECOVERY_MINUTE).plusSeconds(3)));
            return incidents.find(key).orElseThrow();
        }
    }

    /** One round a minute from 20 minutes before to 80 after: breached from minute 2 to 46. */
    SloHistory recordHistory() {
        SloHistory history = SloHistory.in(dir.resolve("history"));
        for (int m = -20; m <= 80; m++) {
            boolean breached = m >= FIRST_BAD_MINUTE && m < RECOVERY_MINUTE;
            double value = breached ? 99.5 : m < 0 ? 99.97 : 99.95;
            long bad = m < FIRST_BAD_MINUTE ? 90 : Math.min(BAD_AT_RECOVERY, 90 + 6L * m);
            history.append(SPEC, at(m), List.of(SloInfo.of(AVAILABILITY)), List.of(HistorySample.round(
                    AVAILABILITY.name(), at(m), breached ? Status.BREACHED : Status.MET, value, 1 - bad / 1000.0)));
        }
        return history;
    }

    @Test
    void theFiguresAreThoseComputedByHandFromTheRecord() {
        // given
        Incident incident = recordIncident();
        // when
        PostMortem pm = PostMortem.draft(incident, recordHistory());
        // then
        Impact impact = pm.impact();
        assertThat(impact.breachStarted()).isEqualTo(at(FIRST_BAD_MINUTE));
        assertThat(impact.duration().recorded()).contains(DURATION);
        assertThat(impact.budgetBurned().recorded().orElseThrow()).isCloseTo(BURNED, within(1e-9));
        assertThat(impact.budgetLeft().recorded().orElseThrow()).isCloseTo(LEFT_AT_RECOVERY, within(1e-9));
        assertThat(impact.period().recorded()).contains(Duration.ofDays(30));
        assertThat(impact.worst().recorded().orElseThrow().value().getAsDouble()).isCloseTo(0.992, within(1e-9));
        RequestsAffected requests = impact.requestsAffected().recorded().orElseThrow();
        assertThat(requests.count()).isEqualTo(REQUESTS_AFFECTED);
        assertThat(requests.start()).isEqualTo(at(BREACH_FIRES_MINUTE));
        assertThat(requests.end()).isEqualTo(at(RECOVERY_MINUTE));
        assertThat(requests.events()).isZero(); // the fixture's window holds EVENTS throughout
        assertThat(pm.detection()).extracting(Detection::receiver, d -> d.timeToAlert().recorded().orElseThrow(),
                        Detection::attempts)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("payments-channel", SLACK_DETECTION, 1),
                        org.assertj.core.groups.Tuple.tuple("payments-oncall", PAGERDUTY_DETECTION, 2));
        assertThat(pm.remediation()).singleElement().satisfies(s ->
                assertThat(s.nextRecovery().recorded()).contains(at(RECOVERY_MINUTE)));
        // the chart's span: 45 min / 4 = 11 min 15 s on either side (more than the 10-minute minimum)
        assertThat(pm.chartFrom()).isEqualTo(at(FIRST_BAD_MINUTE).minus(DURATION.dividedBy(4)));
        assertThat(pm.chartTo()).isEqualTo(at(RECOVERY_MINUTE).plus(DURATION.dividedBy(4)));
        assertThat(pm.samples()).hasSize(58 - (-9) + 1); // minutes -9 .. 58 fall in the span
    }

    @Test
    void theMarkdownDraftStatesTheFiguresInTheChosenZoneAndMarksWhatAHumanWrites() {
        // given
        PostMortem pm = PostMortem.draft(recordIncident(), recordHistory());
        // when
        String md = pm.markdown(BERLIN);
        // then: 10:02 UTC is 11:02 in Berlin
        assertThat(md).contains("| Breach started (first bad round) | 2026-11-29 11:02:00 |")
                .contains("| Recovered | 2026-11-29 11:47:00 |")
                .contains("| Duration | 45 min |")
                .contains("| Error budget burned during the incident | 25% |")
                .contains("| Error budget left for the period (30d) | 65% |")
                .contains("| Requests affected | 250 bad events: the SLO's 30d window held 350 bad events at"
                        + " 2026-11-29 11:47:00 (the recovery) and 100 at 2026-11-29 11:04:00 (the breach was recorded);")
                .contains("250 requests went bad between 2026-11-29 11:04:00 and 2026-11-29 11:47:00")
                .contains("| slack 'payments-channel' | 2026-11-29 11:04:05 | 2026-11-29 11:04:05 | 1 | 2 min 5 s |")
                .contains("| pagerduty 'payments-oncall' | 2026-11-29 11:04:10 | 2026-11-29 11:04:40 | 2 | 2 min 40 s |")
                .contains("rollback-payments ran: exit 0 in 12 s")
                .contains("the SLO recovered at 2026-11-29 11:47:00, 27 min later")
                .contains("## Root cause — TO BE WRITTEN BY A HUMAN")
                .contains("## Lessons learned — TO BE WRITTEN BY A HUMAN")
                .contains("## Action items — TO BE WRITTEN BY A HUMAN")
                .contains("acknowledged by alice")
                .contains("68 rounds in the history");
        // every entry of the timeline is in it, at its time in the zone
        for (TimelineEntry e : pm.incident().timeline()) {
            assertThat(md).contains("| " + e.at().atZone(BERLIN).toLocalDateTime().toString().replace('T', ' ')
                    .substring(0, 16));
        }
    }

    @Test
    void whatTheRecordsDoNotHoldReadsNotRecordedWithTheReason() {
        // given: a threshold SLO (no budget) and no history
        Slo p99 = Slo.named("authorise-p99").metric("payments_authorise_latency_p99").below(Duration.ofMillis(800))
                .priority(Priority.P1).build();
        SloResult r = new SloResult(SPEC, p99, Status.BREACHED, Optional.of(Quantity.millis(950)),
                Optional.of(Quantity.millis(-150)), "", Optional.empty(), List.of(), List.of(), at(5), "prometheus", "q");
        Incident incident;
        try (Incidents incidents = Incidents.in(IncidentStore.embedded(dir.resolve("db"))).closeStoreOnClose().build()) {
            incidents.onEvent(new SloEvent(SloEvent.Kind.BREACH, r, at(5), at(5)));
            incident = incidents.find(SPEC + "/authorise-p99").orElseThrow();
        }
        // when
        PostMortem pm = PostMortem.draft(incident, SloHistory.in(dir.resolve("empty-history")));
        String md = pm.markdown(ZoneOffset.UTC);
        // then
        assertThat(pm.impact().duration()).isInstanceOf(Figure.NotRecorded.class);
        assertThat(md).contains("| Duration | not recorded: the SLO has not recovered")
                .contains("| Error budget burned during the incident | not recorded: the incident's entries carry no"
                        + " error budget")
                .contains("Not recorded: the history in " + dir.resolve("empty-history") + " holds no round of payments/authorise-p99")
                .contains("Not recorded: the timeline holds no delivery attempt of the breach")
                .contains("None recorded: the timeline holds no remediation entry")
                .contains("| Requests affected | not recorded: the SLO measures a threshold, not events |");
    }

    @Test
    void aDurationIsRoundedToTheNearestSecondNotCutDown() {
        // given a breach that lasted 7.999 s (the rounds of a monitor every 2 s are a few ns short of it)
        Instant since = at(FIRST_BAD_MINUTE);
        Instant recovered = since.plusMillis(7999);
        Incident incident;
        try (Incidents incidents = Incidents.in(IncidentStore.embedded(dir.resolve("short"))).closeStoreOnClose().build()) {
            incidents.onEvent(new SloEvent(SloEvent.Kind.BREACH, result(FIRST_BAD_MINUTE, Status.BREACHED, 99.5,
                    BAD_AT_BREACH), since, since));
            SloResult met = result(RECOVERY_MINUTE, Status.MET, 99.95, BAD_AT_RECOVERY);
            incidents.onEvent(new SloEvent(SloEvent.Kind.RECOVERY, new SloResult(SPEC, AVAILABILITY, Status.MET,
                    met.observed(), met.margin(), "", met.errorBudget(), List.of(), List.of(), recovered, "prometheus",
                    "q"), since, recovered));
            incident = incidents.find(SPEC + "/" + AVAILABILITY.name()).orElseThrow();
        }
        // when
        String md = PostMortem.draft(incident, SloHistory.in(dir.resolve("none"))).markdown(ZoneOffset.UTC);
        // then: 7.999 s reads 8 s, not 7 s
        assertThat(md).contains("| Duration | 8 s |").contains("(8 s)");
    }

    @Test
    void requestsAffectedAreNotRecordedWhenTheEntriesCarryNoCountsOrTheCountsFell() {
        // given: a breach recorded without event counts (as entries written before they were kept are read)
        Path db = dir.resolve("no-counts");
        SloResult withCounts = result(BREACH_FIRES_MINUTE, Status.BREACHED, 99.5, BAD_AT_BREACH);
        SloResult withoutCounts = new SloResult(SPEC, AVAILABILITY, Status.BREACHED, withCounts.observed(),
                withCounts.margin(), "", Optional.empty(), List.of(), List.of(), at(BREACH_FIRES_MINUTE), "prometheus",
                "q");
        Incident noCounts;
        try (Incidents incidents = Incidents.in(IncidentStore.embedded(db)).closeStoreOnClose().build()) {
            incidents.onEvent(new SloEvent(SloEvent.Kind.BREACH, withoutCounts, at(FIRST_BAD_MINUTE),
                    at(BREACH_FIRES_MINUTE)));
            incidents.onEvent(new SloEvent(SloEvent.Kind.RECOVERY, result(RECOVERY_MINUTE, Status.MET, 99.95,
                    BAD_AT_RECOVERY), at(FIRST_BAD_MINUTE), at(RECOVERY_MINUTE)));
            noCounts = incidents.find(SPEC + "/" + AVAILABILITY.name()).orElseThrow();
        }
        // and: a breach whose window lost bad events by the recovery (they left the window, or a restart reset them)
        Incident fell;
        try (Incidents incidents = Incidents.in(IncidentStore.embedded(dir.resolve("fell"))).closeStoreOnClose().build()) {
            incidents.onEvent(new SloEvent(SloEvent.Kind.BREACH, withCounts, at(FIRST_BAD_MINUTE), at(BREACH_FIRES_MINUTE)));
            incidents.onEvent(new SloEvent(SloEvent.Kind.RECOVERY, result(RECOVERY_MINUTE, Status.MET, 99.95, 40),
                    at(FIRST_BAD_MINUTE), at(RECOVERY_MINUTE)));
            fell = incidents.find(SPEC + "/" + AVAILABILITY.name()).orElseThrow();
        }
        SloHistory history = recordHistory();
        // when
        Figure<RequestsAffected> none = PostMortem.draft(noCounts, history).impact().requestsAffected();
        Figure<RequestsAffected> fewer = PostMortem.draft(fell, history).impact().requestsAffected();
        // then
        assertThat(none.text(r -> "recorded")).startsWith("not recorded: the incident's entries carry no event counts");
        assertThat(fewer.text(r -> "recorded")).isEqualTo("not recorded: the window's counts fell during the incident"
                + " (bad 100 -> 40, all 1000000 -> 1000000): events left the SLO's window, or the counters were reset"
                + " (a restart)");
    }

    @Test
    void theHtmlDraftRendersInChromiumWithItsSectionsAndChartAndPrintsOnA4() throws Exception {
        // given
        PostMortem pm = PostMortem.draft(recordIncident(), recordHistory());
        Path html = dir.resolve("postmortem.html");
        Files.writeString(html, pm.html(BERLIN));
        // when
        String dom = Chromium.dumpDom(html, dir);
        Chromium.Pdf pdf = Chromium.printToPdf(html, dir);
        // then
        for (String section : List.of("summary", "impact", "detection", "timeline", "remediation", "chart",
                "root-cause", "lessons", "action-items")) {
            assertThat(dom).as("section " + section).contains("<section id=\"" + section + "\"");
        }
        assertThat(dom).contains("<svg").contains("class=\"slo-chart\"").contains("class=\"breached\"")
                .contains("class=\"objective\"").contains("class=\"remediation\"")
                .contains("class=\"human\"").contains("to be written by a human");
        assertThat(pdf.pages()).isGreaterThanOrEqualTo(1);
        assertThat(pdf.allA4()).as("every page A4 (595 x 842 pt): %s", pdf.mediaBoxes().stream()
                .map(java.util.Arrays::toString).toList()).isTrue();
    }
}
