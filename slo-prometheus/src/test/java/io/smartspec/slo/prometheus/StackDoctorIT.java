package io.smartspec.slo.prometheus;

import com.sun.net.httpserver.HttpServer;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.config.ReceiverConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.smartspec.slo.Slo.bad;
import static io.smartspec.slo.Slo.total;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code slo doctor}'s checks against a real Prometheus (the generated rules over a backfilled history)
 * and a real Alertmanager (the generated configuration): all pass on the healthy stack, and each fault
 * fails its own check with the reason and the fix.
 */
class StackDoctorIT {

    private static Path dir;
    private static LocalServers.Server prometheus;
    private static LocalServers.Server alertmanager;
    private static HttpServer hooks;
    private static List<ReceiverConfig> receivers;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("slo-doctor-it");
        hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hooks.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        hooks.start();
        String hook = "http://127.0.0.1:" + hooks.getAddress().getPort();
        receivers = AlertmanagerConfigTest.receivers("""
                  - type: webhook
                    url: %s/pager
                    priorities: [P0, P1]
                  - type: webhook
                    url: %s/tickets
                    priorities: [P2, P3]
                """.formatted(hook, hook), Map.of());
        Path config = dir.resolve("alertmanager.yml");
        AlertmanagerConfig.forSpec("checkout", Checkout.slos(), receivers).writeTo(config);
        Files.writeString(dir.resolve("rules.yaml"), PrometheusRules.forSpec(Checkout.slos()).generate());
        alertmanager = LocalServers.alertmanager(dir, config);
        prometheus = LocalServers.prometheus(dir, GrafanaDashboardIT.history(Instant.now()), List.of("rules.yaml"),
                alertmanager.url());
        awaitRulesEvaluated();
    }

    /** The rules are evaluated every second; the first evaluation is what the checks read. */
    private static void awaitRulesEvaluated() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (doctor(Checkout.slos()).check().stream().allMatch(StackDoctor.Check::passed)) {
                return;
            }
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (LocalServers.Server s : new LocalServers.Server[] {alertmanager, prometheus}) {
            if (s != null) {
                s.close();
            }
        }
        if (hooks != null) {
            hooks.stop(0);
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static StackDoctor doctor(SloSet slos) {
        return StackDoctor.forSpec("checkout", slos).prometheus(prometheus.url())
                .alertmanager(alertmanager.url(), receivers).timeout(Duration.ofSeconds(5));
    }

    private static List<String> failures(List<StackDoctor.Check> checks) {
        List<String> out = new ArrayList<>();
        checks.stream().filter(c -> !c.passed()).forEach(c -> out.add(c.toString()));
        return out;
    }

    private static StackDoctor.Check named(List<StackDoctor.Check> checks, String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() ->
                new AssertionError("no check '" + name + "' in " + checks));
    }

    @Test
    void everyCheckPassesOnTheStackBuiltFromTheGeneratedFiles() {
        // when
        List<StackDoctor.Check> checks = doctor(Checkout.slos()).sendTestAlert().check();
        // then
        assertThat(failures(checks)).isEmpty();
        assertThat(checks).extracting(StackDoctor.Check::name).contains("prometheus reachable",
                "series of availability", "series of fast-checkout", "series of queue-depth", "rules loaded",
                "rules healthy", "alerts defined", "prometheus sends alerts to alertmanager", "alertmanager reachable", "alertmanager routes P1 page",
                "alertmanager routes P1 ticket", "alertmanager routes P3 ticket", "alertmanager test alert");
        assertThat(named(checks, "series of availability").detail())
                .contains("http_requests_total{job=\"checkout\",code=~\"5..\"} (1 series)");
        assertThat(named(checks, "alertmanager routes P1 page").detail()).isEqualTo(
                "to receiver 'checkout-webhook0' (webhook)");
        assertThat(named(checks, "alertmanager test alert").detail()).contains("routed to checkout-webhook1");
    }

    @Test
    void rulesNotLoadedFailWithTheCommandThatWritesThem() {
        // given the rules of another spec id: not loaded in this Prometheus
        List<StackDoctor.Check> checks = StackDoctor.forSpec("checkout-canary", Checkout.slos())
                .prometheus(prometheus.url()).check();
        // then
        StackDoctor.Check loaded = named(checks, "rules loaded");
        assertThat(loaded.passed()).isFalse();
        int groups = PrometheusRules.forSpec("checkout-canary", Checkout.slos()).build().groups().size();
        assertThat(loaded.detail()).contains(groups + " of " + groups + " rule groups are not loaded",
                "slo-sli-recordings-checkout-canary-availability");
        assertThat(loaded.fix()).contains("slo rules --spec-id checkout-canary --out FILE", "rule_files");
        assertThat(named(checks, "alerts defined").passed()).isFalse();
        assertThat(named(checks, "series of availability").passed()).isTrue();
    }

    @Test
    void aMetricWithoutSeriesFailsNamingItsSelector() {
        // given an SLO on a metric Prometheus does not have
        SloSet slos = SloSet.named("checkout").slo("refunds", s -> s
                        .ratio(bad("sum(rate(refunds_total{job=\"checkout\",code=~\"5..\"}[{{window}}]))"),
                                total("sum(rate(refunds_total{job=\"checkout\"}[{{window}}]))"))
                        .target(Quantity.percent(99)).over(Duration.ofDays(7)))
                .build();
        // when
        List<StackDoctor.Check> checks = doctor(slos).check();
        // then
        StackDoctor.Check series = named(checks, "series of refunds");
        assertThat(series.passed()).isFalse();
        assertThat(series.detail()).isEqualTo("no series for refunds_total{job=\"checkout\"}, "
                + "refunds_total{job=\"checkout\",code=~\"5..\"} in the last 5 minutes");
        assertThat(series.fix()).contains("Status > Targets");
    }

    @Test
    void badEventsWithoutSeriesYetPassWhenTheirMetricExists() {
        // given errors counted by a code that has not happened: its series appears with the first one
        SloSet slos = SloSet.named("checkout").slo("no-503", s -> s
                        .ratio(bad("sum(rate(http_requests_total{job=\"checkout\",code=\"503\"}[{{window}}]))"),
                                total("sum(rate(http_requests_total{job=\"checkout\"}[{{window}}]))"))
                        .target(Quantity.percent(99)).over(Duration.ofDays(7)))
                .build();
        // when
        StackDoctor.Check series = named(doctor(slos).check(), "series of no-503");
        // then
        assertThat(series.passed()).as(series.toString()).isTrue();
        assertThat(series.detail()).contains("http_requests_total{job=\"checkout\",code=\"503\"} (none yet; "
                + "http_requests_total exists)");
    }

    @Test
    void aReceiverMissingFromAlertmanagerFailsTheRoutesOfItsPriorities() throws Exception {
        // given an Alertmanager whose configuration sends everything to a receiver without integrations
        Path other = Files.createDirectories(dir.resolve("other"));
        Path config = other.resolve("alertmanager.yml");
        Files.writeString(config, """
                route:
                  receiver: blackhole
                receivers:
                  - name: blackhole
                """);
        try (LocalServers.Server blackhole = LocalServers.alertmanager(other, config)) {
            // when
            List<StackDoctor.Check> checks = StackDoctor.forSpec("checkout", Checkout.slos())
                    .alertmanager(blackhole.url(), receivers).prometheus(prometheus.url()).check();
            // then
            StackDoctor.Check page = named(checks, "alertmanager routes P1 page");
            assertThat(page.passed()).isFalse();
            assertThat(page.detail()).isEqualTo("alerts {spec_id=\"checkout\", priority=\"P1\", severity=\"page\"} "
                    + "reach receiver 'blackhole', which notifies nobody");
            assertThat(page.fix()).contains("slo alertmanager --spec-id checkout --out FILE");
            assertThat(named(checks, "alertmanager reachable").passed()).isTrue();
            StackDoctor.Check sends = named(checks, "prometheus sends alerts to alertmanager");
            assertThat(sends.passed()).isFalse();
            assertThat(sends.detail()).isEqualTo("Prometheus sends to " + alertmanager.url() + "/api/v2/alerts, not to "
                    + blackhole.url().substring("http://".length()));
            assertThat(sends.fix()).contains("alerting:");
        }
    }

    @Test
    void anUnreachableServerFailsItsFirstCheck() throws Exception {
        int closed = LocalServers.freePort();
        List<StackDoctor.Check> checks = StackDoctor.forSpec("checkout", Checkout.slos())
                .prometheus("http://127.0.0.1:" + closed).alertmanager("http://127.0.0.1:" + closed, receivers)
                .timeout(Duration.ofSeconds(2)).check();
        assertThat(failures(checks)).containsExactly(
                "FAIL prometheus reachable: cannot reach http://127.0.0.1:" + closed + ": connection refused; fix: "
                        + "start Prometheus, or correct url: in observability.yaml",
                "FAIL alertmanager reachable: cannot reach http://127.0.0.1:" + closed + ": connection refused; fix: "
                        + "start Alertmanager, or correct the url of the alertmanager receiver in observability.yaml "
                        + "(or --alertmanager URL)");
    }
}
