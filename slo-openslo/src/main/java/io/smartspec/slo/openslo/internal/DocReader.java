package io.smartspec.slo.openslo.internal;

import io.smartspec.slo.Problem;
import io.smartspec.slo.openslo.internal.Docs.Either;
import io.smartspec.slo.openslo.internal.Docs.Meta;
import io.smartspec.slo.openslo.internal.Docs.Ref;
import io.smartspec.slo.openslo.internal.Docs.Shorthand;
import io.smartspec.slo.openslo.internal.Docs.Where;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads OpenSLO v1 objects and checks them against the specification's rules (github.com/OpenSLO/OpenSLO,
 * README "Specification", and the rules of its Go SDK): apiVersion, kind, metadata (RFC 1123 names, label and
 * annotation keys), each kind's required fields, enums, ranges and mutually exclusive fields, unknown fields.
 * Every problem is collected, located by file, line and field path.
 */
public final class DocReader {

    public static final String API_VERSION = "openslo/v1";
    public static final Set<String> KINDS = Set.of("Service", "SLO", "SLI", "DataSource", "AlertPolicy",
            "AlertCondition", "AlertNotificationTarget");
    static final List<String> KIND_ORDER = List.of("Service", "SLO", "SLI", "DataSource", "AlertPolicy",
            "AlertCondition", "AlertNotificationTarget");

    /** RFC 1123 label: what metadata.name and every reference must be. */
    public static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    static final String DNS_LABEL_RULE = "at most 63 characters, lower case letters, digits and '-', starting and "
            + "ending with a letter or digit (RFC 1123), e.g. 'my-name'";
    private static final Pattern LABEL_KEY = Pattern.compile("[a-zA-Z0-9]([-._a-zA-Z0-9]{0,61}[a-zA-Z0-9])?");
    private static final Pattern ANNOTATION_KEY = Pattern.compile(
            "([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*/)?"
                    + "[a-zA-Z0-9]([-._a-zA-Z0-9]{0,61}[a-zA-Z0-9])?");
    private static final Pattern SHORTHAND = Pattern.compile("([0-9]+)([mhdwMQY])");
    static final String SHORTHAND_RULE = "a whole number and one of m, h, d, w, M, Q, Y (e.g. 5m, 1h, 28d, 4w, 1M)";
    public static final int MAX_DESCRIPTION = 1050;
    private static final int MAX_DISPLAY_NAME = 63;
    static final Set<String> OPERATORS = new LinkedHashSet<>(List.of("lt", "lte", "gt", "gte"));
    static final Set<String> BUDGETING = new LinkedHashSet<>(List.of("Occurrences", "Timeslices", "RatioTimeslices"));
    private static final DateTimeFormatter START_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private final List<Problem> problems;
    private final List<Docs.Service> services = new ArrayList<>();
    private final List<Docs.DataSource> dataSources = new ArrayList<>();
    private final List<Docs.Sli> slis = new ArrayList<>();
    private final List<Docs.Slo> slos = new ArrayList<>();
    private final List<Docs.AlertPolicy> policies = new ArrayList<>();
    private final List<Docs.AlertCondition> conditions = new ArrayList<>();
    private final List<Docs.NotificationTarget> targets = new ArrayList<>();

    public DocReader(List<Problem> problems) {
        this.problems = problems;
    }

    public Docs.All all() {
        return new Docs.All(services, dataSources, slis, slos, policies, conditions, targets);
    }

    /** Reads every object of one file: a mapping, a list of them, or several documents. */
    public void read(String file, String text) {
        List<YamlNode> documents = YamlReader.documents(file, text, problems);
        int index = 0;
        for (YamlNode document : documents) {
            List<YamlNode> objects = document instanceof YamlNode.Sequence s ? s.items() : List.of(document);
            for (YamlNode object : objects) {
                object(file, object, index++);
            }
        }
    }

