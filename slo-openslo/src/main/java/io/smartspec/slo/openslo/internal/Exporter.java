package io.smartspec.slo.openslo.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.smartspec.slo.Budgeting;
import io.smartspec.slo.Indicator;
import io.smartspec.slo.Objective;
import io.smartspec.slo.SloWindow;
import io.smartspec.slo.Operator;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.Unit;
import io.smartspec.slo.Windows;
import io.smartspec.slo.config.MetricBinding;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.config.ReceiverConfig;
import io.smartspec.slo.evaluation.BurnRatePolicy;
import io.smartspec.slo.source.MetricSourceProvider;
import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.spec.NfrRow;
import io.smartspec.slo.spec.NfrTable;

import java.math.BigDecimal;
import java.math.MathContext;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a loaded spec as OpenSLO v1 objects: a Service, a DataSource, and per SLO an SLO with its SLI inline,
 * Occurrences over its rolling window, and its burn-rate alerts as inline AlertPolicies. What OpenSLO cannot
 * say goes into {@link Annotations}.
 */
public final class Exporter {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build();

    private final LoadedSpec spec;
    private final NfrTable table;
    private final List<Problem> problems = new ArrayList<>();

    private final Optional<String> maintenance;

    /** @param maintenance the {@code maintenance:} section of observability.yaml as JSON, when it has one */
    public Exporter(LoadedSpec spec, NfrTable table, Optional<String> maintenance) {
        this.spec = spec;
        this.table = table;
        this.maintenance = maintenance;
    }

    /**
     * The {@code maintenance:} section of an observability.yaml's text as JSON (scalars as written), or empty.
     */
    public static Optional<String> maintenanceOf(String file, String yaml) {
        List<Problem> ignored = new ArrayList<>();
        List<YamlNode> docs = YamlReader.documents(file, yaml, ignored);
        if (docs.isEmpty() || !(docs.get(0) instanceof YamlNode.Mapping top)) {
            return Optional.empty();
        }
        return top.get("maintenance").map(n -> json(n).toString());
    }

    private static com.fasterxml.jackson.databind.JsonNode json(YamlNode node) {
        if (node instanceof YamlNode.Mapping m) {
            ObjectNode o = JSON.objectNode();
            m.entries().values().forEach(e -> o.set(e.key(), json(e.value())));
            return o;
        }
        if (node instanceof YamlNode.Sequence s) {
            ArrayNode a = JSON.arrayNode();
            s.items().forEach(i -> a.add(json(i)));
            return a;
        }
        YamlNode.Scalar sc = (YamlNode.Scalar) node;
        return switch (sc.kind()) {
            case NULL -> JSON.nullNode();
            case BOOLEAN -> JSON.booleanNode(Boolean.parseBoolean(sc.text().toLowerCase(Locale.ROOT)));
            case NUMBER -> JSON.numberNode(new BigDecimal(sc.text()));
            case STRING -> JSON.textNode(sc.text());
        };
    }

    /** The YAML of every object, or the problems of the SLOs OpenSLO cannot express. */
    public String yaml(List<Problem> out) {
        ObservabilityConfig config = spec.config();
        String provider = config.provider();
        if (!Importer.PROVIDERS.containsKey(provider)) {
            out.add(Problem.error(configFile(), 0, "provider: '" + provider + "' has no OpenSLO metric source type "
                    + "SmartSpec writes; the export writes " + Importer.SUPPORTED_TYPES));
            return "";
        }
        String service = Importer.slug(spec.specId());
        if (service.length() > 63) {
            service = service.substring(0, 63).replaceAll("-+$", "");
        }
        List<ObjectNode> objects = new ArrayList<>();
        ObjectNode svc = object("Service", service);
        if (!service.equals(spec.specId())) {
            annotations(svc).put(Annotations.SPEC_ID, spec.specId());
        }
        if (!spec.config().maintenance().isEmpty()) {
            if (maintenance.isEmpty()) {
                out.add(Problem.error(configFile(), 0, "maintenance: its " + spec.config().maintenance().size()
                        + " window(s) travel only with the file's text; export the spec from its files"));
                return "";
            }
            annotations(svc).put(Annotations.MAINTENANCE, maintenance.get());
        }
        svc.putObject("spec").put("description", "Service level objectives of the spec '" + spec.specId() + "'");
        objects.add(svc);
        String dataSource = shorten(service + "-" + provider);
        ObjectNode ds = object("DataSource", dataSource);
        ObjectNode dsSpec = ds.putObject("spec");
        dsSpec.put("type", Importer.PROVIDERS.get(provider));
        ObjectNode details = dsSpec.putObject("connectionDetails");
        if (provider.equals("prometheus")) {
            config.settings().url("url").map(Exporter::withoutCredentials).ifPresent(u -> details.put("url", u));
        } else {
            config.settings().string("site").ifPresent(s -> details.put("site", s));
        }
        objects.add(ds);
        Map<String, String> names = new HashMap<>();
        for (Slo slo : spec.slos().slos()) {
            String name = shorten(Importer.slug(slo.name()));
            String earlier = names.putIfAbsent(name, slo.name());
            if (earlier != null) {
                out.add(Problem.error(table.file(), line(slo), slo.name() + ": its OpenSLO name '" + name + "' (lower "
                        + "case, '-' for other characters) is also the name of '" + earlier + "'; rename one metric"));
                continue;
            }
            slo(slo, name, service, dataSource, out).ifPresent(objects::add);
        }
        if (out.stream().anyMatch(Problem::isError)) {
            return "";
        }
        StringBuilder yaml = new StringBuilder("# OpenSLO v1, written by slo openslo export from the spec '")
                .append(spec.specId()).append("'\n");
        for (ObjectNode o : objects) {
            try {
                yaml.append(YAML.writeValueAsString(o));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write YAML", e);
            }
        }
        return yaml.toString();
    }

