package io.smartspec.slo.openslo.internal;

/**
 * The {@code metadata.annotations} under which what OpenSLO cannot express travels, so that a spec written
 * to OpenSLO and read back loses nothing.
 */
public final class Annotations {

    public static final String PREFIX = "smartspec.io/";
    /** The NFR row's metric, when it is not an RFC 1123 name (OpenSLO's names are): {@code api_latency_p99}. */
    public static final String METRIC = PREFIX + "metric";
    public static final String CATEGORY = PREFIX + "category";
    /** P0..P3. */
    public static final String PRIORITY = PREFIX + "priority";
    public static final String RUNBOOK = PREFIX + "runbook";
    /** The fewest events a window must hold before it is judged. */
    public static final String MIN_EVENTS = PREFIX + "min-events";
    /** The unit the query returns, as in observability.yaml's {@code unit:}. */
    public static final String UNIT = PREFIX + "unit";
    /** The unit of a thresholdMetric objective's {@code value}: s, ms, percent, ratio, ... */
    public static final String VALUE_UNIT = PREFIX + "value-unit";
    /** The comparison of a threshold on a ratio written as a raw ratio: lt, lte, gt or gte. */
    public static final String OPERATOR = PREFIX + "operator";
    /** The NFR row's requirement, when longer than a displayName may be (63 characters). */
    public static final String REQUIREMENT = PREFIX + "requirement";
    /** The spec id, when it is not an RFC 1123 name. */
    public static final String SPEC_ID = PREFIX + "spec-id";
    /**
     * On the Service: the {@code maintenance:} windows of observability.yaml as JSON (OpenSLO has no maintenance
     * windows), written back under {@code maintenance:} by the import.
     */
    public static final String MAINTENANCE = PREFIX + "maintenance";
    /** The short window that confirms a burn-rate alert (OpenSLO's conditions have one window). */
    public static final String SHORT_WINDOW = PREFIX + "short-window";
    /** The share of the error budget a burn-rate alert stands for, in percent. */
    public static final String BUDGET_PERCENT = PREFIX + "budget-percent";

    private Annotations() {
    }
}