    private void object(String file, YamlNode node, int index) {
        Optional<Fields> top = Fields.of(file, "object " + (index + 1), "", node, problems);
        if (top.isEmpty()) {
            return;
        }
        Fields f = top.get();
        Optional<String> kind = f.string("kind");
        String name = f.mapping("metadata").flatMap(m -> m.string("name")).orElse("");
        String subject = kind.orElse("object") + (name.isEmpty() ? " " + (index + 1) : " '" + name + "'");
        f = new Fields(file, subject, "", f.map, problems);
        Optional<String> version = f.string("apiVersion");
        if (version.isEmpty()) {
            f.missing("apiVersion", "expected apiVersion: " + API_VERSION);
        } else if (!version.get().equals(API_VERSION)) {
            f.error("apiVersion", "'" + version.get() + "' is not supported; expected " + API_VERSION
                    + (version.get().startsWith("openslo") ? " (convert " + version.get() + " objects to v1 first)" : ""));
            return;
        }
        if (kind.isEmpty()) {
            f.missing("kind", "expected one of " + String.join(", ", KIND_ORDER));
            return;
        }
        if (!KINDS.contains(kind.get())) {
            f.error("kind", "'" + kind.get() + "' is not an OpenSLO v1 kind; expected one of "
                    + String.join(", ", KIND_ORDER) + Problem.didYouMean(kind.get(), KINDS));
            return;
        }
        f.rejectUnknown(List.of("apiVersion", "kind", "metadata", "spec"));
        Optional<Meta> meta = meta(f);
        Optional<Fields> spec = f.mapping("spec");
        if (spec.isEmpty() && !kind.get().equals("Service")) {
            f.missing("spec", "every " + kind.get() + " has a spec");
        }
        Where where = new Where(file, f.map.line(), subject, "");
        // the spec is checked even when the metadata is wrong, so that every problem is reported at once
        Meta m = meta.orElse(new Meta(name, Optional.empty(), Map.of(), Map.of()));
        Fields s = spec.orElse(new Fields(file, subject, "spec", new YamlNode.Mapping(Map.of(), f.map.line()), problems));
        switch (kind.get()) {
            case "Service" -> service(m, s, where);
            case "DataSource" -> dataSource(m, s, where).ifPresent(dataSources::add);
            case "SLI" -> sli(m, s, where).ifPresent(slis::add);
            case "SLO" -> slo(m, s, where).ifPresent(slos::add);
            case "AlertPolicy" -> policy(m, s, where).ifPresent(policies::add);
            case "AlertCondition" -> condition(m, s, where).ifPresent(conditions::add);
            default -> target(m, s, where).ifPresent(targets::add);
        }
    }

    /** {@code metadata} of an object (or of an inline object, under {@code f}). */
    private Optional<Meta> meta(Fields f) {
        Optional<Fields> m = f.mapping("metadata");
        if (m.isEmpty()) {
            f.missing("metadata", "expected metadata: with a name");
            return Optional.empty();
        }
        Fields md = m.get();
        md.rejectUnknown(List.of("name", "displayName", "labels", "annotations"));
        Optional<String> name = md.requiredString("name", "every object has a name (" + DNS_LABEL_RULE + ")");
        boolean ok = name.isPresent();
        if (name.isPresent() && !dnsLabel(name.get())) {
            md.error("name", "'" + name.get() + "' is not a valid name; expected " + DNS_LABEL_RULE);
            ok = false;
        }
        Optional<String> displayName = md.text("displayName", MAX_DISPLAY_NAME);
        Map<String, List<String>> labels = new LinkedHashMap<>();
        md.mapping("labels").ifPresent(l -> {
            for (YamlNode.Entry e : l.map.entries().values()) {
                if (!LABEL_KEY.matcher(e.key()).matches()) {
                    l.error(e.key(), "'" + e.key() + "' is not a valid label key; expected at most 63 letters, digits, "
                            + "'-', '_' or '.', starting and ending with a letter or digit");
                }
                List<String> values = new ArrayList<>();
                if (e.value() instanceof YamlNode.Scalar sc && !sc.isNull()) {
                    values.add(sc.text());
                } else if (e.value() instanceof YamlNode.Sequence seq) {
                    for (YamlNode v : seq.items()) {
                        if (v instanceof YamlNode.Scalar sv && !sv.isNull()) {
                            values.add(sv.text());
                        } else {
                            l.error(e.key(), "has " + v.describe() + " in its list; expected text values");
                        }
                    }
                } else {
                    l.error(e.key(), "is " + e.value().describe() + "; expected a text or a list of texts");
                }
                labels.put(e.key(), values);
            }
        });
        Map<String, String> annotations = new LinkedHashMap<>();
        md.mapping("annotations").ifPresent(a -> {
            for (YamlNode.Entry e : a.map.entries().values()) {
                String key = e.key();
                int slash = key.lastIndexOf('/');
                boolean lengths = (slash < 0 ? key.length() : key.length() - slash - 1) <= 63 && slash <= 253;
                if (!lengths || !ANNOTATION_KEY.matcher(key).matches()) {
                    a.error(key, "'" + key + "' is not a valid annotation key; expected an optional DNS subdomain "
                            + "prefix and '/', then a name of at most 63 letters, digits, '-', '_' or '.' (e.g. "
                            + "smartspec.io/priority)");
                }
                if (e.value() instanceof YamlNode.Scalar sc && !sc.isNull()) {
                    annotations.put(key, sc.text());
                } else {
                    a.error(key, "is " + e.value().describe() + "; annotation values are text");
                }
            }
        });
        return ok ? Optional.of(new Meta(name.get(), displayName, labels, annotations)) : Optional.empty();
    }