    private String configFile() {
        return spec.config().file().isEmpty() ? "observability.yaml" : spec.config().file();
    }

    private int line(Slo slo) {
        return table.row(slo.metric()).map(NfrRow::line).orElse(0);
    }

    private Optional<ObjectNode> slo(Slo slo, String name, String service, String dataSource, List<Problem> out) {
        Optional<NfrRow> row = table.row(slo.metric());
        Optional<MetricBinding> binding = spec.config().metric(slo.metric());
        ObjectNode o = object("SLO", name);
        ObjectNode meta = (ObjectNode) o.get("metadata");
        String requirement = slo.labels().getOrDefault("requirement", "");
        if (!requirement.isEmpty() && requirement.length() <= 63) {
            meta.put("displayName", requirement);
        }
        row.map(r -> cell(r, "Labels")).filter(l -> !l.isEmpty()).ifPresent(l -> labels(meta, l));
        ObjectNode ann = annotations(o);
        if (!name.equals(slo.name())) {
            ann.put(Annotations.METRIC, slo.name());
        }
        if (requirement.length() > 63) {
            ann.put(Annotations.REQUIREMENT, requirement);
        }
        Optional.ofNullable(slo.labels().get("category")).ifPresent(c -> ann.put(Annotations.CATEGORY, c));
        ann.put(Annotations.PRIORITY, slo.priority().name());
        slo.runbook().ifPresent(r -> ann.put(Annotations.RUNBOOK, r));
        ObjectNode s = o.putObject("spec");
        row.map(r -> cell(r, "Description")).filter(d -> !d.isEmpty()).ifPresent(d -> s.put("description",
                d.length() > DocReader.MAX_DESCRIPTION ? d.substring(0, DocReader.MAX_DESCRIPTION) : d));
        s.put("service", service);
        ObjectNode indicator = s.putObject("indicator");
        indicator.putObject("metadata").put("name", name);
        ObjectNode sli = indicator.putObject("spec");
        SloWindow window = slo.windowOrDefault();
        ObjectNode timeWindow = timeWindow(window);
        if (timeWindow == null) {
            out.add(Problem.error(table.file(), line(slo), slo.name() + ": window " + window.describe() + " is not a "
                    + "whole number of minutes, which OpenSLO's durations are"));
            return Optional.empty();
        }
        Budgeting budgeting = slo.budgeting();
        ObjectNode objective = JSON.objectNode();
        boolean alerts = false;
        if (slo.indicator() instanceof Indicator.EventsRatio r) {
            ObjectNode ratio = sli.putObject("ratioMetric");
            boolean counter = bare(r.eventsQuery()) && bare(r.totalQuery());
            ratio.put("counter", counter);
            source(ratio.putObject(r.events() == Indicator.Events.GOOD ? "good" : "bad"), dataSource, r.eventsQuery());
            source(ratio.putObject("total"), dataSource, r.totalQuery());
            objective.put("target", number(slo.objective().bound().canonicalValue()));
            if (binding.orElse(null) instanceof MetricBinding.Ratio rb && rb.minEvents().isPresent()) {
                ann.put(Annotations.MIN_EVENTS, Long.toString(slo.minEvents()));
            }
            if (budgeting instanceof Budgeting.Timeslices t) {
                objective.put("timeSliceTarget", number(t.sliceObjective().bound().canonicalValue()));
                objective.put("timeSliceWindow", Windows.format(t.slice()));
            } else if (budgeting instanceof Budgeting.RatioTimeslices t) {
                objective.put("timeSliceWindow", Windows.format(t.slice()));
            }
            alerts = budgeting instanceof Budgeting.Occurrences && window instanceof SloWindow.Rolling;
        } else if (slo.indicator() instanceof Indicator.Threshold t && budgeting instanceof Budgeting.Timeslices ts) {
            // a slice is good when the metric meets the objective; the target is the share of good slices
            source(sli.putObject("thresholdMetric"), dataSource, t.query());
            Objective judge = ts.sliceObjective();
            // OpenSLO's value is in the unit the query returns: the declared unit, else the provider's convention
            Optional<Unit> declared = t.unit().filter(u -> u.dimension() == judge.bound().dimension()
                    || judge.bound().dimension() == Unit.Dimension.NUMBER);
            Optional<Unit> valueUnitOf = declared.isPresent() || judge.bound().dimension() == Unit.Dimension.NUMBER
                    ? declared.or(() -> Optional.of(Unit.NUMBER))
                    : MetricSourceProvider.unitConventionOf(spec.config().provider())
                    .flatMap(c -> c.plainNumberUnit(judge.bound().dimension()));
            if (valueUnitOf.isEmpty()) {
                out.add(Problem.error(configFile(), binding.map(MetricBinding::line).orElse(0), slo.metric()
                        + ": declares no unit, and " + spec.config().provider() + " gives its values' unit only at run "
                        + "time; OpenSLO's value is in the query's unit: declare it (e.g. unit: ms)"));
                return Optional.empty();
            }
            Unit valueUnit = valueUnitOf.get();
            objective.put("op", op(judge.operator()));
            objective.put("value", number(judge.bound().to(valueUnit).value()));
            objective.put("target", number(slo.objective().bound().canonicalValue()));
            objective.put("timeSliceTarget", 1);
            objective.put("timeSliceWindow", Windows.format(ts.slice()));
            t.unit().ifPresent(u -> ann.put(Annotations.UNIT, unitName(u)));
            ann.put(Annotations.VALUE_UNIT, unitName(valueUnit));
        } else if (slo.indicator() instanceof Indicator.Threshold t && budgeting instanceof Budgeting.Occurrences
                && slo.objective().bound().dimension() == Unit.Dimension.RATIO) {
            // a threshold on a ratio over a window is OpenSLO's raw ratio: success ratio >= target, or failure
            // ratio <= 1 - target
            Optional<Unit> returns = t.unit().or(() -> MetricSourceProvider.unitConventionOf(spec.config().provider())
                    .flatMap(c -> c.plainNumberUnit(Unit.Dimension.RATIO)));
            if (returns.isEmpty() || returns.get() != Unit.FRACTION) {
                out.add(Problem.error(configFile(), binding.map(MetricBinding::line).orElse(0), slo.metric() + ": "
                        + (returns.isEmpty() ? "declares no unit, and " + spec.config().provider() + " gives its values' "
                        + "unit only at run time" : "returns " + unitName(returns.get())) + "; OpenSLO's raw ratio is a "
                        + "fraction 0..1: make the query return one and declare unit: ratio"));
                return Optional.empty();
            }
            // the window the query computes its ratio over: the Ratio window column (as imported), else the row's
            Optional<Duration> over = row.map(r -> cell(r, SpecWriter.RATIO_WINDOW)).filter(c -> !c.isEmpty())
                    .map(Windows::parse).or(() -> slo.window().filter(w -> w instanceof SloWindow.Rolling)
                            .map(w -> ((SloWindow.Rolling) w).length()));
            if (over.isEmpty()) {
                out.add(Problem.error(table.file(), line(slo), slo.name() + ": " + slo.metric() + " " + slo.objective()
                        + " bounds a ratio at every evaluation; as OpenSLO's raw ratio it needs the window its query "
                        + "computes the ratio over: give the row a '" + SpecWriter.RATIO_WINDOW + "' column (e.g. 1d)"));
                return Optional.empty();
            }
            timeWindow = timeWindow(SloWindow.rolling(over.get()));
            Operator op = slo.objective().operator();
            boolean success = !op.isUpperBound();
            ObjectNode ratio = sli.putObject("ratioMetric");
            ratio.put("rawType", success ? "success" : "failure");
            source(ratio.putObject("raw"), dataSource, t.query());
            double bound = slo.objective().bound().canonicalValue();
            double target = success ? bound : BigDecimal.ONE.subtract(new BigDecimal(Double.toString(bound))).doubleValue();
            if (op != (success ? Operator.GREATER_THAN_OR_EQUAL : Operator.LESS_THAN_OR_EQUAL)) {
                ann.put(Annotations.OPERATOR, op(op));
            }
            t.unit().ifPresent(u -> ann.put(Annotations.UNIT, unitName(u)));
            if (!(target > 0 && target < 1)) {
                out.add(Problem.error(table.file(), line(slo), slo.name() + ": " + slo.objective() + " leaves a target "
                        + "of " + Quantity.formatNumber(target) + ", outside OpenSLO's range (above 0, below 1)"));
                return Optional.empty();
            }
            objective.put("target", number(target));
        } else {
            out.add(Problem.error(table.file(), line(slo), slo.name() + ": " + slo.metric() + " " + slo.objective()
                    + " is a threshold without an error budget (every evaluation must meet it); OpenSLO needs a "
                    + "target share below 100% of good events or time slices: give it time slices and a target "
                    + "(e.g. 99% of 1m slices), or make it a ratio of events (good_query or bad_query with total_query)"));
            return Optional.empty();
        }
        s.putArray("timeWindow").add(timeWindow);
        s.put("budgetingMethod", budgeting instanceof Budgeting.Timeslices ? "Timeslices"
                : budgeting instanceof Budgeting.RatioTimeslices ? "RatioTimeslices" : "Occurrences");
        s.putArray("objectives").add(objective);
        if (alerts) {
            Duration period = ((SloWindow.Rolling) window).length();
            ArrayNode policies = s.putArray("alertPolicies");
            for (BurnRatePolicy.Alert a : BurnRatePolicy.google().alerts()) {
                if (a.longWindow().compareTo(period) > 0) {
                    continue; // the evaluator and the rules skip windows longer than the SLO's
                }
                policies.add(policy(slo, name, a, period));
            }
            if (policies.isEmpty()) {
                s.remove("alertPolicies");
            }
        }
        return Optional.of(o);
    }

