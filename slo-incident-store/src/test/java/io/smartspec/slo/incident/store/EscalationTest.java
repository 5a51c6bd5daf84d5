package io.smartspec.slo.incident.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Secret;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.monitor.SloEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.smartspec.slo.incident.store.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** P0 incidents escalated to a PagerDuty (a JDK HttpServer here) when unacknowledged; a fake clock. */
class EscalationTest {

    @TempDir
    Path dir;
    private HttpServer pagerDuty;
    private final List<JsonNode> pages = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(202);
    private final MutableClock clock = new MutableClock(T0);
    private IncidentStore store;
    private Incidents incidents;

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void start() throws Exception {
        pagerDuty = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pagerDuty.createContext("/v2/enqueue", ex -> {
            pages.add(new ObjectMapper().readTree(new String(ex.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8)));
            ex.sendResponseHeaders(status.get(), -1);
            ex.close();
        });
        pagerDuty.start();
        store = IncidentStore.embedded(dir);
        incidents = Incidents.in(store).clock(clock).escalateInBackground(false)
                .escalate(Escalation.toPagerDuty(Secret.of("R0UTING", "test")).after(Duration.ofMinutes(15))
                        .endpoint(URI.create("http://127.0.0.1:" + pagerDuty.getAddress().getPort() + "/v2/enqueue")))
                .build();
    }

    @AfterEach
    void stop() {
        pagerDuty.stop(0);
        incidents.close();
        store.close();
    }

    private static SloEvent p0Breach() {
        return Events.event(SloEvent.Kind.BREACH, 0, 900, 0.5, Status.BREACHED, Priority.P0);
    }

    @Test
    void anUnacknowledgedP0IsPagedOnceAfterTheEscalationTime() {
        incidents.onEvent(p0Breach());
        String id = store.latest(Events.KEY).orElseThrow().id();

        clock.advance(Duration.ofMinutes(14));
        assertThat(incidents.escalateDue()).isZero();
        assertThat(pages).isEmpty();

        clock.advance(Duration.ofMinutes(2));
        assertThat(incidents.escalateDue()).isEqualTo(1);
        assertThat(incidents.escalateDue()).isZero();

        assertThat(pages).hasSize(1);
        JsonNode page = pages.get(0);
        assertThat(page.get("routing_key").asText()).isEqualTo("R0UTING");
        assertThat(page.get("event_action").asText()).isEqualTo("trigger");
        assertThat(page.get("dedup_key").asText()).isEqualTo("slo-incident/" + id);
        assertThat(page.get("payload").get("severity").asText()).isEqualTo("critical");
        Incident i = store.find(id).orElseThrow();
        assertThat(i.escalatedAt()).contains(T0.plus(Duration.ofMinutes(16)));
        assertThat(i.timeline()).last().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(TimelineEntry.Kind.ESCALATED);
            assertThat(e.text()).doesNotContain("R0UTING");
        });
    }

    @Test
    void anAcknowledgedP0OrAnyOtherPriorityIsNotEscalated() {
        incidents.onEvent(p0Breach());
        incidents.acknowledge(Events.KEY, "alice", "");
        incidents.onEvent(otherP1());

        clock.advance(Duration.ofHours(2));
        assertThat(incidents.escalateDue()).isZero();
        assertThat(pages).isEmpty();
    }

    private static SloEvent otherP1() {
        var slo = io.smartspec.slo.Slo.named("search-p99").metric("search_latency_p99")
                .below(Duration.ofMillis(100)).priority(Priority.P1).build();
        var r = new io.smartspec.slo.evaluation.SloResult("search", slo, Status.BREACHED,
                java.util.Optional.of(io.smartspec.slo.Quantity.millis(300)), java.util.Optional.empty(), "",
                java.util.Optional.empty(), List.of(), List.of(), T0, "test", "q");
        return new SloEvent(SloEvent.Kind.BREACH, r, T0, T0);
    }

    @Test
    void aFailedPageIsTriedAgainAtTheNextCheck() {
        incidents.onEvent(p0Breach());
        clock.advance(Duration.ofMinutes(20));
        status.set(503);
        assertThat(incidents.escalateDue()).isZero();
        assertThat(store.latest(Events.KEY).orElseThrow().escalatedAt()).isEmpty();

        status.set(202);
        assertThat(incidents.escalateDue()).isEqualTo(1);
        assertThat(pages).hasSize(2);
        assertThat(store.latest(Events.KEY).orElseThrow().escalatedAt()).isPresent();
    }
}
