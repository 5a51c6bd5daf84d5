package io.smartspec.slo.spring.boot.autoconfigure;

import io.smartspec.slo.Priority;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code smartspec.slo.*} settings of a Spring Boot application. Only {@code spec} is needed:
 * <pre>
 * smartspec.slo.spec=classpath:spec.md
 * </pre>
 * The monitor settings ({@code interval}, {@code breach-for}, ...) are unset by default: then the
 * value of the spec's {@code observability.yaml} applies, else the library's default. A property that
 * is set wins over the file.
 *
 * @since 0.1.0
 */
@ConfigurationProperties(prefix = SloProperties.PREFIX)
public class SloProperties {

    /** The prefix of every property. */
    public static final String PREFIX = "smartspec.slo";

    /** Whether to monitor the spec's SLOs at all. */
    private boolean enabled = true;

    /** The spec.md whose NFR table becomes the SLOs, e.g. classpath:spec.md or file:/etc/checkout/spec.md. */
    private Resource spec;

    /** The observability.yaml that binds the spec's metrics; observability.yaml beside the spec when unset. */
    private Resource config;

    /**
     * The spec's id, which names the SLO set in events, meters and reports; when unset, the name of the
     * directory that holds spec.md (classpath:specs/checkout/spec.md is 'checkout'), else
     * spring.application.name, else 'application'.
     */
    private String specId;

    /** How often the SLOs are evaluated; the interval of observability.yaml, else 60s, when unset. */
    private Duration interval;

    /** How long an SLO must stay breached before a BREACH fires; breach_for of observability.yaml, else 0, when unset. */
    private Duration breachFor;

    /** How often STILL_BREACHING is sent while a breach holds; reminder_every of observability.yaml, else never, when unset. */
    private Duration reminderEvery;

    /** The timeout of one query; timeout of observability.yaml, else 5s, when unset. */
    private Duration queryTimeout;

    /** How many SLOs of a round are evaluated at once (1..1024); query_concurrency of observability.yaml, else 8, when unset. */
    private Integer queryConcurrency;

    /** Whether NO_DATA counts as a breach; alert_when_no_data of observability.yaml, else false, when unset. */
    private Boolean alertWhenNoData;

    /** The fewest events a window of a ratio SLO must hold to be judged, for the SLOs that declare none. */
    private Long minEvents;

    /**
     * Where the monitor keeps what listeners were told (one directory per spec), so that an open breach
     * survives a restart instead of paging again; none by default. Locked while the application runs.
     */
    private Path stateDir;

    private final Incidents incidents = new Incidents();

    private final History history = new History();

    private final Health health = new Health();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Resource getSpec() {
        return spec;
    }

    public void setSpec(Resource spec) {
        this.spec = spec;
    }

    public Resource getConfig() {
        return config;
    }

    public void setConfig(Resource config) {
        this.config = config;
    }

    public String getSpecId() {
        return specId;
    }

    public void setSpecId(String specId) {
        this.specId = specId;
    }

    public Duration getInterval() {
        return interval;
    }

    public void setInterval(Duration interval) {
        this.interval = interval;
    }

    public Duration getBreachFor() {
        return breachFor;
    }

    public void setBreachFor(Duration breachFor) {
        this.breachFor = breachFor;
    }

    public Duration getReminderEvery() {
        return reminderEvery;
    }

    public void setReminderEvery(Duration reminderEvery) {
        this.reminderEvery = reminderEvery;
    }

    public Duration getQueryTimeout() {
        return queryTimeout;
    }

    public void setQueryTimeout(Duration queryTimeout) {
        this.queryTimeout = queryTimeout;
    }

    public Integer getQueryConcurrency() {
        return queryConcurrency;
    }

    public void setQueryConcurrency(Integer queryConcurrency) {
        this.queryConcurrency = queryConcurrency;
    }

    public Boolean getAlertWhenNoData() {
        return alertWhenNoData;
    }

    public void setAlertWhenNoData(Boolean alertWhenNoData) {
        this.alertWhenNoData = alertWhenNoData;
    }

    public Long getMinEvents() {
        return minEvents;
    }

    public void setMinEvents(Long minEvents) {
        this.minEvents = minEvents;
    }

    public Path getStateDir() {
        return stateDir;
    }

    public void setStateDir(Path stateDir) {
        this.stateDir = stateDir;
    }

    public Incidents getIncidents() {
        return incidents;
    }

    public History getHistory() {
        return history;
    }

    /** Forwarding to the incident_response receivers of observability.yaml. */
    public static class Incidents {

        /** Where events wait until the receivers took them (one directory per spec); kept across restarts. */
        private Path outboxDir = Path.of(".slo/outbox");

        /** How long shutdown waits for pending deliveries; what is left stays in the outbox for the next start. */
        private Duration closeTimeout = Duration.ofSeconds(10);

        /**
         * Where incidents are recorded (the embedded journal store of slo-incident-store, which must be on the
         * class path); the monitor's breaches and recoveries become incidents served by the {@code incidents}
         * actuator endpoint. Unset: no incidents are recorded (unless the application defines an IncidentStore).
         */
        private Path storeDir;

        public Path getStoreDir() {
            return storeDir;
        }

        public void setStoreDir(Path storeDir) {
            this.storeDir = storeDir;
        }

        public Path getOutboxDir() {
            return outboxDir;
        }

        public void setOutboxDir(Path outboxDir) {
            this.outboxDir = outboxDir;
        }

        public Duration getCloseTimeout() {
            return closeTimeout;
        }

        public void setCloseTimeout(Duration closeTimeout) {
            this.closeTimeout = closeTimeout;
        }
    }

    public Health getHealth() {
        return health;
    }

    /** The history of rounds and the scheduled reports written from it; both off by default. */
    public static class History {

        /** Where the rounds are kept (append-only JSON Lines per spec); no history when unset. */
        private Path dir;

        /** Where the daily, weekly and monthly reports are written (needs history.dir); none when unset. */
        private Path reportsDir;

        /** The time zone whose days, weeks and months the reports cover. */
        private ZoneId zone = ZoneId.systemDefault();

        public Path getDir() {
            return dir;
        }

        public void setDir(Path dir) {
            this.dir = dir;
        }

        public Path getReportsDir() {
            return reportsDir;
        }

        public void setReportsDir(Path reportsDir) {
            this.reportsDir = reportsDir;
        }

        public ZoneId getZone() {
            return zone;
        }

        public void setZone(ZoneId zone) {
            this.zone = zone;
        }
    }

    /** The slo health indicator (turned off with management.health.slo.enabled=false). */
    public static class Health {

        /** The priorities whose SLOs count for the health status; by default those that page (P0, P1). */
        private Set<Priority> priorities = EnumSet.of(Priority.P0, Priority.P1);

        /** The health status when a counted SLO is breached (DOWN, OUT_OF_SERVICE or a custom status). */
        private String breachedStatus = "DOWN";

        public Set<Priority> getPriorities() {
            return priorities;
        }

        public void setPriorities(Set<Priority> priorities) {
            this.priorities = priorities;
        }

        public String getBreachedStatus() {
            return breachedStatus;
        }

        public void setBreachedStatus(String breachedStatus) {
            this.breachedStatus = breachedStatus;
        }
    }
}