    private ObjectNode policy(Slo slo, String name, BurnRatePolicy.Alert a, Duration window) {
        String severity = a.severity().name().toLowerCase(Locale.ROOT);
        String policyName = shorten(name, "-" + severity + "-" + Windows.format(a.longWindow()));
        ObjectNode p = JSON.objectNode();
        p.put("kind", "AlertPolicy");
        p.putObject("metadata").put("name", policyName);
        ObjectNode ps = p.putObject("spec");
        ps.put("description", Quantity.formatNumber(a.budgetPercent()) + "% of the error budget spent within "
                + Windows.format(a.longWindow()) + ", confirmed over " + Windows.format(a.shortWindow()));
        ps.put("alertWhenNoData", spec.config().monitor().alertWhenNoData().orElse(false));
        ps.put("alertWhenResolved", true);
        ps.put("alertWhenBreaching", true);
        ObjectNode c = ps.putArray("conditions").addObject();
        c.put("kind", "AlertCondition");
        ObjectNode cm = c.putObject("metadata");
        cm.put("name", policyName);
        ObjectNode ca = cm.putObject("annotations");
        ca.put(Annotations.SHORT_WINDOW, Windows.format(a.shortWindow()));
        ca.put(Annotations.BUDGET_PERCENT, Quantity.formatNumber(a.budgetPercent()));
        ObjectNode cs = c.putObject("spec");
        cs.put("severity", severity);
        ObjectNode cond = cs.putObject("condition");
        cond.put("kind", "burnrate");
        cond.put("op", "gt");
        cond.put("threshold", number(a.factor(window)));
        cond.put("lookbackWindow", Windows.format(a.longWindow()));
        spec.config().monitor().breachFor().filter(d -> !d.isZero())
                .ifPresent(d -> cond.put("alertAfter", ((d.getSeconds() + 59) / 60) + "m"));
        ArrayNode targets = ps.putArray("notificationTargets");
        List<ReceiverConfig> receivers = spec.config().incidentResponse().stream()
                .filter(r -> r.accepts(slo.priority())).toList();
        Map<String, Integer> seen = new HashMap<>();
        for (ReceiverConfig r : receivers) {
            int n = seen.merge(r.type(), 1, Integer::sum);
            ObjectNode t = targets.addObject();
            t.put("kind", "AlertNotificationTarget");
            t.putObject("metadata").put("name", Importer.slug(r.type()) + (n > 1 ? "-" + n : ""));
            t.putObject("spec").put("target", r.type()).put("description", "the " + r.type()
                    + " receiver of incident_response" + (r.line() > 0 ? " (" + configFile() + ":" + r.line() + ")" : ""));
        }
        if (receivers.isEmpty()) {
            ObjectNode t = targets.addObject();
            t.put("kind", "AlertNotificationTarget");
            t.putObject("metadata").put("name", "smartspec-log");
            t.putObject("spec").put("target", "log").put("description", "the monitor's log: no incident_response "
                    + "receiver takes " + slo.priority());
        }
        return p;
    }

