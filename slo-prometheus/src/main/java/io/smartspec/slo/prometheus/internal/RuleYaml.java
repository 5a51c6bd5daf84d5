package io.smartspec.slo.prometheus.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.smartspec.slo.Windows;
import io.smartspec.slo.prometheus.RuleFile;

import org.yaml.snakeyaml.DumperOptions;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Writes a {@link RuleFile} as Prometheus rules YAML. */
public final class RuleYaml {

    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .dumperOptions(dumperOptions())
            .build());

    /** How our generated YAML files are laid out: no line splitting, 2-space indents, list items indented. */
    static DumperOptions dumperOptions() {
        DumperOptions options = new DumperOptions();
        options.setSplitLines(false);
        options.setWidth(Integer.MAX_VALUE);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        return options;
    }

    private RuleYaml() {
    }

    public static String write(RuleFile file) {
        List<Object> groups = new ArrayList<>();
        for (RuleFile.Group g : file.groups()) {
            List<Object> rules = new ArrayList<>();
            for (RuleFile.Rule r : g.rules()) {
                Map<String, Object> rule = new LinkedHashMap<>();
                if (r instanceof RuleFile.Recording rec) {
                    rule.put("record", rec.record());
                    rule.put("expr", rec.expr());
                } else {
                    RuleFile.Alert a = (RuleFile.Alert) r;
                    rule.put("alert", a.alert());
                    rule.put("expr", a.expr());
                    a.forDuration().ifPresent(d -> rule.put("for", Windows.format(d)));
                }
                if (!r.labels().isEmpty()) {
                    rule.put("labels", new TreeMap<>(r.labels()));
                }
                if (r instanceof RuleFile.Alert a && !a.annotations().isEmpty()) {
                    rule.put("annotations", new TreeMap<>(a.annotations()));
                }
                rules.add(rule);
            }
            Map<String, Object> group = new LinkedHashMap<>();
            group.put("name", g.name());
            group.put("rules", rules);
            groups.add(group);
        }
        StringBuilder out = new StringBuilder();
        if (!file.header().isBlank()) {
            file.header().lines().forEach(l -> out.append("# ").append(l).append('\n'));
            out.append('\n');
        }
        try {
            out.append(YAML.writeValueAsString(Map.of("groups", groups)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
