package io.smartspec.slo.prometheus;

import io.smartspec.slo.Secret;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.config.ReceiverConfig;
import io.smartspec.slo.prometheus.internal.DoctorChecks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks that the monitoring stack of a spec runs, against the live servers: Prometheus reachable,
 * the series the SLO queries read present, the rules of {@link PrometheusRules} loaded and healthy
 * and their alerts defined; Alertmanager reachable and routing each priority and severity the rules
 * emit to a receiver that notifies someone, and optionally a test alert accepted by it; optionally
 * the dashboard of {@link GrafanaDashboard} in Grafana.
 *
 * <pre>{@code
 * List<StackDoctor.Check> checks = StackDoctor.forSpec("checkout", slos)
 *     .prometheus("http://127.0.0.1:9090")
 *     .alertmanager("http://127.0.0.1:9093", config.incidentResponse())
 *     .check();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class StackDoctor {

    /** The {@code alertname} of the alert {@link #sendTestAlert()} sends. */
    public static final String TEST_ALERT = "SloDoctorTestAlert";

    private final String specId;
    private final SloSet slos;
    private Optional<String> prometheus = Optional.empty();
    private Map<String, Secret> prometheusHeaders = Map.of();
    private Optional<String> alertmanager = Optional.empty();
    private List<ReceiverConfig> receivers = List.of();
    private Optional<String> grafana = Optional.empty();
    private Optional<Secret> grafanaToken = Optional.empty();
    private boolean sendTestAlert;
    private Duration timeout = Duration.ofSeconds(10);

    private StackDoctor(String specId, SloSet slos) {
        this.specId = Objects.requireNonNull(specId, "specId");
        this.slos = Objects.requireNonNull(slos, "slos");
    }

    /** The checks of one spec's stack (its rules and alerts carry {@code spec_id=<specId>}). */
    public static StackDoctor forSpec(String specId, SloSet slos) {
        return new StackDoctor(specId, slos);
    }

    /** The Prometheus that evaluates the rules. */
    public StackDoctor prometheus(String url) {
        return prometheus(url, Map.of());
    }

    /**
     * The Prometheus that evaluates the rules, behind a proxy that wants these headers on every
     * request ({@code Authorization}, {@code X-Scope-OrgID}); their values are never printed.
     */
    public StackDoctor prometheus(String url, Map<String, Secret> headers) {
        this.prometheus = Optional.of(trim(url, "prometheus"));
        this.prometheusHeaders = Map.copyOf(headers);
        return this;
    }

    /**
     * The Alertmanager that routes the alerts, and the {@code incident_response} receivers of the spec:
     * the priorities they take must reach a receiver that notifies someone.
     */
    public StackDoctor alertmanager(String url, List<ReceiverConfig> receivers) {
        this.alertmanager = Optional.of(trim(url, "alertmanager"));
        this.receivers = List.copyOf(receivers);
        return this;
    }

    /** The Grafana that should hold the spec's dashboard; {@code token} a service account token, if needed. */
    public StackDoctor grafana(String url, Optional<Secret> token) {
        this.grafana = Optional.of(trim(url, "grafana"));
        this.grafanaToken = Objects.requireNonNull(token, "token");
        return this;
    }

    /**
     * Also sends Alertmanager a test alert ({@value #TEST_ALERT}, severity ticket, ending within two
     * minutes) and checks that it arrived. Its receivers are notified: tell them.
     */
    public StackDoctor sendTestAlert() {
        this.sendTestAlert = true;
        return this;
    }

    /** The timeout of each request (default 10 s). */
    public StackDoctor timeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, but was " + timeout);
        }
        this.timeout = timeout;
        return this;
    }

    /** Runs every check, in order; never throws for what it finds (a failed check says why and how to fix it). */
    public List<Check> check() {
        return new DoctorChecks(specId, slos, prometheus, prometheusHeaders, alertmanager, receivers, grafana, grafanaToken,
                sendTestAlert, timeout).run();
    }

    private static String trim(String url, String what) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(what + " must be a URL, but was '" + url + "'");
        }
        String u = url.strip();
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    /**
     * One check: what was checked, whether it passed, what was found, and (when it failed) how to fix it.
     *
     * @param name   what was checked ({@code prometheus reachable})
     * @param passed whether it passed
     * @param detail what was found
     * @param fix    how to fix it; empty when it passed
     */
    public record Check(String name, boolean passed, String detail, String fix) {
        public Check {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(fix, "fix");
        }

        public static Check pass(String name, String detail) {
            return new Check(name, true, detail, "");
        }

        public static Check fail(String name, String detail, String fix) {
            return new Check(name, false, detail, fix);
        }

        /** {@code PASS name: detail} or {@code FAIL name: detail; fix: ...}, one line. */
        @Override
        public String toString() {
            return (passed ? "PASS " : "FAIL ") + name + ": " + detail + (fix.isEmpty() ? "" : "; fix: " + fix);
        }
    }
}
