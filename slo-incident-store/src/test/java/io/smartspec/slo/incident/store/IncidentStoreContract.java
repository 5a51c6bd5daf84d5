package io.smartspec.slo.incident.store;

import io.smartspec.slo.Priority;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.incident.DeliveryAttempt;
import io.smartspec.slo.incident.Receiver;
import io.smartspec.slo.monitor.SloEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.smartspec.slo.incident.store.Events.KEY;
import static io.smartspec.slo.incident.store.Events.T0;
import static io.smartspec.slo.incident.store.Events.breach;
import static io.smartspec.slo.incident.store.Events.recovery;
import static io.smartspec.slo.incident.store.Events.reminder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link IncidentStore} does, through {@link Incidents}: each implementation's test
 * subclasses it and says how to open a fresh store, and how to open a second handle on the same one
 * (another process would).
 */
abstract class IncidentStoreContract {

    protected IncidentStore store;
    protected Incidents incidents;

    /** A fresh, empty store. */
    protected abstract IncidentStore newStore() throws Exception;

    /** Another handle on the store {@link #newStore()} made last (as another process opens it). */
    protected abstract IncidentStore sameStoreAgain() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = newStore();
        incidents = Incidents.in(store).clock(Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC)).build();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private static List<TimelineEntry.Kind> kinds(Incident i) {
        return i.timeline().stream().map(TimelineEntry::kind).toList();
    }

    @Test
    void aBreachOpensAnIncidentWithTheValuesAtOpenWorstAndRecoveryAndTheBudgetBurned() {
        // given a breach at 250 ms with 90% budget left, a reminder at 400 ms, a recovery at 150 ms with 60% left
        incidents.onEvent(breach(0, 250, 0.9));
        incidents.onEvent(reminder(5, 400, 0.8));
        incidents.onEvent(recovery(10, 150, 0.6));

        // then one incident holds all three, read back from the store
        List<Incident> all = store.list(IncidentQuery.all());
        assertThat(all).hasSize(1);
        Incident i = all.get(0);
        assertThat(i.key()).isEqualTo(KEY);
        assertThat(i.priority()).isEqualTo(Priority.P1);
        assertThat(i.state()).isEqualTo(IncidentState.OPEN);
        assertThat(i.breaching()).isFalse();
        assertThat(kinds(i)).containsExactly(TimelineEntry.Kind.BREACH, TimelineEntry.Kind.REMINDER,
                TimelineEntry.Kind.RECOVERY);
        assertThat(i.atOpen().orElseThrow().value().getAsDouble()).isEqualTo(0.250);
        assertThat(i.worst().orElseThrow().value().getAsDouble()).isEqualTo(0.400);
        assertThat(i.atRecovery().orElseThrow().value().getAsDouble()).isEqualTo(0.150);
        assertThat(i.budgetBurned().getAsDouble()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(i.recoveredAt()).contains(T0.plus(Duration.ofMinutes(10)));
        // the window's event counts: 1e6 events, bad = 1000 * (1 - budget left): 100 at open, 400 at recovery
        assertThat(i.atOpen().orElseThrow().events()).contains(new SloSnapshot.Events(100, 1_000_000));
        assertThat(i.atRecovery().orElseThrow().events()).contains(new SloSnapshot.Events(400, 1_000_000));
    }

    @Test
    void roundsBetweenEventsRecordANewWorstValueOnlyWhenItIsWorse() {
        incidents.onEvent(breach(0, 250, 0.9));
        incidents.onRound(round(breach(1, 300, 0.9)));
        incidents.onRound(round(breach(2, 280, 0.9))); // better than the worst: nothing
        incidents.onRound(round(breach(3, 300, 0.9))); // as bad: nothing

        Incident i = store.latest(KEY).orElseThrow();
        assertThat(kinds(i)).containsExactly(TimelineEntry.Kind.BREACH, TimelineEntry.Kind.WORSENED);
        assertThat(i.worst().orElseThrow().value().getAsDouble()).isEqualTo(0.3);
        assertThat(i.atOpen().orElseThrow().value().getAsDouble()).isEqualTo(0.25);
    }

    private static io.smartspec.slo.evaluation.EvaluationRound round(SloEvent event) {
        return new io.smartspec.slo.evaluation.EvaluationRound(event.result().evaluatedAt(), List.of(event.result()),
                Duration.ofMillis(1));
    }

    @Test
    void aSecondBreachOfTheSameSloWhileBreachedChangesNothing() {
        incidents.onEvent(breach(0, 250, 0.9));
        incidents.onEvent(breach(1, 260, 0.9)); // another monitor, its own event id
        incidents.onEvent(recovery(2, 150, 0.9));
        incidents.onEvent(recovery(3, 150, 0.9));

        Incident i = store.latest(KEY).orElseThrow();
        assertThat(store.list(IncidentQuery.all())).hasSize(1);
        assertThat(kinds(i)).containsExactly(TimelineEntry.Kind.BREACH, TimelineEntry.Kind.RECOVERY);
    }

    @Test
    void anEventPublishedAgainAfterARestartIsRecordedOnce() {
        SloEvent b = breach(0, 250, 0.9);
        incidents.onEvent(b);
        incidents.onEvent(b);
        SloEvent r = recovery(5, 150, 0.9);
        incidents.onEvent(r);
        incidents.onEvent(r);
        incidents.onEvent(b); // replayed breach after its recovery: same id, no reopening

        assertThat(kinds(store.latest(KEY).orElseThrow())).containsExactly(TimelineEntry.Kind.BREACH,
                TimelineEntry.Kind.RECOVERY);
    }

    @Test
    void aBreachWithinTheReopenWindowReopensTheResolvedIncidentAndOneAfterItOpensANewOne() {
        incidents.onEvent(breach(0, 250, 0.9));
        incidents.onEvent(recovery(5, 150, 0.9));
        String first = store.latest(KEY).orElseThrow().id();
        incidents.resolve(first, "alice", "deploy rolled back");

        // 20 minutes after the recovery: within the default 30 min window
        incidents.onEvent(breach(25, 300, 0.8));
        Incident reopened = store.latest(KEY).orElseThrow();
        assertThat(reopened.id()).isEqualTo(first);
        assertThat(reopened.state()).isEqualTo(IncidentState.OPEN);
        assertThat(reopened.resolved()).isEmpty();
        assertThat(kinds(reopened)).containsExactly(TimelineEntry.Kind.BREACH, TimelineEntry.Kind.RECOVERY,
                TimelineEntry.Kind.RESOLVED, TimelineEntry.Kind.BREACH, TimelineEntry.Kind.REOPENED);

        incidents.onEvent(recovery(30, 150, 0.8));
        incidents.resolve(first, "alice", "");
        // 31 minutes after that recovery: a new incident
        incidents.onEvent(breach(61, 300, 0.7));
        Incident second = store.latest(KEY).orElseThrow();
        assertThat(second.id()).isNotEqualTo(first);
        assertThat(kinds(second)).containsExactly(TimelineEntry.Kind.BREACH);
        assertThat(store.list(IncidentQuery.all())).extracting(Incident::id).containsExactly(second.id(), first);
    }

    @Test
    void anUnresolvedIncidentTakesTheNextBreachHoweverLateItComes() {
        incidents.onEvent(breach(0, 250, 0.9));
        incidents.onEvent(recovery(5, 150, 0.9));
        incidents.onEvent(breach(600, 300, 0.8));

        assertThat(store.list(IncidentQuery.all())).hasSize(1);
        assertThat(store.latest(KEY).orElseThrow().breaching()).isTrue();
    }

    @Test
    void acknowledgeAndResolveRecordWhoWhenAndWhyAndRefuseWhatTheStateDoesNotAllow() {
        incidents.onEvent(breach(0, 250, 0.9));
        String id = store.latest(KEY).orElseThrow().id();

        Incident acked = incidents.acknowledge(id, "alice", "looking at it");
        assertThat(acked.state()).isEqualTo(IncidentState.ACKNOWLEDGED);
        assertThat(acked.acknowledged().orElseThrow())
                .isEqualTo(new StateChange("alice", T0.plusSeconds(3600), "looking at it"));
        assertThatThrownBy(() -> incidents.acknowledge(id, "bob", ""))
                .isInstanceOfSatisfying(IncidentException.class, e -> assertThat(e.reason())
                        .isEqualTo(IncidentException.Reason.CONFLICT))
                .hasMessageContaining("acknowledged by alice");

        Incident resolved = incidents.resolve(KEY, "bob", "fixed by the rollback");
        assertThat(resolved.state()).isEqualTo(IncidentState.RESOLVED);
        assertThat(resolved.resolved().orElseThrow().by()).isEqualTo("bob");
        assertThatThrownBy(() -> incidents.resolve(id, "bob", ""))
                .isInstanceOfSatisfying(IncidentException.class, e -> assertThat(e.reason())
                        .isEqualTo(IncidentException.Reason.CONFLICT));
        assertThatThrownBy(() -> incidents.note("0123456789ab", "bob", "hi"))
                .isInstanceOfSatisfying(IncidentException.class, e -> assertThat(e.reason())
                        .isEqualTo(IncidentException.Reason.NOT_FOUND));

        incidents.note(id, "carol", "post-mortem on Monday");
        assertThat(store.find(id).orElseThrow().timeline()).last()
                .satisfies(e -> assertThat(e.text()).isEqualTo("post-mortem on Monday"));
    }

    @Test
    void deliveryAttemptsAreRecordedInTheIncidentsTimelineOnceEach() {
        SloEvent b = breach(0, 250, 0.9);
        incidents.onEvent(b);
        DeliveryAttempt failed = new DeliveryAttempt(b.id().toString(), SloEvent.Kind.BREACH, KEY, "pd",
                Receiver.Type.PAGERDUTY, 1, DeliveryAttempt.Outcome.RETRYING, "HTTP 503", T0.plusSeconds(1));
        DeliveryAttempt ok = new DeliveryAttempt(b.id().toString(), SloEvent.Kind.BREACH, KEY, "pd",
                Receiver.Type.PAGERDUTY, 2, DeliveryAttempt.Outcome.ACCEPTED, "", T0.plusSeconds(3));
        incidents.onAttempt(failed);
        incidents.onAttempt(ok);
        incidents.onAttempt(ok);

        Incident i = store.latest(KEY).orElseThrow();
        assertThat(i.timeline()).filteredOn(e -> e.kind() == TimelineEntry.Kind.DELIVERY)
                .extracting(e -> e.delivery().orElseThrow())
                .containsExactly(new TimelineEntry.Delivery("pd", "pagerduty", "breach", 1, "retrying", "HTTP 503"),
                        new TimelineEntry.Delivery("pd", "pagerduty", "breach", 2, "accepted", ""));
    }

    @Test
    void listFiltersByStateSpecPriorityAndSince() {
        incidents.onEvent(breach(0, 250, 0.9));
        incidents.onEvent(other(30));
        String first = store.latest(KEY).orElseThrow().id();
        incidents.acknowledge(first, "alice", "");

        assertThat(store.list(IncidentQuery.all())).hasSize(2);
        assertThat(store.list(IncidentQuery.all().state(IncidentState.ACKNOWLEDGED))).extracting(Incident::id)
                .containsExactly(first);
        assertThat(store.list(IncidentQuery.all().priority(Priority.P0))).extracting(Incident::key)
                .containsExactly("payments/refund-errors");
        assertThat(store.list(IncidentQuery.all().specId("payments"))).hasSize(1);
        assertThat(store.list(IncidentQuery.all().since(T0.plusSeconds(60)))).extracting(Incident::key)
                .containsExactly("payments/refund-errors");
        assertThat(store.list(IncidentQuery.all().limit(1))).hasSize(1);
    }

    /** A P0 breach of another spec's SLO. */
    private static SloEvent other(int minutes) {
        Instant at = T0.plus(Duration.ofMinutes(minutes));
        var slo = io.smartspec.slo.Slo.named("refund-errors").metric("refund_error_rate")
                .below(io.smartspec.slo.Quantity.percent(1)).priority(Priority.P0).build();
        var r = new io.smartspec.slo.evaluation.SloResult("payments", slo, Status.BREACHED,
                java.util.Optional.of(io.smartspec.slo.Quantity.percent(5)), java.util.Optional.empty(), "",
                java.util.Optional.empty(), List.of(), List.of(), at, "test", "q");
        return new SloEvent(SloEvent.Kind.BREACH, r, at, at);
    }

    @Test
    void anotherHandleOnTheStoreSeesTheIncidentAndAppendsToIt() throws Exception {
        incidents.onEvent(breach(0, 250, 0.9));
        try (IncidentStore other = sameStoreAgain()) {
            Incidents second = Incidents.in(other).build();
            second.onEvent(breach(1, 270, 0.9));
            second.onEvent(recovery(4, 150, 0.9));
            incidents.onEvent(recovery(5, 150, 0.9));
            second.note(KEY, "bob", "seen from the second process");
        }
        Incident i = store.latest(KEY).orElseThrow();
        assertThat(store.list(IncidentQuery.all())).hasSize(1);
        assertThat(kinds(i)).containsExactly(TimelineEntry.Kind.BREACH, TimelineEntry.Kind.RECOVERY,
                TimelineEntry.Kind.NOTE);
    }

    @Test
    void concurrentBreachesOfOneSloFromManyWritersOpenOneIncident() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (IncidentStore other = sameStoreAgain()) {
            Incidents second = Incidents.in(other).build();
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int n = 0; n < 16; n++) {
                Incidents writer = n % 2 == 0 ? incidents : second;
                done.add(pool.submit(() -> writer.onEvent(breach(0, 250, 0.9))));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.list(IncidentQuery.all())).hasSize(1);
        assertThat(kinds(store.latest(KEY).orElseThrow())).containsExactly(TimelineEntry.Kind.BREACH);
    }
}
