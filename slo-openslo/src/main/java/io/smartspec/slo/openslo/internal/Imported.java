package io.smartspec.slo.openslo.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What one Service of OpenSLO objects becomes: the rows of its NFR table and the metrics of its observability.yaml. */
public record Imported(String service, Optional<String> displayName, Optional<String> description, String provider,
                       Map<String, String> providerSettings, List<Row> rows, List<Binding> bindings,
                       List<String> alertNotes, List<String> sources, Optional<String> maintenance) {

    /** One NFR row; every cell as written in spec.md. */
    public record Row(String category, String requirement, String metric, String target, String window,
                      String budget, String ratioWindow, String priority, String runbook, String description, String labels,
                      Expected expected) {
    }

    /**
     * What the row must load as (checked against the real loader before anything is written): the window and
     * the budgeting method OpenSLO asked for, and where the SLO was written.
     */
    public record Expected(Optional<io.smartspec.slo.SloWindow> window, io.smartspec.slo.Budgeting budgeting,
                           Docs.Where where) {
    }

    /**
     * One metric of observability.yaml: {@code query} (threshold) or {@code good_query}/{@code bad_query} with
     * {@code total_query}.
     */
    public record Binding(String name, Optional<String> query, Optional<String> goodQuery, Optional<String> badQuery,
                          Optional<String> totalQuery, Optional<String> unit, Optional<Long> minEvents) {
    }
}
