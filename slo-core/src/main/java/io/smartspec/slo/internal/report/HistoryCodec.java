package io.smartspec.slo.internal.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smartspec.slo.Objective;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Status;
import io.smartspec.slo.Windows;
import io.smartspec.slo.report.HistorySample;
import io.smartspec.slo.report.SloInfo;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The history's line format, version 1. Three kinds of line, each one JSON object:
 * <pre>
 * {"t":"slo","n":"p99","o":"&lt; 200 ms","p":"P1","k":"threshold"}                 an SLO's description
 * {"t":"r","at":"2026-03-01T00:00:00Z","r":[["p99","M",185.2,null], ...]}       one round
 * {"t":"s","from":"...","to":"...","r":[["p99",60,0,0,0,0,170,190,10800,60,181,null], ...]}  a summary
 * </pre>
 * Round statuses: M(et), R (at risk), B(reached), N(o data), E(rror). Numbers are rounded to four
 * decimals (four significant digits below one) to keep a year of rounds small.
 */
public final class HistoryCodec {

    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HistoryCodec() {
    }

    /** A decoded line: exactly one of info, round samples, summary samples. */
    public record Line(SloInfo info, List<HistorySample> samples) {
    }

    public static String info(SloInfo info) {
        return write(g -> {
            g.writeStringField("t", "slo");
            g.writeStringField("n", info.name());
            g.writeStringField("o", info.objective().toString());
            g.writeStringField("p", info.priority().name());
            if (info.window().isPresent()) {
                g.writeStringField("w", Windows.format(info.window().get()));
            }
            g.writeStringField("k", info.ratio() ? "ratio" : "threshold");
        });
    }

    public static String round(Instant at, List<HistorySample> samples) {
        return write(g -> {
            g.writeStringField("t", "r");
            g.writeStringField("at", at.toString());
            g.writeArrayFieldStart("r");
            for (HistorySample s : samples) {
                g.writeStartArray();
                g.writeString(s.slo());
                g.writeString(code(s.status()));
                number(g, s.last());
                number(g, s.budgetRemaining());
                g.writeEndArray();
            }
            g.writeEndArray();
        });
    }

    public static String summary(Instant from, Instant to, List<HistorySample> samples) {
        return write(g -> {
            g.writeStringField("t", "s");
            g.writeStringField("from", from.toString());
            g.writeStringField("to", to.toString());
            g.writeArrayFieldStart("r");
            for (HistorySample s : samples) {
                g.writeStartArray();
                g.writeString(s.slo());
                g.writeNumber(s.met());
                g.writeNumber(s.atRisk());
                g.writeNumber(s.breached());
                g.writeNumber(s.noData());
                g.writeNumber(s.error());
                number(g, s.min());
                number(g, s.max());
                number(g, s.sum());
                g.writeNumber(s.values());
                number(g, s.last());
                number(g, s.budgetRemaining());
                g.writeEndArray();
            }
            g.writeEndArray();
        });
    }

    /**
     * Decodes one line.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static Line decode(String line) {
        JsonNode n;
        try {
            n = MAPPER.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            String why = e.getOriginalMessage();
            int cut = why.indexOf(" (start marker");
            throw new IllegalArgumentException("not JSON (truncated or corrupt): "
                    + (cut > 0 ? why.substring(0, cut) : why).replace('\n', ' '));
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String t = text(n, "t");
        switch (t) {
            case "slo" -> {
                Objective objective = Objective.parse(text(n, "o"));
                Priority priority = Priority.parse(text(n, "p")).orElseThrow(() ->
                        new IllegalArgumentException("priority '" + n.path("p").asText() + "' is not P0..P3"));
                Optional<java.time.Duration> window = n.hasNonNull("w")
                        ? Optional.of(Windows.parse(n.get("w").asText())) : Optional.empty();
                return new Line(new SloInfo(text(n, "n"), objective, priority, window,
                        "ratio".equals(n.path("k").asText())), List.of());
            }
            case "r" -> {
                Instant at = instant(n, "at");
                List<HistorySample> samples = new ArrayList<>();
                for (JsonNode r : array(n)) {
                    samples.add(HistorySample.round(r.path(0).asText(), at, status(r.path(1).asText()),
                            num(r.path(2)), num(r.path(3))));
                }
                return new Line(null, samples);
            }
            case "s" -> {
                Instant from = instant(n, "from");
                Instant to = instant(n, "to");
                List<HistorySample> samples = new ArrayList<>();
                for (JsonNode r : array(n)) {
                    if (r.size() != 12) {
                        throw new IllegalArgumentException("summary entry has " + r.size() + " fields, expected 12");
                    }
                    samples.add(new HistorySample(r.path(0).asText(), from, to, r.path(1).asInt(), r.path(2).asInt(),
                            r.path(3).asInt(), r.path(4).asInt(), r.path(5).asInt(), num(r.path(6)), num(r.path(7)),
                            num(r.path(8)), r.path(9).asInt(), num(r.path(10)), num(r.path(11))));
                }
                return new Line(null, samples);
            }
            default -> throw new IllegalArgumentException("unknown line type t='" + t + "'; expected slo, r or s");
        }
    }

    private static Iterable<JsonNode> array(JsonNode n) {
        JsonNode r = n.get("r");
        if (r == null || !r.isArray()) {
            throw new IllegalArgumentException("field 'r' is missing or not an array");
        }
        for (JsonNode e : r) {
            if (!e.isArray() || e.size() < 2 || !e.get(0).isTextual()) {
                throw new IllegalArgumentException("entry " + e + " is not [slo, ...]");
            }
        }
        return r;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not a string");
        }
        return v.asText();
    }

    private static Instant instant(JsonNode n, String field) {
        try {
            return Instant.parse(text(n, field));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + field + "' is not an ISO-8601 instant: " + n.get(field));
        }
    }

    private static double num(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    static String code(Status s) {
        return switch (s) {
            case MET -> "M";
            case AT_RISK -> "R";
            case BREACHED -> "B";
            case NO_DATA -> "N";
            case ERROR -> "E";
        };
    }

    static Status status(String code) {
        return switch (code) {
            case "M" -> Status.MET;
            case "R" -> Status.AT_RISK;
            case "B" -> Status.BREACHED;
            case "N" -> Status.NO_DATA;
            case "E" -> Status.ERROR;
            default -> throw new IllegalArgumentException("status '" + code + "' is unknown; expected M, R, B, N or E");
        };
    }

    private static void number(JsonGenerator g, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumber(Quantity.formatNumber(v));
        } else {
            g.writeNull();
        }
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Body body) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
