package io.smartspec.slo.history;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What was read from the history of one spec over a span of time.
 *
 * @param specId   the spec
 * @param slos     the SLOs found, in the order they first appeared
 * @param samples  per SLO, its samples in time order
 * @param warnings lines that were skipped (corrupt, truncated, unknown), each naming the file and line
 * @since 0.1.0
 */
public record HistoryReading(String specId, Map<String, SloInfo> slos, Map<String, List<HistorySample>> samples,
                             List<String> warnings) {

    public HistoryReading {
        Objects.requireNonNull(specId, "specId");
        slos = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(slos));
        Map<String, List<HistorySample>> copy = new LinkedHashMap<>();
        samples.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        samples = java.util.Collections.unmodifiableMap(copy);
        warnings = List.copyOf(warnings);
    }

    public List<HistorySample> samples(String slo) {
        return samples.getOrDefault(slo, List.of());
    }
}
