package io.smartspec.slo.internal.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.smartspec.slo.Problem;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads YAML text into a {@link YamlNode} tree with line numbers (Jackson's streaming
 * {@code YAMLParser}). A key written twice in one mapping is a problem, not a silent overwrite.
 * Syntax errors become one problem with the line; their text never quotes the file (it may hold a
 * secret).
 */
public final class YamlTree {

    /**
     * {@code key:} with nothing after it is YAML's null, i.e. an absent setting. The limits of
     * {@link InputLimits} hold inside the parser too: the text's length, nesting and aliases.
     */
    private static YAMLFactory factory() {
        long max = InputLimits.maxFileBytes();
        LoaderOptions loader = new LoaderOptions();
        loader.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, max));
        loader.setNestingDepthLimit(InputLimits.MAX_YAML_DEPTH);
        loader.setMaxAliasesForCollections(InputLimits.MAX_YAML_ALIASES);
        loader.setAllowDuplicateKeys(true); // reported by this reader, with both lines
        return YAMLFactory.builder()
                .loaderOptions(loader)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength((int) Math.min(Integer.MAX_VALUE, max))
                        .maxNestingDepth(InputLimits.MAX_YAML_DEPTH)
                        .maxNameLength((int) Math.min(Integer.MAX_VALUE, max))
                        .build())
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                .build();
    }

    private final String file;
    private final List<Problem> problems;

    private YamlTree(String file, List<Problem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /** The first document of {@code yaml}, or empty when it is empty or unreadable (see problems). */
    public static Optional<YamlNode> read(String file, String yaml, List<Problem> problems) {
        YamlTree tree = new YamlTree(file, problems);
        try (JsonParser parser = factory().createParser(yaml)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return Optional.empty();
            }
            return Optional.of(tree.node(parser));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 0 : at.getLineNr();
            String message = firstLine(e.getOriginalMessage());
            if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblem() != null) {
                // SnakeYAML's context and problem, without its quote of the file (which may hold a secret)
                message = (marked.getContext() == null ? "" : marked.getContext() + ": ") + marked.getProblem();
                if (marked.getProblemMark() != null) {
                    line = marked.getProblemMark().getLine() + 1;
                }
            }
            if (message.toLowerCase(java.util.Locale.ROOT).contains("nesting depth")) {
                message = "nested deeper than the limit of " + InputLimits.MAX_YAML_DEPTH + " levels (an "
                        + "observability.yaml needs 4)";
            }
            problems.add(Problem.error(file, line, "not valid YAML: " + message));
            return Optional.empty();
        } catch (IOException e) {
            problems.add(Problem.error(file, 0, "could not be read: " + firstLine(e.getMessage())));
            return Optional.empty();
        }
    }

    private YamlNode node(JsonParser p) throws IOException {
        int line = line(p);
        JsonToken t = p.currentToken();
        String tag = p.getTypeId() == null ? null : p.getTypeId().toString();
        if (tag != null) {
            String shown = tag.startsWith("tag:yaml.org,2002:") ? "!!" + tag.substring("tag:yaml.org,2002:".length())
                    : "!" + tag;
            String key = p.getParsingContext().getParent() == null ? null : p.getParsingContext().getCurrentName();
            problems.add(Problem.error(file, line, (key == null ? "" : key + ": ") + "the YAML tag '" + shown
                    + "' is not accepted; write the plain value (e.g. provider: prometheus), without a tag"));
            if (t.isScalarValue()) {
                return new YamlNode.Scalar(null, line, false); // reported: read as no value
            }
        }
        switch (t) {
            case START_OBJECT -> {
                Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyLine = line(p);
                    p.nextToken();
                    YamlNode value = node(p);
                    YamlNode.Entry previous = entries.get(key);
                    if (previous != null) {
                        problems.add(Problem.error(file, keyLine, "key '" + key + "' is written twice (first on line "
                                + previous.line() + "); keep one"));
                    } else {
                        entries.put(key, new YamlNode.Entry(key, keyLine, value));
                    }
                }
                return new YamlNode.Mapping(entries, line);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(p));
                }
                return new YamlNode.Sequence(items, line);
            }
            case VALUE_NULL -> {
                return new YamlNode.Scalar(null, line, false);
            }
            case VALUE_STRING -> {
                return new YamlNode.Scalar(p.getText(), line, true);
            }
            default -> {
                return new YamlNode.Scalar(p.getText(), line, false);
            }
        }
    }

    private static int line(JsonParser p) {
        JsonLocation at = p.currentTokenLocation();
        return at == null ? 0 : at.getLineNr();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }
}