    static boolean dnsLabel(String s) {
        return s.length() <= 63 && DNS_LABEL.matcher(s).matches();
    }

    private void service(Meta meta, Fields s, Where where) {
        s.rejectUnknown(List.of("description"));
        services.add(new Docs.Service(meta, s.text("description", MAX_DESCRIPTION), where));
    }

    private Optional<Docs.DataSource> dataSource(Meta meta, Fields s, Where where) {
        int before = errors();
        s.rejectUnknown(List.of("description", "type", "connectionDetails"));
        Optional<String> description = s.text("description", MAX_DESCRIPTION);
        Optional<String> type = s.requiredString("type", "e.g. type: Prometheus");
        Map<String, YamlNode> details = new LinkedHashMap<>();
        Optional<YamlNode> cd = s.map.get("connectionDetails");
        if (cd.isEmpty()) {
            s.missing("connectionDetails", "the connection's settings, e.g. connectionDetails: {url: http://...}");
        } else if (cd.get() instanceof YamlNode.Mapping m) {
            m.entries().values().forEach(e -> details.put(e.key(), e.value()));
        } else if (cd.get() instanceof YamlNode.Sequence seq) {
            // the Go SDK's examples write a list of single-key mappings
            for (YamlNode item : seq.items()) {
                if (item instanceof YamlNode.Mapping m) {
                    m.entries().values().forEach(e -> details.put(e.key(), e.value()));
                } else {
                    s.error("connectionDetails", "has " + item.describe() + " in its list; expected mappings");
                }
            }
        } else {
            s.error("connectionDetails", "is " + cd.get().describe() + "; expected a mapping of settings");
        }
        if (errors() > before) {
            return Optional.empty();
        }
        return Optional.of(new Docs.DataSource(meta, description, type.get(), details, where));
    }

    private Optional<Docs.Sli> sli(Meta meta, Fields s, Where where) {
        int before = errors();
        Optional<Docs.Sli> sli = sliSpec(meta, s, where);
        return errors() > before ? Optional.empty() : sli;
    }

    private Optional<Docs.Sli> sliSpec(Meta meta, Fields s, Where where) {
        s.rejectUnknown(List.of("description", "thresholdMetric", "ratioMetric"));
        Optional<String> description = s.text("description", MAX_DESCRIPTION);
        boolean threshold = s.has("thresholdMetric");
        boolean ratio = s.has("ratioMetric");
        if (threshold == ratio) {
            s.error(s.keyLine, s.path.isEmpty() ? "spec" : s.path, threshold
                    ? "has both thresholdMetric and ratioMetric; an SLI is exactly one of them"
                    : "has neither thresholdMetric nor ratioMetric; an SLI is exactly one of them");
            return Optional.empty();
        }
        if (threshold) {
            Optional<Docs.MetricSource> m = s.mapping("thresholdMetric").flatMap(this::metricSpec);
            return m.map(ms -> new Docs.Sli(meta, description, Optional.of(ms), Optional.empty(), where));
        }
        Optional<Fields> r = s.mapping("ratioMetric");
        if (r.isEmpty()) {
            return Optional.empty();
        }
        Fields rf = r.get();
        rf.rejectUnknown(List.of("counter", "good", "bad", "total", "rawType", "raw"));
        Optional<Boolean> counter = rf.bool("counter");
        boolean good = rf.has("good");
        boolean bad = rf.has("bad");
        boolean total = rf.has("total");
        boolean raw = rf.has("raw");
        if (total == raw) {
            rf.error(rf.keyLine, rf.path, total ? "has both total and raw; a ratio is good or bad with total, or "
                    + "raw with rawType" : "has neither total nor raw; a ratio is good or bad with total, or raw "
                    + "with rawType");
            return Optional.empty();
        }
        if (total && good == bad) {
            rf.error(rf.keyLine, rf.path, good ? "has both good and bad; exactly one of them goes with total"
                    : "has neither good nor bad; exactly one of them goes with total");
            return Optional.empty();
        }
        if (raw && (good || bad)) {
            rf.error(good ? "good" : "bad", "is not used with raw; raw is the precomputed ratio itself");
            return Optional.empty();
        }
        Optional<String> rawType = Optional.empty();
        if (raw) {
            if (!rf.has("rawType")) {
                rf.missing("rawType", "raw needs rawType: success (good/total) or failure (bad/total)");
            } else {
                rawType = rf.oneOf("rawType", new LinkedHashSet<>(List.of("success", "failure")));
            }
        } else if (rf.has("rawType")) {
            rf.error("rawType", "is only used with raw; with " + (good ? "good" : "bad") + " the ratio's type is known");
        }
        Optional<Docs.MetricSource> g = rf.mapping("good").flatMap(this::metricSpec);
        Optional<Docs.MetricSource> b = rf.mapping("bad").flatMap(this::metricSpec);
        Optional<Docs.MetricSource> t = rf.mapping("total").flatMap(this::metricSpec);
        Optional<Docs.MetricSource> rw = rf.mapping("raw").flatMap(this::metricSpec);
        return Optional.of(new Docs.Sli(meta, description, Optional.empty(),
                Optional.of(new Docs.Ratio(counter, g, b, t, rw, rawType)), where));
    }