    /** A rolling window, or a calendar period anchored at a Monday that is also January 1st (2024-01-01). */
    private static ObjectNode timeWindow(SloWindow window) {
        ObjectNode w = JSON.objectNode();
        if (window instanceof SloWindow.Calendar c) {
            w.put("duration", switch (c.period()) {
                case DAY -> "1d";
                case WEEK -> "1w";
                case MONTH -> "1M";
                case QUARTER -> "1Q";
                case YEAR -> "1Y";
            });
            w.put("isRolling", false);
            ObjectNode cal = w.putObject("calendar");
            cal.put("startTime", CALENDAR_START);
            cal.put("timeZone", c.zone().equals(java.time.ZoneOffset.UTC) ? "UTC" : c.zone().getId());
            return w;
        }
        String duration = window.describe();
        if (duration.endsWith("s")) {
            return null;
        }
        return w.put("duration", duration).put("isRolling", true);
    }

    /** The start of every calendar window written: a Monday, the first day of a year, a quarter and a month. */
    public static final String CALENDAR_START = "2024-01-01 00:00:00";

    private static String op(Operator op) {
        return switch (op) {
            case LESS_THAN -> "lt";
            case LESS_THAN_OR_EQUAL -> "lte";
            case GREATER_THAN -> "gt";
            case GREATER_THAN_OR_EQUAL -> "gte";
        };
    }

