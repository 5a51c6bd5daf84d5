package io.smartspec.slo.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.smartspec.slo.SloSet;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.Windows;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sloth's golden files ({@code in-base.yaml} -> {@code out-base*.yaml.tpl}), compared as parsed YAML:
 * our rules for the same SLOs must record the same error ratios over the same windows and alert on
 * the same window pairs with the same factors and thresholds. Only the names of Sloth's own labels
 * differ ({@code sloth_id/sloth_service/sloth_slo/sloth_window} are {@code spec_id/slo/window} here),
 * numbers are compared as numbers ({@code 1-0.9990000000000001} is {@code 0.001}), and alerts are
 * compared by expression and severity (ours also carry the SLO's labels, Sloth's its alerting labels).
 *
 * <p>Where we deliberately differ, so that the rules agree with our evaluator:
 * <ul>
 *   <li>each window's error ratio is the recorded bad events over the recorded total events of that
 *       window ({@code slo:sli_error:increase<w> / slo:sli_total:increase<w>}, recordings Sloth does not
 *       have), with no bad series read as 0 bad events (Sloth: no ratio at all) and a window without
 *       events left unrecorded (Sloth: NaN). {@link #ours} folds our recordings back into Sloth's
 *       {@code (bad)/(total)} shape, so the queries are still compared one for one;</li>
 *   <li>the period's error ratio counts the events over the period, as the evaluator does. Sloth's is
 *       the time average of the 5m ratio: not weighted by events, and NaN for the whole period after
 *       one idle 5 minutes (slok/sloth#332, #348). {@link #slothWithEventsOverThePeriod} puts the
 *       events-over-the-period ratio in place of Sloth's before comparing;</li>
 *   <li>a window holding fewer events than the SLO's {@code min_events} has no ratio, and each window
 *       of an alert pair must hold that many ({@code and slo:sli_total:increase<w> >= N}): Sloth pages
 *       on the first failed request after a start. {@link #ours} leaves these guards out before
 *       comparing, and {@link #everyWindowOfEveryPairIsGuardedByMinEvents} checks them.</li>
 * </ul>
 */
class SlothEquivalenceTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    /** One rule, reduced to what must be equal. */
    record Rule(String kind, String name, String expr, Map<String, String> labels) {
    }

    @Test
    void theBaseSpecYieldsSlothsRecordingsAndAlertsForEventsSlos() throws Exception {
        // given
        SloSet slos = SlothSpec.read(resource("in-base.yaml"));
        // when
        List<Rule> ours = ours(PrometheusRules.forSpec(slos).generate());
        List<Rule> sloth = slothWithEventsOverThePeriod(sloth("out-base.yaml.tpl"), "30d");
        // then: slo1 (events) is equal rule for rule; slo02 (raw) has Sloth's alerts disabled
        assertThat(only(ours, "slo1")).containsExactlyElementsOf(only(sloth, "slo1"));
        assertThat(only(ours, "slo02").stream().filter(r -> !r.kind().equals("alert")).toList())
                .extracting(Rule::name, Rule::labels)
                .containsExactlyElementsOf(only(sloth, "slo02").stream().map(r -> org.assertj.core.groups.Tuple.tuple(
                        r.name(), r.labels())).toList());
    }

    @Test
    void theRawErrorRatioIsRecordedAsTheSameRatio() throws Exception {
        SloSet slos = SlothSpec.read(resource("in-base.yaml"));
        List<Rule> ours = only(ours(PrometheusRules.forSpec(slos).generate()), "slo02");
        List<Rule> sloth = only(sloth("out-base.yaml.tpl"), "slo02");
        // Sloth: (raw); ours: sum(raw) / sum(vector(1)), the same value
        for (int i = 0; i < 7; i++) {
            assertThat(ours.get(i).expr()).isEqualTo("(sum" + sloth.get(i).expr() + ")/(sum(vector(1)))");
        }
    }

    @Test
    void aTwentyEightDayPeriodScalesTheFactorsAsSlothDoes() throws Exception {
        SloSet slos = SlothSpec.read(resource("in-base.yaml"), Duration.ofDays(28));
        List<Rule> ours = only(ours(PrometheusRules.forSpec(slos).generate()), "slo1");
        List<Rule> sloth = only(slothWithEventsOverThePeriod(sloth("out-base-28d.yaml.tpl"), "28d"), "slo1");
        assertThat(ours).containsExactlyElementsOf(sloth);
        assertThat(ours).anySatisfy(r -> assertThat(r.expr()).contains("(0.01344)")); // 13.44 x 0.1%
    }

    @Test
    void disablingAlertsOrRecordingsLeavesWhatSlothLeaves() throws Exception {
        SloSet slos = SlothSpec.read(resource("in-base.yaml"));
        assertThat(only(ours(PrometheusRules.forSpec(slos).withoutAlerts().generate()), "slo1"))
                .containsExactlyElementsOf(only(slothWithEventsOverThePeriod(sloth("out-base-no-alerts.yaml.tpl"),
                        "30d"), "slo1"));
        assertThat(only(ours(PrometheusRules.forSpec(slos).withoutRecordings().generate()), "slo1"))
                .containsExactlyElementsOf(only(sloth("out-base-no-recordings.yaml.tpl"), "slo1"));
    }

    @Test
    void extraLabelsLandOnEveryRecording() throws Exception {
        SloSet slos = SlothSpec.read(resource("in-base.yaml"));
        List<Rule> ours = only(ours(PrometheusRules.forSpec(slos).withLabel("exk1", "exv1").withLabel("exk2", "exv2")
                .generate()), "slo1");
        List<Rule> sloth = only(slothWithEventsOverThePeriod(sloth("out-base-extra-labels.yaml.tpl"), "30d"), "slo1");
        assertThat(ours.stream().filter(r -> !r.kind().equals("alert")).toList())
                .containsExactlyElementsOf(sloth.stream().filter(r -> !r.kind().equals("alert")).toList());
    }

    @Test
    void thePeriodCountsEventsWhereSlothAveragesThe5mRatioOverTime() throws Exception {
        // given
        SloSet slos = SlothSpec.read(resource("in-base.yaml"));
        // when
        List<Rule> ours = only(ours(PrometheusRules.forSpec(slos).generate()), "slo1");
        List<Rule> sloth = only(sloth("out-base.yaml.tpl"), "slo1");
        // then
        Rule slothPeriod = sloth.stream().filter(r -> r.name().equals("slo:sli_error:ratio_rate30d")).findFirst()
                .orElseThrow();
        Rule ourPeriod = ours.stream().filter(r -> r.name().equals("slo:sli_error:ratio_rate30d")).findFirst()
                .orElseThrow();
        assertThat(slothPeriod.expr()).startsWith("sum_over_time(slo:sli_error:ratio_rate5m");
        assertThat(ourPeriod.expr()).isEqualTo("(sum(rate(http_request_duration_seconds_count{job=\"myservice\","
                + "code=~\"(5..|429)\"}[30d])))/(sum(rate(http_request_duration_seconds_count{job=\"myservice\"}[30d])))");
    }

    @Test
    void everyWindowOfEveryPairIsGuardedByMinEvents() throws Exception {
        // given Sloth's SLOs, read with a minimum of 500 events
        SloSet read = SlothSpec.read(resource("in-base.yaml"));
        SloSet slos = SloSet.of(read.name(), read.slos().stream().map(s -> new io.smartspec.slo.Slo(s.name(),
                s.description(), s.indicator(), s.objective(), s.window(), s.priority(), s.labels(), s.runbook(),
                500, s.budgeting())).toList());
        // when
        List<Rule> ours = only(rules(YAML.readTree(PrometheusRules.forSpec(slos).generate()), Function.identity(),
                Function.identity(), name -> name.equals("slo_info")), "slo1");
        // then: 4 pairs, 2 windows each
        assertThat(ours.stream().filter(r -> r.kind().equals("alert")).mapToLong(r -> GUARD.matcher(r.expr())
                .results().filter(m -> m.group().endsWith(">=500)without(window)")).count()).sum()).isEqualTo(8);
    }

    @Test
    void anUnknownVersionIsRejectedNamingTheFile() {
        assertThatThrownBy(() -> SlothSpec.read(resource("in-invalid-version.yaml")))
                .isInstanceOf(SloValidationException.class)
                .hasMessageContaining("in-invalid-version.yaml: version: 'prometheus/v999' is not supported");
    }

    // ----- parsing and normalising -----

    private static List<Rule> only(List<Rule> rules, String slo) {
        return rules.stream().filter(r -> r.labels().get("slo").equals(slo)).map(r -> {
            Map<String, String> labels = new TreeMap<>(r.labels());
            labels.remove("slo");
            if (r.kind().equals("alert")) {
                // by design our alerts also carry the SLO's labels (Sloth's carry alerting.labels):
                // compare what routes them, the severity
                labels.keySet().retainAll(List.of("severity"));
            }
            return new Rule(r.kind(), r.name(), r.expr(), labels);
        }).toList();
    }

    /**
     * Our rules in Sloth's shape: each {@code slo:sli_error:ratio_rate<w>} gets the expression
     * {@code (bad)/(total)} made of the queries of our {@code slo:sli_error:increase<w>} (without its
     * {@code or vector(0)}) and {@code slo:sli_total:increase<w>}, which are then left out.
     */
    private static List<Rule> ours(String yaml) throws Exception {
        List<Rule> all = rules(YAML.readTree(yaml), labels -> {
            Map<String, String> l = new TreeMap<>(labels);
            l.remove("spec_id");
            l.remove("priority");
            return l;
        }, Function.identity(), name -> name.equals("slo_info"));
        Map<String, String> bad = new java.util.HashMap<>();
        Map<String, String> total = new java.util.HashMap<>();
        for (Rule r : all) {
            String key = r.labels().get("slo") + " " + r.labels().get("window");
            if (r.name().startsWith("slo:sli_error:increase")) {
                assertThat(r.expr()).endsWith("orvector(0)");
                bad.put(key, withoutRateScaling(r.expr().substring(0, r.expr().length() - "orvector(0)".length())));
            } else if (r.name().startsWith("slo:sli_total:increase")) {
                total.put(key, withoutRateScaling(r.expr()));
            }
        }
        List<Rule> shaped = new ArrayList<>();
        for (Rule r : all) {
            String key = r.labels().get("slo") + " " + r.labels().get("window");
            if (r.name().startsWith("slo:sli_error:ratio_rate")) {
                assertThat(r.expr()).as(r.name()).matches("slo:sli_error:increase\\w+\\{[^}]*\\}/\\(slo:sli_total:"
                        + "increase\\w+\\{[^}]*\\}(>0|>=\\d+)\\)");
                shaped.add(new Rule(r.kind(), r.name(), bad.get(key) + "/(" + total.get(key) + ")", r.labels()));
            } else if (r.kind().equals("alert")) {
                shaped.add(new Rule(r.kind(), r.name(), withoutMinEventsGuards(r.expr()), r.labels()));
            } else if (!r.name().contains(":increase")) {
                shaped.add(r);
            }
        }
        return shaped;
    }

    private static final Pattern SCALED = Pattern.compile("\\)\\*\\d+(?![\\d.])");

    /**
     * A {@code rate()} query counted over its window, {@code sum(X)*300}, as the {@code sum(X)} Sloth writes:
     * the factor is the same in the numerator and the denominator of every ratio, so the ratios are equal.
     */
    private static String withoutRateScaling(String expr) {
        return SCALED.matcher(expr).replaceAll(")");
    }

    private static final Pattern GUARD = Pattern.compile("andmax\\(slo:sli_total:increase\\w+\\{[^}]*\\}>=\\d+\\)"
            + "without\\(window\\)");

    /** An alert's expression (normalised) without its {@code min_events} guards. */
    private static String withoutMinEventsGuards(String expr) {
        return GUARD.matcher(expr).replaceAll("");
    }

    /**
     * Sloth's rules with the period's error ratio made of the events over the period, as ours:
     * Sloth's 5m ratio with the period for the window.
     */
    private static List<Rule> slothWithEventsOverThePeriod(List<Rule> sloth, String period) {
        Map<String, String> fiveMinutes = new java.util.HashMap<>();
        sloth.stream().filter(r -> r.name().equals("slo:sli_error:ratio_rate5m"))
                .forEach(r -> fiveMinutes.put(r.labels().get("slo"), r.expr()));
        return sloth.stream().map(r -> !r.name().equals("slo:sli_error:ratio_rate" + period) ? r
                : new Rule(r.kind(), r.name(), fiveMinutes.get(r.labels().get("slo")).replace("[5m]", "[" + period + "]"),
                r.labels())).toList();
    }

    private static List<Rule> sloth(String golden) throws Exception {
        String text = Files.readString(resource(golden)).replace("{{ .version }}", "dev");
        return rules(YAML.readTree(text), labels -> {
            Map<String, String> l = new TreeMap<>();
            labels.forEach((k, v) -> {
                switch (k) {
                    case "sloth_slo" -> l.put("slo", v);
                    case "sloth_window" -> l.put("window", v);
                    case "sloth_severity" -> l.put("severity", v);
                    case "sloth_id", "sloth_service" -> { }
                    default -> {
                        if (!k.startsWith("alert0")) { // Sloth's per-alert labels: not in this library's model
                            l.put(k, v);
                        }
                    }
                }
            });
            return l;
        }, expr -> expr
                .replaceAll("sloth_id=\"[^\"]*\", sloth_service=\"([^\"]*)\", sloth_slo=\"([^\"]*)\"",
                        "spec_id=\"$1\", slo=\"$2\"")
                .replace("on(sloth_id, sloth_slo, sloth_service)", "on(spec_id, slo)")
                .replace("sloth_window", "window"), name -> name.equals("sloth_slo_info"));
    }

    private static List<Rule> rules(JsonNode root, Function<Map<String, String>, Map<String, String>> labels,
                                    Function<String, String> rename, java.util.function.Predicate<String> skip) {
        List<Rule> rules = new ArrayList<>();
        for (JsonNode group : root.path("groups")) {
            for (JsonNode r : group.path("rules")) {
                boolean alert = r.has("alert");
                String name = alert ? "alert" : window(r.path("record").asText());
                if (skip.test(name)) {
                    continue;
                }
                Map<String, String> l = labels.apply(map(r.path("labels")));
                String groupName = group.path("name").asText();
                l.putIfAbsent("slo", groupName.substring(groupName.indexOf("svc01-") + "svc01-".length()));
                if (l.containsKey("window")) {
                    l.put("window", Windows.format(Windows.parse(l.get("window"))));
                }
                rules.add(new Rule(alert ? "alert" : "record", name, normalise(rename.apply(r.path("expr").asText())), l));
            }
        }
        return rules;
    }

    private static final Pattern PRODUCT = Pattern.compile("\\(([0-9.]+) \\* ([0-9.eE-]+)\\)");
    private static final Pattern DIFFERENCE = Pattern.compile("vector\\(1-([0-9.]+)\\)");
    private static final Pattern NUMBER = Pattern.compile("vector\\(([0-9.]+)\\)");

    private static String normalise(String expr) {
        String s = window(expr);
        s = replace(s, PRODUCT, m -> "(" + round(Double.parseDouble(m.group(1)) * Double.parseDouble(m.group(2))) + ")");
        s = replace(s, DIFFERENCE, m -> "vector(" + round(1 - Double.parseDouble(m.group(1))) + ")");
        s = replace(s, NUMBER, m -> "vector(" + round(Double.parseDouble(m.group(1))) + ")");
        return s.replaceAll("\\s+", "");
    }

    /** {@code ratio_rate4w} and {@code [4w]} are {@code ratio_rate28d} and {@code [28d]}. */
    private static String window(String text) {
        String s = replace(text, Pattern.compile("ratio_rate(\\d+[smhdw])"),
                m -> "ratio_rate" + Windows.format(Windows.parse(m.group(1))));
        return replace(s, Pattern.compile("\\[(\\d+[smhdw])\\]"), m -> "[" + Windows.format(Windows.parse(m.group(1))) + "]");
    }

    private static String round(double v) {
        return new BigDecimal(v).round(new MathContext(10)).stripTrailingZeros().toPlainString();
    }

    private static String replace(String s, Pattern p, Function<Matcher, String> f) {
        Matcher m = p.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(f.apply(m)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Map<String, String> map(JsonNode node) {
        Map<String, String> map = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            map.put(e.getKey(), e.getValue().asText());
        }
        return map;
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(SlothEquivalenceTest.class.getResource("/sloth/" + name).toURI());
    }
}