    /** {@code {metricSource: {metricSourceRef, type, spec}}}. */
    private Optional<Docs.MetricSource> metricSpec(Fields m) {
        m.rejectUnknown(List.of("metricSource"));
        if (!m.has("metricSource")) {
            m.missing("metricSource", "expected metricSource: with a type (or metricSourceRef) and a spec");
            return Optional.empty();
        }
        Optional<Fields> src = m.mapping("metricSource");
        if (src.isEmpty()) {
            return Optional.empty();
        }
        Fields f = src.get();
        f.rejectUnknown(List.of("metricSourceRef", "type", "spec"));
        Optional<String> ref = f.string("metricSourceRef").filter(r -> !r.isEmpty());
        if (ref.isPresent() && !dnsLabel(ref.get())) {
            f.error("metricSourceRef", "'" + ref.get() + "' is not a valid name; expected " + DNS_LABEL_RULE);
        }
        Optional<String> type = f.string("type").filter(t -> !t.isBlank());
        if (type.isEmpty() && ref.isEmpty()) {
            f.missing("type", "give the source's type (e.g. type: Prometheus) or a metricSourceRef to a DataSource");
        }
        Map<String, YamlNode> spec = new LinkedHashMap<>();
        if (!f.has("spec")) {
            f.missing("spec", "the source's query, e.g. spec: {query: 'sum(rate(http_requests_total[5m]))'}");
        } else {
            f.mapping("spec").ifPresent(sp -> {
                sp.map.entries().values().forEach(e -> spec.put(e.key(), e.value()));
                if (spec.isEmpty()) {
                    f.error("spec", "is empty; expected the source's query, e.g. query: ...");
                }
            });
        }
        return Optional.of(new Docs.MetricSource(ref, type, spec, new Where(f.file, f.keyLine, f.subject, f.path),
                f.line("type")));
    }

