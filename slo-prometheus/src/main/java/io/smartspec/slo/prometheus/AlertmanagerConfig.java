package io.smartspec.slo.prometheus;

import io.smartspec.slo.Priority;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.config.ReceiverConfig;
import io.smartspec.slo.prometheus.internal.AlertmanagerYaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An Alertmanager configuration ({@code alertmanager.yml}) that routes the alerts of
 * {@link PrometheusRules} to the {@code incident_response} receivers of a spec's
 * {@code observability.yaml}:
 *
 * <pre>{@code
 * AlertmanagerConfig.forSpec("checkout", slos, config.incidentResponse())
 *     .inhibitLowerPriorities()
 *     .writeTo(Path.of("alertmanager.yml"));
 * }</pre>
 *
 * <p>Alerts of the spec ({@code spec_id}) are grouped by {@code spec_id} and {@code slo} and routed by
 * {@code priority} to the receivers that take it (PagerDuty, Slack, webhook; an {@code alertmanager}
 * receiver is Alertmanager itself and is left out), and by {@code severity}: pages are sent again every
 * hour while they fire, tickets every 12 hours. A page silences the ticket of the same SLO; with
 * {@link #inhibitLowerPriorities()}, a P0 page also silences every lower priority of the spec.
 *
 * <p>Secrets (PagerDuty routing keys, Slack webhook URLs) are written as their values, resolved when
 * {@code observability.yaml} was read ({@code {{env.NAME}}}), in a file that only its owner may read
 * or write; or, with {@link #secretsInFiles(Path)}, each in its own owner-only file that the
 * configuration names through Alertmanager's {@code *_file} options. A value that is a shell-style
 * reference ({@code ${NAME}}), which Alertmanager would send as written, is an error naming the
 * variable.
 *
 * @since 0.1.0
 */
public final class AlertmanagerConfig {

    /** How long Alertmanager waits for more alerts of a new group before the first notification. */
    public static final Duration DEFAULT_GROUP_WAIT = Duration.ofSeconds(30);
    /** How often a firing page is sent again. */
    public static final Duration PAGE_REPEAT = Duration.ofHours(1);
    /** How often a firing ticket is sent again. */
    public static final Duration TICKET_REPEAT = Duration.ofHours(12);

    private final String specId;
    private final SloSet slos;
    private final List<ReceiverConfig> receivers;
    private boolean inhibitLowerPriorities;
    private Optional<Path> secretsDir = Optional.empty();
    private String source = "";
    private Duration groupWait = DEFAULT_GROUP_WAIT;

    private AlertmanagerConfig(String specId, SloSet slos, List<ReceiverConfig> receivers) {
        this.specId = Objects.requireNonNull(specId, "specId");
        this.slos = Objects.requireNonNull(slos, "slos");
        this.receivers = List.copyOf(receivers);
    }

    /** The routing of one spec's alerts to its {@code incident_response} receivers. */
    public static AlertmanagerConfig forSpec(String specId, SloSet slos, List<ReceiverConfig> receivers) {
        return new AlertmanagerConfig(specId, slos, receivers);
    }

    /**
     * The routing of one spec's alerts to the {@code incident_response} receivers of its
     * {@code observability.yaml}, whose file name messages then carry.
     */
    public static AlertmanagerConfig forSpec(String specId, SloSet slos, ObservabilityConfig config) {
        return new AlertmanagerConfig(specId, slos, config.incidentResponse()).from(config.file());
    }

    /** A firing P0 page silences the alerts of lower priorities of the same spec (P1..P3). */
    public AlertmanagerConfig inhibitLowerPriorities() {
        this.inhibitLowerPriorities = true;
        return this;
    }

    /**
     * Writes each secret to its own owner-only file in {@code directory} (created owner-only when
     * missing) and names it in the configuration ({@code routing_key_file}, {@code api_url_file},
     * {@code url_file}), so the configuration itself holds no secret. Use an absolute path: Alertmanager
     * reads the files from where it runs. Webhook URLs kept as secrets ({@code webhook_url}) need
     * Alertmanager 0.26 or later for {@code url_file}.
     */
    public AlertmanagerConfig secretsInFiles(Path directory) {
        this.secretsDir = Optional.of(Objects.requireNonNull(directory, "directory"));
        return this;
    }

    /** The {@code group_wait} of the routes (default {@link #DEFAULT_GROUP_WAIT}). */
    public AlertmanagerConfig groupWait(Duration wait) {
        if (wait == null || wait.isNegative() || wait.isZero()) {
            throw new IllegalArgumentException("groupWait must be positive, but was " + wait);
        }
        this.groupWait = wait;
        return this;
    }

    /** Where the receivers were read from (e.g. the observability.yaml), for messages and the file's header. */
    public AlertmanagerConfig from(String file) {
        this.source = Objects.requireNonNull(file, "file");
        return this;
    }

    /** The receiver keys whose values are secrets. */
    private static final List<String> SECRET_KEYS = List.of("routing_key", "webhook_url", "secret");

    /**
     * Whether the configuration would hold secret values (and so must only be written by
     * {@link #writeTo(Path)}, never printed).
     */
    public boolean holdsSecrets() {
        return secretsDir.isEmpty() && receivers.stream().anyMatch(r -> !r.type().equals("alertmanager")
                && SECRET_KEYS.stream().anyMatch(r.settings()::has));
    }

    /**
     * The configuration as YAML, for a configuration without secrets (see {@link #holdsSecrets()}).
     *
     * @throws SloValidationException listing every problem of the receivers
     * @throws IllegalStateException  when it would hold secrets: write it with {@link #writeTo(Path)}
     */
    public String generate() {
        AlertmanagerYaml model = model();
        if (holdsSecrets()) {
            throw new IllegalStateException("the Alertmanager configuration of spec '" + specId + "' holds secrets; "
                    + "write it with writeTo(file), which makes the file owner-only, or keep them in files with "
                    + "secretsInFiles(directory)");
        }
        return model.yaml();
    }

    /**
     * Writes the configuration to {@code file} (owner-only when it holds secrets) and, with
     * {@link #secretsInFiles(Path)}, each secret to its owner-only file.
     *
     * @return the files written, the configuration first
     * @throws SloValidationException listing every problem of the receivers; nothing is written then
     */
    public List<Path> writeTo(Path file) {
        try {
            return model().writeTo(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The priorities whose alerts reach at least one receiver. */
    public List<Priority> routedPriorities() {
        return model().routedPriorities();
    }

    private AlertmanagerYaml model() {
        return AlertmanagerYaml.of(specId, slos, receivers, inhibitLowerPriorities, secretsDir, source, groupWait);
    }
}
