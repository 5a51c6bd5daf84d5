package io.smartspec.slo.remediation;

import com.sun.net.httpserver.HttpServer;
import io.smartspec.slo.Priority;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.incident.IncidentForwarder;
import io.smartspec.slo.incident.Receiver;
import io.smartspec.slo.incident.store.IncidentStore;
import io.smartspec.slo.incident.store.Incidents;
import io.smartspec.slo.incident.store.TimelineEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.smartspec.slo.remediation.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Escalation through a real forwarder: a breach not healed in time reaches the receiver of the next priority
 * (an on-call webhook taking P0 only), and its delivery is in the incident's timeline.
 */
class EscalationThroughForwarderTest {

    @TempDir
    Path dir;
    HttpServer pager;
    final List<String> paged = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        pager = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pager.createContext("/page", x -> {
            paged.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            x.sendResponseHeaders(202, -1);
            x.close();
        });
        pager.start();
    }

    @AfterEach
    void stop() {
        pager.stop(0);
    }

    @Test
    void aBreachNotHealedInTimePagesTheReceiverOfTheNextPriority() {
        try (Incidents incidents = Incidents.in(IncidentStore.embedded(dir.resolve("incidents"))).closeStoreOnClose()
                .build();
             IncidentForwarder forwarder = IncidentForwarder.withOutbox(dir.resolve("outbox"))
                     .forwardTo(Receiver.webhook("http://127.0.0.1:" + pager.getAddress().getPort() + "/page")
                             .named("on-call").forPriorities(Priority.P0))
                     .recordDeliveriesTo(incidents).build()) {
            Remediation remediation = Remediation.builder()
                    .action("heal", request -> ActionResult.ok("restarted; did not help"), Guardrails.ofDefaults()
                            .after(Duration.ZERO).verifyWithin(Duration.ofMinutes(5)))
                    .forSlo(SLO, "heal").recordTo(incidents).escalateTo(forwarder).build();
            try {
                // given a P1 breach the forwarder does not page (its only receiver takes P0)
                incidents.onEvent(breach(0, 0));
                forwarder.onEvent(breach(0, 0));
                feed(incidents, remediation, breach(0, 0));
                assertThat(forwarder.flush(WAIT)).isTrue();
                assertThat(paged).isEmpty();

                // when the action ran and the SLO is still breached 5 minutes later
                feed(remediation, round(Status.BREACHED, 5));
                assertThat(forwarder.flush(WAIT)).isTrue();
            } finally {
                remediation.close();
            }

            // then the on-call receiver was paged at P0, and the delivery is in the incident's timeline
            assertThat(paged).singleElement().satisfies(body -> assertThat(body)
                    .contains("\"priority\":\"P0\"", "checkout/checkout-errors"));
            assertThat(incidents.find(KEY).orElseThrow().timeline()).filteredOn(e -> e.kind()
                    == TimelineEntry.Kind.DELIVERY).singleElement().satisfies(e -> {
                        assertThat(e.actor()).isEqualTo("on-call");
                        assertThat(e.delivery().orElseThrow().outcome()).isEqualTo("accepted");
                    });
            assertThat(kinds(incidents)).containsSubsequence("breach", "remediation", "remediation", "escalated");
        }
    }
}