    private Optional<Docs.Slo> slo(Meta meta, Fields s, Where where) {
        int before = errors();
        s.rejectUnknown(List.of("description", "service", "indicator", "indicatorRef", "timeWindow", "budgetingMethod",
                "objectives", "alertPolicies"));
        Optional<String> description = s.text("description", MAX_DESCRIPTION);
        Optional<String> service = s.requiredString("service", "the name of the Service the SLO belongs to");
        Optional<String> budgeting = Optional.empty();
        if (!s.has("budgetingMethod")) {
            s.missing("budgetingMethod", "expected one of " + String.join(", ", BUDGETING));
        } else {
            budgeting = s.oneOf("budgetingMethod", BUDGETING);
        }
        // the indicator
        List<Fields> objectiveFields = s.mappings("objectives");
        boolean composite = objectiveFields.stream().anyMatch(o -> o.has("indicator") || o.has("indicatorRef"));
        boolean hasIndicator = s.has("indicator") || s.has("indicatorRef");
        Either<Docs.Sli> indicator = new Either<>(Optional.empty(), Optional.empty());
        if (s.has("indicator") && s.has("indicatorRef")) {
            s.error("indicatorRef", "given with indicator; an SLO has either an inline indicator or an indicatorRef");
        } else if (!hasIndicator && !composite) {
            s.missing("indicator", "give an inline indicator (metadata and spec of an SLI) or indicatorRef: <SLI name>");
        } else if (hasIndicator && composite) {
            s.error("indicator", "given on the spec and on its objectives; a composite SLO gives them on its "
                    + "objectives only");
        } else if (s.has("indicatorRef")) {
            indicator = new Either<>(Optional.empty(), ref(s, "indicatorRef", "SLI"));
        } else if (s.has("indicator")) {
            Optional<Fields> inl = s.mapping("indicator");
            if (inl.isPresent()) {
                inl.get().rejectUnknown(List.of("metadata", "spec"));
                Optional<Meta> im = meta(inl.get());
                Optional<Fields> ispec = inl.get().mapping("spec");
                if (ispec.isEmpty()) {
                    inl.get().missing("spec", "the SLI's spec: thresholdMetric or ratioMetric");
                } else if (im.isPresent()) {
                    indicator = new Either<>(sliSpec(im.get(), ispec.get(),
                            new Where(s.file, inl.get().keyLine, s.subject, "spec.indicator")), Optional.empty());
                }
            }
        }
        boolean ratioIndicator = indicator.inline().flatMap(Docs.Sli::ratio).isPresent();
        boolean thresholdIndicator = indicator.inline().flatMap(Docs.Sli::threshold).isPresent();
        // time window
        Optional<Docs.TimeWindow> window = Optional.empty();
        List<Fields> windows = s.mappings("timeWindow");
        if (s.has("timeWindow") && s.map.get("timeWindow").get() instanceof YamlNode.Sequence seq
                && seq.items().size() != 1) {
            s.error("timeWindow", "has " + seq.items().size() + " items; OpenSLO takes exactly one (rolling or "
                    + "calendar-aligned)");
        } else if (windows.size() == 1) {
            window = timeWindow(windows.get(0));
        }
        // objectives
        List<Docs.Objective> objectives = new ArrayList<>();
        if (!s.has("objectives")) {
            s.missing("objectives", "at least one objective with a target, e.g. objectives: [{target: 0.995}]");
        } else if (objectiveFields.isEmpty() && s.list("objectives").isEmpty()) {
            s.error("objectives", "is empty; expected at least one objective with a target");
        }
        for (Fields o : objectiveFields) {
            objective(o, budgeting.orElse(""), ratioIndicator, thresholdIndicator).ifPresent(objectives::add);
        }
        // alert policies
        List<Either<Docs.AlertPolicy>> alertPolicies = new ArrayList<>();
        for (Fields p : s.mappings("alertPolicies")) {
            if (p.has("alertPolicyRef") == (p.has("kind") || p.has("spec") || p.has("metadata"))) {
                p.error(p.keyLine, p.path, p.has("alertPolicyRef") ? "has alertPolicyRef and an inline policy; "
                        + "give one" : "is neither alertPolicyRef: <name> nor an inline AlertPolicy (kind, metadata, "
                        + "spec)");
                continue;
            }
            if (p.has("alertPolicyRef")) {
                p.rejectUnknown(List.of("alertPolicyRef"));
                ref(p, "alertPolicyRef", "AlertPolicy").ifPresent(r -> alertPolicies.add(new Either<>(Optional.empty(),
                        Optional.of(r))));
            } else {
                inline(p, "AlertPolicy").flatMap(x -> policy(x.meta, x.spec, x.where))
                        .ifPresent(ap -> alertPolicies.add(new Either<>(Optional.of(ap), Optional.empty())));
            }
        }
        if (errors() > before || service.isEmpty() || budgeting.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Docs.Slo(meta, description, service.get(), indicator, budgeting.get(), window,
                objectives, alertPolicies, where));
    }