    private void source(ObjectNode metric, String dataSource, String query) {
        ObjectNode ms = metric.putObject("metricSource");
        ms.put("metricSourceRef", dataSource);
        ms.put("type", Importer.PROVIDERS.get(spec.config().provider()));
        ms.putObject("spec").put("query", query.replace("{{window}}", "{{.window}}"));
    }

    private static boolean bare(String query) {
        return query.matches("\\s*[a-zA-Z_:][a-zA-Z0-9_:]*\\s*(\\{[^{}]*})?\\s*");
    }

    private static String unitName(Unit u) {
        return switch (u) {
            case FRACTION -> "ratio";
            case PERCENT -> "percent";
            case NUMBER -> "number";
            default -> u.symbol();
        };
    }

    private static void labels(ObjectNode meta, String cell) {
        ObjectNode labels = meta.putObject("labels");
        for (String part : cell.split(";")) {
            int colon = part.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            ArrayNode values = labels.putArray(part.substring(0, colon).strip());
            for (String v : part.substring(colon + 1).split(",")) {
                if (!v.isBlank()) {
                    values.add(v.strip());
                }
            }
        }
    }

    /** A cell of the row by its header, with markdown's {@code \|} read as {@code |}. */
    private static String cell(NfrRow row, String header) {
        return row.cells().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(header)).findFirst()
                .map(e -> e.getValue().replace("\\|", "|").strip()).orElse("");
    }

    private static ObjectNode object(String kind, String name) {
        ObjectNode o = JSON.objectNode();
        o.put("apiVersion", DocReader.API_VERSION);
        o.put("kind", kind);
        o.putObject("metadata").put("name", name);
        return o;
    }

    private static ObjectNode annotations(ObjectNode object) {
        ObjectNode meta = (ObjectNode) object.get("metadata");
        return meta.has("annotations") ? (ObjectNode) meta.get("annotations") : meta.putObject("annotations");
    }

    static String shorten(String name) {
        return shorten(name, "");
    }

    /** {@code name + suffix}, with name cut so that the whole is an RFC 1123 label of at most 63 characters. */
    static String shorten(String name, String suffix) {
        String base = name.length() + suffix.length() > 63 ? name.substring(0, 63 - suffix.length()) : name;
        return base.replaceAll("-+$", "") + suffix;
    }

    /** A number without float noise: 14.399999999999999 is 14.4. */
    private static BigDecimal number(double d) {
        return new BigDecimal(d, new MathContext(12)).stripTrailingZeros();
    }

    private static String withoutCredentials(URI url) {
        try {
            return new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), null, null).toString();
        } catch (java.net.URISyntaxException e) {
            return Problem.class.getSimpleName(); // unreachable: built from a parsed URI
        }
    }
}
