package io.smartspec.slo.spring.boot.actuate;

import io.smartspec.slo.Priority;
import io.smartspec.slo.incident.store.Incident;
import io.smartspec.slo.incident.store.IncidentException;
import io.smartspec.slo.incident.store.IncidentQuery;
import io.smartspec.slo.incident.store.IncidentState;
import io.smartspec.slo.incident.store.Incidents;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.lang.Nullable;

import java.util.List;
import java.util.Objects;

/**
 * The {@code incidents} actuator endpoint over {@link Incidents} (slo-incident-store), with the same rules
 * as its Java API and HTTP API:
 * <ul>
 *   <li>{@code GET /actuator/incidents[?state=open|acknowledged|resolved][&priority=P0..P3]}: the incidents,
 *       newest first (at most {@value IncidentQuery#DEFAULT_LIMIT});</li>
 *   <li>{@code GET /actuator/incidents/{id}}: one (404 when there is none);</li>
 *   <li>{@code POST /actuator/incidents/{id}/acknowledge|resolve} with {@code {"by": ..., "reason": ...}},
 *       {@code POST /actuator/incidents/{id}/note} with {@code {"by": ..., "text": ...}}: the incident after
 *       the change (404 when there is none; 400 naming what is wrong, e.g. resolved already, no {@code by}).</li>
 * </ul>
 *
 * @since 0.1.0
 */
@Endpoint(id = "incidents")
public class IncidentsEndpoint {

    private final Incidents incidents;

    public IncidentsEndpoint(Incidents incidents) {
        this.incidents = Objects.requireNonNull(incidents, "incidents");
    }

    @ReadOperation
    public List<Incident> incidents(@Nullable String state, @Nullable String priority) {
        IncidentQuery query = IncidentQuery.all();
        if (state != null) {
            query = query.state(IncidentState.parse(state).orElseThrow(() -> new InvalidEndpointRequestException(
                    "unknown state '" + state + "'; expected open, acknowledged or resolved", "unknown state")));
        }
        if (priority != null) {
            query = query.priority(Priority.parse(priority).orElseThrow(() -> new InvalidEndpointRequestException(
                    "unknown priority '" + priority + "'; expected P0, P1, P2 or P3", "unknown priority")));
        }
        return incidents.list(query);
    }

    /** One incident by id; {@code null} (404) when there is none. */
    @ReadOperation
    public Incident incident(@Selector String id) {
        return incidents.find(id).orElse(null);
    }

    /**
     * Acknowledges, resolves or annotates an incident: the incident after the change, or a 404 naming the
     * id when there is none (a write operation's {@code null} would be a 204).
     *
     * @param action acknowledge, resolve or note
     * @param by     who (required)
     * @param reason why (acknowledge, resolve)
     * @param text   the note (note)
     */
    @WriteOperation
    public WebEndpointResponse<Object> change(@Selector String id, @Selector String action, @Nullable String by,
                                              @Nullable String reason, @Nullable String text) {
        try {
            return new WebEndpointResponse<>(switch (action) {
                case "acknowledge" -> incidents.acknowledge(id, by, reason == null ? "" : reason);
                case "resolve" -> incidents.resolve(id, by, reason == null ? "" : reason);
                case "note" -> incidents.note(id, by, text);
                default -> throw new InvalidEndpointRequestException("unknown action '" + action
                        + "'; expected acknowledge, resolve or note", "unknown action");
            });
        } catch (IncidentException e) {
            if (e.reason() == IncidentException.Reason.NOT_FOUND) {
                return new WebEndpointResponse<>(java.util.Map.of("error", e.getMessage()),
                        WebEndpointResponse.STATUS_NOT_FOUND);
            }
            if (e.reason() == IncidentException.Reason.STORE) {
                throw e;
            }
            throw new InvalidEndpointRequestException(e.getMessage(), e.reason().name());
        }
    }
}