    private Optional<Docs.TimeWindow> timeWindow(Fields w) {
        w.rejectUnknown(List.of("duration", "isRolling", "calendar"));
        Optional<Shorthand> duration = shorthand(w, "duration", true);
        Optional<Boolean> rolling = w.bool("isRolling");
        boolean hasCalendar = w.has("calendar");
        boolean isRolling = rolling.orElse(!hasCalendar);
        if (isRolling && hasCalendar) {
            w.error("calendar", "cannot be set when isRolling is true");
            return Optional.empty();
        }
        if (!isRolling && !hasCalendar) {
            w.missing("calendar", "a window that is not rolling is calendar-aligned: calendar: {startTime: "
                    + "'2024-01-01 00:00:00', timeZone: UTC}");
            return Optional.empty();
        }
        Optional<Docs.Calendar> calendar = Optional.empty();
        if (hasCalendar) {
            Optional<Fields> c = w.mapping("calendar");
            if (c.isEmpty()) {
                return Optional.empty();
            }
            c.get().rejectUnknown(List.of("startTime", "timeZone"));
            Optional<String> start = c.get().requiredString("startTime", "e.g. startTime: '2024-01-01 00:00:00'");
            Optional<String> zone = c.get().requiredString("timeZone", "an IANA time zone, e.g. timeZone: Europe/Warsaw");
            LocalDateTime startTime = null;
            ZoneId timeZone = null;
            if (start.isPresent()) {
                try {
                    startTime = LocalDateTime.parse(start.get().trim(), START_TIME);
                } catch (DateTimeParseException e) {
                    c.get().error("startTime", "'" + start.get() + "' is not a date and time; expected "
                            + "YYYY-MM-DD hh:mm:ss without a time zone, e.g. 2024-01-01 00:00:00");
                }
            }
            if (zone.isPresent()) {
                try {
                    timeZone = ZoneId.of(zone.get().trim());
                } catch (RuntimeException e) {
                    c.get().error("timeZone", "'" + zone.get() + "' is not an IANA time zone; expected e.g. UTC, "
                            + "America/New_York, Europe/Warsaw");
                }
            }
            if (startTime == null || timeZone == null) {
                return Optional.empty();
            }
            calendar = Optional.of(new Docs.Calendar(startTime, timeZone));
        }
        Optional<Docs.Calendar> cal = calendar;
        return duration.map(d -> new Docs.TimeWindow(d, isRolling, cal,
                new Where(w.file, w.map.line(), w.subject, w.path)));
    }

    private Optional<Docs.Objective> objective(Fields o, String budgeting, boolean ratio, boolean threshold) {
        int before = errors();
        o.rejectUnknown(List.of("displayName", "op", "value", "target", "targetPercent", "timeSliceTarget",
                "timeSliceWindow", "indicator", "indicatorRef", "compositeWeight"));
        Optional<String> displayName = o.string("displayName");
        Optional<Double> target = o.number("target");
        Optional<Double> percent = o.number("targetPercent");
        double t = Double.NaN;
        if (o.has("target") && o.has("targetPercent")) {
            o.error("targetPercent", "given with target; give one of them (target: 0.995 is targetPercent: 99.5)");
        } else if (!o.has("target") && !o.has("targetPercent")) {
            o.missing("target", "the share of good events or slices the objective keeps, e.g. target: 0.995 (or "
                    + "targetPercent: 99.5)");
        } else if (target.isPresent()) {
            if (!(target.get() > 0 && target.get() < 1)) {
                o.error("target", target.get() + " is out of range; expected a number above 0 and below 1, e.g. 0.995");
            } else {
                t = target.get();
            }
        } else if (percent.isPresent()) {
            if (!(percent.get() > 0 && percent.get() < 100)) {
                o.error("targetPercent", percent.get() + " is out of range; expected a number above 0 and below 100, "
                        + "e.g. 99.5");
            } else {
                t = new java.math.BigDecimal(percent.get().toString()).movePointLeft(2).doubleValue();
            }
        }
        Optional<String> op = Optional.empty();
        if (o.has("op")) {
            op = o.oneOf("op", OPERATORS);
        }
        Optional<Double> value = o.number("value");
        if (threshold) {
            if (!o.has("op")) {
                o.missing("op", "a thresholdMetric's objective compares the value: op: lt, lte, gt or gte");
            }
            if (!o.has("value")) {
                o.missing("value", "a thresholdMetric's objective compares the metric with a value, e.g. value: 200");
            }
        }
        Optional<Double> sliceTarget = o.number("timeSliceTarget");
        if (sliceTarget.isPresent() && !(sliceTarget.get() > 0 && sliceTarget.get() <= 1)) {
            o.error("timeSliceTarget", sliceTarget.get() + " is out of range; expected a number above 0, at most 1");
        }
        Optional<Shorthand> sliceWindow = shorthand(o, "timeSliceWindow", false);
        if (budgeting.equals("Timeslices") && !o.has("timeSliceTarget")) {
            o.missing("timeSliceTarget", "budgetingMethod Timeslices needs the share of good time in a slice, e.g. "
                    + "timeSliceTarget: 0.95");
        }
        if ((budgeting.equals("Timeslices") || budgeting.equals("RatioTimeslices")) && !o.has("timeSliceWindow")) {
            o.missing("timeSliceWindow", "budgetingMethod " + budgeting + " needs the length of a slice, e.g. "
                    + "timeSliceWindow: 1m");
        }
        Optional<Double> weight = o.number("compositeWeight");
        if (weight.isPresent() && !(weight.get() > 0)) {
            o.error("compositeWeight", weight.get() + " is out of range; expected a number above 0");
        }
        boolean composite = o.has("indicator") || o.has("indicatorRef");
        if (errors() > before) {
            return Optional.empty();
        }
        return Optional.of(new Docs.Objective(displayName, op, value, t, sliceTarget, sliceWindow, composite,
                new Where(o.file, o.map.line(), o.subject, o.path)));
    }

