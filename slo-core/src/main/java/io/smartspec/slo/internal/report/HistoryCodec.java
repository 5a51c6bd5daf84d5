package io.smartspec.slo.internal.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
        Fields f = new Fields();
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("r")) {
                    f.rows = rows(p, v);
                } else if (v == JsonToken.VALUE_STRING) {
                    f.put(name, p.getText());
                } else {
                    p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IllegalArgumentException("not JSON (truncated or corrupt): more after the object");
            }
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage();
            int cut = why.indexOf(" (start marker");
            throw new IllegalArgumentException("not JSON (truncated or corrupt): "
                    + (cut > 0 ? why.substring(0, cut) : why).replace('\n', ' '));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String t = f.text("t");
        switch (t) {
            case "slo" -> {
                Objective objective = Objective.parse(f.text("o"));
                Priority priority = Priority.parse(f.text("p")).orElseThrow(() ->
                        new IllegalArgumentException("priority '" + f.p + "' is not P0..P3"));
                Optional<java.time.Duration> window = f.w != null ? Optional.of(Windows.parse(f.w)) : Optional.empty();
                return new Line(new SloInfo(f.text("n"), objective, priority, window, "ratio".equals(f.k)), List.of());
            }
            case "r" -> {
                Instant at = instant(f, "at");
                List<HistorySample> samples = new ArrayList<>(f.rows().size());
                for (Object[] r : f.rows()) {
                    if (r.length != 4) {
                        throw new IllegalArgumentException("round entry has " + r.length + " fields, expected 4");
                    }
                    samples.add(HistorySample.round(name(r), at, status(String.valueOf(r[1])), num(r[2]), num(r[3])));
                }
                return new Line(null, samples);
            }
            case "s" -> {
                Instant from = instant(f, "from");
                Instant to = instant(f, "to");
                List<HistorySample> samples = new ArrayList<>(f.rows().size());
                for (Object[] r : f.rows()) {
                    if (r.length != 12) {
                        throw new IllegalArgumentException("summary entry has " + r.length + " fields, expected 12");
                    }
                    samples.add(new HistorySample(name(r), from, to, count(r[1]), count(r[2]), count(r[3]),
                            count(r[4]), count(r[5]), num(r[6]), num(r[7]), num(r[8]), count(r[9]), num(r[10]),
                            num(r[11])));
                }
                return new Line(null, samples);
            }
            default -> throw new IllegalArgumentException("unknown line type t='" + t + "'; expected slo, r or s");
        }
    }

    private static final class Fields {
        String t;
        String at;
        String from;
        String to;
        String n;
        String o;
        String p;
        String w;
        String k;
        List<Object[]> rows;

        void put(String name, String value) {
            switch (name) {
                case "t" -> t = value;
                case "at" -> at = value;
                case "from" -> from = value;
                case "to" -> to = value;
                case "n" -> n = value;
                case "o" -> o = value;
                case "p" -> p = value;
                case "w" -> w = value;
                case "k" -> k = value;
                default -> {
                }
            }
        }

        String text(String name) {
            String v = switch (name) {
                case "t" -> t;
                case "at" -> at;
                case "from" -> from;
                case "to" -> to;
                case "n" -> n;
                case "o" -> o;
                case "p" -> p;
                default -> null;
            };
            if (v == null) {
                throw new IllegalArgumentException("field '" + name + "' is missing or not a string");
            }
            return v;
        }

        List<Object[]> rows() {
            if (rows == null) {
                throw new IllegalArgumentException("field 'r' is missing or not an array");
            }
            return rows;
        }
    }

    /** The entries of {@code "r"}: arrays of strings, numbers (as Double) and nulls. */
    private static List<Object[]> rows(JsonParser p, JsonToken start) throws IOException {
        if (start != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException("field 'r' is not an array");
        }
        List<Object[]> rows = new ArrayList<>();
        List<Object> row = new ArrayList<>(12);
        JsonToken tok;
        while ((tok = p.nextToken()) == JsonToken.START_ARRAY) {
            row.clear();
            while ((tok = p.nextToken()) != JsonToken.END_ARRAY) {
                if (tok == null) {
                    throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected end of input");
                }
                switch (tok) {
                    case VALUE_STRING -> row.add(p.getText());
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> row.add(p.getDoubleValue());
                    case VALUE_NULL -> row.add(null);
                    default -> throw new IllegalArgumentException("entry has a " + tok + "; expected strings, numbers, nulls");
                }
            }
            rows.add(row.toArray());
        }
        if (tok != JsonToken.END_ARRAY) {
            if (tok == null) {
                throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected end of input");
            }
            throw new IllegalArgumentException("entry is a " + tok + ", expected [slo, ...]");
        }
        return rows;
    }

    private static String name(Object[] r) {
        if (!(r[0] instanceof String s)) {
            throw new IllegalArgumentException("entry does not start with the SLO's name: " + java.util.Arrays.toString(r));
        }
        return s;
    }

    private static int count(Object o) {
        if (!(o instanceof Double d) || d < 0 || d != Math.rint(d)) {
            throw new IllegalArgumentException("count " + o + " is not a whole number >= 0");
        }
        return d.intValue();
    }

    private static double num(Object o) {
        return o instanceof Double d ? d : Double.NaN;
    }

    private static Instant instant(Fields f, String field) {
        String v = f.text(field);
        try {
            return Instant.parse(v);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + field + "' is not an ISO-8601 instant: \"" + v + "\"");
        }
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
