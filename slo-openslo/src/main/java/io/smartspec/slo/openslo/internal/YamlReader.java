package io.smartspec.slo.openslo.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.smartspec.slo.Problem;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML (or JSON) text into {@link YamlNode}s with the line of every key, with Jackson's streaming
 * {@code YAMLParser}: every document of a multi-document file ({@code ---}). A key written twice in one
 * mapping is a problem, not a silent overwrite; a syntax error is one problem with its line (never quoting
 * the file, which may hold a secret).
 */
public final class YamlReader {

    /** The largest file read: 8 MiB. */
    public static final int MAX_CHARS = 8 * 1024 * 1024;
    private static final int MAX_DEPTH = 64;
    private static final int MAX_ALIASES = 50;

    private YamlReader() {
    }

    private static YAMLFactory factory() {
        LoaderOptions loader = new LoaderOptions();
        loader.setCodePointLimit(MAX_CHARS);
        loader.setNestingDepthLimit(MAX_DEPTH);
        loader.setMaxAliasesForCollections(MAX_ALIASES);
        loader.setAllowDuplicateKeys(true); // reported below, with both lines
        return YAMLFactory.builder()
                .loaderOptions(loader)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(MAX_CHARS).maxNestingDepth(MAX_DEPTH).build())
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                .build();
    }

    /** The documents of the text, in order; a problem (with the line) when it cannot be read. */
    public static List<YamlNode> documents(String file, String text, List<Problem> problems) {
        List<YamlNode> documents = new ArrayList<>();
        if (text.length() > MAX_CHARS) {
            problems.add(Problem.error(file, 0, "is " + text.length() + " characters long, more than the "
                    + MAX_CHARS + " read"));
            return documents;
        }
        try (YAMLParser p = (YAMLParser) factory().createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                YamlNode node = node(file, p, t, problems);
                if (!(node instanceof YamlNode.Scalar s && s.isNull())) {
                    documents.add(node);
                }
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            problems.add(Problem.error(file, at == null ? 0 : at.getLineNr(), "is not valid YAML: "
                    + firstLine(e.getOriginalMessage())));
        } catch (IOException e) {
            problems.add(Problem.error(file, 0, "could not be read: " + e.getClass().getSimpleName()));
        }
        return documents;
    }

    private static YamlNode node(String file, JsonParser p, JsonToken token, List<Problem> problems)
            throws IOException {
        int line = line(p);
        switch (token) {
            case START_OBJECT -> {
                Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyLine = line(p);
                    YamlNode value = node(file, p, p.nextToken(), problems);
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
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(node(file, p, t, problems));
                }
                return new YamlNode.Sequence(items, line);
            }
            case VALUE_NULL -> {
                return new YamlNode.Scalar(null, line, false, YamlNode.Scalar.Kind.NULL);
            }
            case VALUE_STRING -> {
                return new YamlNode.Scalar(p.getText(), line, true, YamlNode.Scalar.Kind.STRING);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new YamlNode.Scalar(p.getText(), line, false, YamlNode.Scalar.Kind.BOOLEAN);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new YamlNode.Scalar(p.getText(), line, false, YamlNode.Scalar.Kind.NUMBER);
            }
            default -> {
                return new YamlNode.Scalar(p.getText(), line, false, YamlNode.Scalar.Kind.STRING);
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