    private Optional<Shorthand> shorthand(Fields f, String key, boolean required) {
        if (!f.has(key)) {
            if (required) {
                f.missing(key, "expected " + SHORTHAND_RULE);
            }
            return Optional.empty();
        }
        Optional<YamlNode> node = f.map.get(key);
        String text = node.get() instanceof YamlNode.Scalar s ? s.text() : null;
        if (node.get() instanceof YamlNode.Scalar s && s.kind() == YamlNode.Scalar.Kind.NUMBER
                && key.equals("timeSliceWindow") && text.matches("[0-9]+")) {
            text = text + "m"; // "Default interpretation of unit if specified as a number in minutes"
        }
        java.util.regex.Matcher m = text == null ? null : SHORTHAND.matcher(text);
        if (m == null || !m.matches() || Long.parseLong(m.group(1)) == 0) {
            f.error(key, (text == null ? "is " + node.get().describe() : "'" + text + "' is not a duration")
                    + "; expected " + SHORTHAND_RULE);
            return Optional.empty();
        }
        return Optional.of(new Shorthand(Long.parseLong(m.group(1)), m.group(2).charAt(0), text));
    }

    private Optional<Ref> ref(Fields f, String key, String kind) {
        Optional<String> name = f.requiredString(key, "the name of the " + kind);
        if (name.isPresent() && !dnsLabel(name.get())) {
            f.error(key, "'" + name.get() + "' is not a valid name; expected " + DNS_LABEL_RULE);
            return Optional.empty();
        }
        return name.map(n -> new Ref(kind, n, new Where(f.file, f.line(key), f.subject, f.at(key))));
    }

    private record Inline(Meta meta, Fields spec, Where where) {
    }

    /** An inline object of a kind: {@code kind}, {@code metadata}, {@code spec}. */
    private Optional<Inline> inline(Fields f, String kind) {
        f.rejectUnknown(List.of("kind", "metadata", "spec"));
        Optional<String> k = f.string("kind");
        if (k.isEmpty()) {
            f.missing("kind", "an inline object says its kind: kind: " + kind);
        } else if (!k.get().equals(kind)) {
            f.error("kind", "'" + k.get() + "' is not accepted here; expected " + kind);
        }
        Optional<Meta> meta = meta(f);
        Optional<Fields> spec = f.mapping("spec");
        if (spec.isEmpty()) {
            f.missing("spec", "the " + kind + "'s spec");
        }
        if (k.isEmpty() || !k.get().equals(kind) || meta.isEmpty() || spec.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Inline(meta.get(), spec.get(), new Where(f.file, f.keyLine, f.subject, f.path)));
    }

