package io.smartspec.slo.openslo.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What one Service of OpenSLO objects becomes: the rows of its NFR table and the metrics of its observability.yaml. */
public record Imported(String service, Optional<String> displayName, Optional<String> description, String provider,
                       Map<String, String> providerSettings, List<Row> rows, List<Binding> bindings,
                       List<String> alertNotes, List<String> sources) {

    /** One NFR row; every cell as written in spec.md. */
    public record Row(String category, String requirement, String metric, String target, String window,
                      String priority, String runbook, String description, String labels) {
    }

    /**
     * One metric of observability.yaml: {@code query} (threshold) or {@code good_query}/{@code bad_query} with
     * {@code total_query}.
     */
    public record Binding(String name, Optional<String> query, Optional<String> goodQuery, Optional<String> badQuery,
                          Optional<String> totalQuery, Optional<String> unit, Optional<Long> minEvents) {
    }
}
