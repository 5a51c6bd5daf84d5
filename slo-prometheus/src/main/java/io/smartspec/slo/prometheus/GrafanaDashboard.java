package io.smartspec.slo.prometheus;

import io.smartspec.slo.Problem;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.evaluation.BurnRatePolicy;
import io.smartspec.slo.prometheus.internal.DashboardJson;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A Grafana dashboard for the SLOs of a spec, reading the recording rules that {@link PrometheusRules}
 * writes (whose names are Sloth's, so Sloth's community dashboards read them too):
 *
 * <pre>{@code
 * String json = GrafanaDashboard.forSpec("checkout", slos)
 *     .datasource("prometheus-main")
 *     .deployments("changes(process_start_time_seconds{job=\"checkout\"}[5m]) > 0")
 *     .generate();
 * }</pre>
 *
 * <p>An overview (the SLOs with their objective, priority and runbook; per ratio SLO the SLI over the
 * period, the objective, the error budget remaining and the current burn rate; firing alerts; the budget
 * remaining of each), then a row per SLO: for a ratio SLO the SLI against the objective, the error budget
 * remaining over the period, the average burn rate over the period, the burn rate over each alert window
 * with the page and ticket factors drawn, and its {@code ALERTS}; for a threshold SLO its query against
 * the bound, and its {@code ALERTS}. Refreshes every 30 s; variables {@code datasource} (a Prometheus data
 * source) and {@code slo} (filters the overview); deployment annotations from a PromQL expression.
 *
 * @since 0.1.0
 */
public final class GrafanaDashboard {

    /** The auto-refresh interval of the generated dashboards. */
    public static final String REFRESH = "30s";

    /** The deployment annotation expression when none is given: a process restarted in the last 2 minutes. */
    public static final String DEFAULT_DEPLOYMENTS = "changes(process_start_time_seconds[2m]) > 0";

    private final String specId;
    private final SloSet slos;
    private Optional<String> datasource = Optional.empty();
    private String deployments = DEFAULT_DEPLOYMENTS;
    private BurnRatePolicy burnRates = BurnRatePolicy.google();

    private GrafanaDashboard(String specId, SloSet slos) {
        this.specId = Objects.requireNonNull(specId, "specId");
        this.slos = Objects.requireNonNull(slos, "slos");
    }

    /** The dashboard of one spec's SLOs, whose rules are labelled {@code spec_id=<specId>}. */
    public static GrafanaDashboard forSpec(String specId, SloSet slos) {
        return new GrafanaDashboard(specId, slos);
    }

    /** The dashboard of an SLO set, named after the set. */
    public static GrafanaDashboard forSpec(SloSet slos) {
        return new GrafanaDashboard(slos.name(), slos);
    }

    /** The UID of the Prometheus data source selected by default (else Grafana's default data source). */
    public GrafanaDashboard datasource(String uid) {
        if (uid == null || uid.isBlank()) {
            throw new IllegalArgumentException("datasource must be a data source UID, but was '" + uid + "'");
        }
        this.datasource = Optional.of(uid.strip());
        return this;
    }

    /**
     * The PromQL expression whose samples mark deployments on every graph (default
     * {@value #DEFAULT_DEPLOYMENTS}).
     */
    public GrafanaDashboard deployments(String promQl) {
        if (promQl == null || promQl.isBlank()) {
            throw new IllegalArgumentException("deployments must be a PromQL expression, but was '" + promQl + "'");
        }
        this.deployments = promQl.strip();
        return this;
    }

    /** The burn-rate alerts whose windows and factors are drawn (default {@link BurnRatePolicy#google()}). */
    public GrafanaDashboard burnRates(BurnRatePolicy policy) {
        this.burnRates = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /** The dashboard's UID: {@code slo-<spec id>}, made of what Grafana accepts and at most 40 characters. */
    public String uid() {
        String uid = ("slo-" + specId).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-");
        return uid.length() <= 40 ? uid : uid.substring(0, 40);
    }

    /** The dashboard's title: {@code SLOs: <spec id>}. */
    public String title() {
        return "SLOs: " + specId;
    }

    /**
     * The dashboard as Grafana's JSON model (import it, or provision it from a file).
     *
     * @throws SloValidationException when the spec has no SLO
     */
    public String generate() {
        List<Problem> problems = new ArrayList<>();
        if (slos.size() == 0) {
            problems.add(Problem.error("spec '" + specId + "': has no SLO to draw"));
        }
        if (!problems.isEmpty()) {
            throw new SloValidationException(problems);
        }
        return DashboardJson.write(new DashboardJson.Model(specId, uid(), title(), slos, datasource, deployments,
                burnRates));
    }

    /**
     * A Grafana file provider ({@code provisioning/dashboards/*.yaml}) that loads the dashboards kept in
     * {@code dashboardsDirectory}, in the folder {@code SLOs}.
     */
    public static String provisioning(String dashboardsDirectory) {
        return DashboardJson.provider(dashboardsDirectory);
    }
}