    private Optional<Docs.AlertPolicy> policy(Meta meta, Fields s, Where where) {
        int before = errors();
        s.rejectUnknown(List.of("description", "alertWhenNoData", "alertWhenResolved", "alertWhenBreaching",
                "conditions", "notificationTargets"));
        Optional<String> description = s.text("description", MAX_DESCRIPTION);
        boolean noData = s.bool("alertWhenNoData").orElse(false);
        boolean resolved = s.bool("alertWhenResolved").orElse(false);
        boolean breaching = s.bool("alertWhenBreaching").orElse(false);
        List<Either<Docs.AlertCondition>> conds = new ArrayList<>();
        List<Fields> cf = s.mappings("conditions");
        if (!s.has("conditions")) {
            s.missing("conditions", "exactly one condition: conditionRef: <name> or an inline AlertCondition");
        } else if (s.list("conditions").size() != 1) {
            s.error("conditions", "has " + s.list("conditions").size() + " items; OpenSLO takes exactly one condition");
        }
        for (Fields c : cf) {
            if (c.has("conditionRef") == (c.has("kind") || c.has("spec") || c.has("metadata"))) {
                c.error(c.keyLine, c.path, "is neither conditionRef: <name> nor an inline AlertCondition (or both)");
            } else if (c.has("conditionRef")) {
                c.rejectUnknown(List.of("conditionRef"));
                ref(c, "conditionRef", "AlertCondition").ifPresent(r -> conds.add(new Either<>(Optional.empty(),
                        Optional.of(r))));
            } else {
                inline(c, "AlertCondition").flatMap(x -> condition(x.meta, x.spec, x.where))
                        .ifPresent(x -> conds.add(new Either<>(Optional.of(x), Optional.empty())));
            }
        }
        List<Either<Docs.NotificationTarget>> tgts = new ArrayList<>();
        List<Fields> tf = s.mappings("notificationTargets");
        if (!s.has("notificationTargets")) {
            s.missing("notificationTargets", "at least one: targetRef: <name> or an inline AlertNotificationTarget");
        }
        for (Fields t : tf) {
            if (t.has("targetRef") == (t.has("kind") || t.has("spec") || t.has("metadata"))) {
                t.error(t.keyLine, t.path, "is neither targetRef: <name> nor an inline AlertNotificationTarget "
                        + "(or both)");
            } else if (t.has("targetRef")) {
                t.rejectUnknown(List.of("targetRef"));
                ref(t, "targetRef", "AlertNotificationTarget").ifPresent(r -> tgts.add(new Either<>(Optional.empty(),
                        Optional.of(r))));
            } else {
                inline(t, "AlertNotificationTarget").flatMap(x -> target(x.meta, x.spec, x.where))
                        .ifPresent(x -> tgts.add(new Either<>(Optional.of(x), Optional.empty())));
            }
        }
        if (errors() > before) {
            return Optional.empty();
        }
        return Optional.of(new Docs.AlertPolicy(meta, description, noData, resolved, breaching, conds, tgts, where));
    }

    private Optional<Docs.AlertCondition> condition(Meta meta, Fields s, Where where) {
        int before = errors();
        s.rejectUnknown(List.of("description", "severity", "condition"));
        Optional<String> description = s.text("description", MAX_DESCRIPTION);
        Optional<String> severity = s.requiredString("severity", "e.g. severity: page");
        Optional<Fields> c = s.mapping("condition");
        if (!s.has("condition")) {
            s.missing("condition", "e.g. condition: {kind: burnrate, op: gt, threshold: 2, lookbackWindow: 1h}");
        }
        String kind = "burnrate";
        String op = null;
        double threshold = Double.NaN;
        Shorthand lookback = null;
        Optional<Shorthand> alertAfter = Optional.empty();
        if (c.isPresent()) {
            Fields cf = c.get();
            cf.rejectUnknown(List.of("kind", "op", "threshold", "lookbackWindow", "alertAfter"));
            if (cf.has("kind")) {
                kind = cf.oneOf("kind", Set.of("burnrate")).orElse("burnrate");
            }
            if (!cf.has("op")) {
                cf.missing("op", "expected one of " + String.join(", ", OPERATORS));
            } else {
                op = cf.oneOf("op", OPERATORS).orElse(null);
            }
            if (!cf.has("threshold")) {
                cf.missing("threshold", "the burn rate to alert at, e.g. threshold: 14.4");
            } else {
                threshold = cf.number("threshold").orElse(Double.NaN);
            }
            lookback = shorthand(cf, "lookbackWindow", true).orElse(null);
            alertAfter = shorthand(cf, "alertAfter", false);
        }
        if (errors() > before || severity.isEmpty() || c.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Docs.AlertCondition(meta, description, severity.get(), kind, op, threshold, lookback,
                alertAfter, where));
    }

    private Optional<Docs.NotificationTarget> target(Meta meta, Fields s, Where where) {
        s.rejectUnknown(List.of("description", "target"));
        Optional<String> description = s.text("description", MAX_DESCRIPTION);
        Optional<String> target = s.requiredString("target", "e.g. target: slack");
        return target.map(t -> new Docs.NotificationTarget(meta, description, t, where));
    }

    private int errors() {
        return (int) problems.stream().filter(Problem::isError).count();
    }
}
