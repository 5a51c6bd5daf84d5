package io.smartspec.slo.history.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.smartspec.slo.Objective;
import io.smartspec.slo.Priority;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.Windows;
import io.smartspec.slo.history.HistorySample;
import io.smartspec.slo.history.SloInfo;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The history's line format, version 2 (version 1 lines are still read). Each line is one JSON object:
 * <pre>
 * {"t":"slo","n":"p99","o":"&lt; 200 ms","p":"P1","k":"threshold"}                 an SLO's description
 * {"t":"r","at":"2026-03-01T00:00:00Z","r":[["p99","M",185.2], ["avail","M",99.95,0.5], ...]}  one round
 * {"t":"s2","from":"...","to":"...","r":[["p99",60,170,190,180.5,181], ...]}   a summary (version 2)
 * {"t":"s","from":"...","to":"...","r":[["p99",60,0,0,0,0,170,190,10800,60,181,null], ...]}  version 1
 * </pre>
 * Round statuses: M(et), R (at risk), B(reached), N(o data), E(rror); a round entry is
 * {@code [slo, status, value, budget]} without trailing nulls. A version 2 summary entry is
 * {@code [slo, counts, min, max, mean, last, budget, from, to]} without trailing nulls, where counts is
 * the number of MET rounds when all rounds were MET with a value, else
 * {@code [met, atRisk, breached, noData, error]} (trailing zeros dropped) or, when the rounds with a
 * value are not the judged ones, {@code [met, atRisk, breached, noData, error, values]}; {@code from}
 * and {@code to} are seconds after the line's {@code from} and present only for a piece of the interval
 * (compaction cuts an interval where a breach starts or ends, so breach timings stay exact).
 * <p>
 * Observed values of a threshold SLO are rounded to five significant digits of its objective's bound
 * (0.01 ms for {@code < 200 ms}); other numbers to four decimals (four significant digits below one).
 */
public final class HistoryCodec {

    private static final JsonFactory JSON = new JsonFactory();

    private HistoryCodec() {
    }

    /**
     * A decoded line: an SLO's description (info), one round ({@code round}, samples at {@code start}) or a
     * summary of the interval starting at {@code start}.
     */
    public record Line(SloInfo info, List<HistorySample> samples, boolean round, Instant start) {
    }

    public static String info(SloInfo info) {
        return write(g -> {
            g.writeStringField("t", "slo");
            g.writeStringField("n", info.name());
            g.writeStringField("o", info.objective().toString());
            g.writeStringField("p", info.priority().name());
            if (info.window().isPresent()) {
                g.writeStringField("w", info.window().get().describe());
            }
            g.writeStringField("k", info.ratio() ? "ratio" : "threshold");
        });
    }

    /** One round; {@code infos} (by SLO name) give the precision of observed values. */
    public static String round(Instant at, List<HistorySample> samples, java.util.Map<String, SloInfo> infos) {
        return write(g -> {
            g.writeStringField("t", "r");
            g.writeStringField("at", at.toString());
            g.writeArrayFieldStart("r");
            for (HistorySample s : samples) {
                double step = step(infos.get(s.slo()));
                g.writeStartArray();
                g.writeString(s.slo());
                g.writeString(code(s.status()));
                boolean budget = Double.isFinite(s.budgetRemaining());
                if (budget || Double.isFinite(s.last())) {
                    number(g, round(s.last(), step));
                }
                if (budget) {
                    number(g, s.budgetRemaining());
                }
                g.writeEndArray();
            }
            g.writeEndArray();
        });
    }

    /**
     * A version 2 summary of {@code [from, to)}: per SLO one entry, or several when compaction cut the
     * interval into pieces (a sample whose span is not the whole interval).
     */
    public static String summary2(Instant from, Instant to, List<HistorySample> samples,
                                  java.util.Map<String, SloInfo> infos) {
        return write(g -> {
            g.writeStringField("t", "s2");
            g.writeStringField("from", from.toString());
            g.writeStringField("to", to.toString());
            g.writeArrayFieldStart("r");
            for (HistorySample s : samples) {
                double step = step(infos.get(s.slo()));
                List<Object> e = new ArrayList<>(9);
                e.add(s.slo());
                if (s.met() == s.rounds() && s.values() == s.met()) {
                    e.add(s.met());
                } else {
                    List<Integer> c = new ArrayList<>(List.of(s.met(), s.atRisk(), s.breached(), s.noData(),
                            s.error()));
                    if (s.values() != s.judged()) {
                        c.add(s.values());
                    } else {
                        while (c.size() > 1 && c.get(c.size() - 1) == 0) {
                            c.remove(c.size() - 1);
                        }
                    }
                    e.add(c);
                }
                e.add(round(s.min(), step));
                e.add(round(s.max(), step));
                e.add(round(s.mean(), step));
                e.add(round(s.last(), step));
                e.add(s.budgetRemaining());
                if (!s.from().equals(from) || !s.to().equals(to)) {
                    e.add(seconds(from, s.from()));
                    e.add(seconds(from, s.to()));
                }
                while (e.get(e.size() - 1) instanceof Double d && !Double.isFinite(d)) {
                    e.remove(e.size() - 1);
                }
                g.writeStartArray();
                for (Object o : e) {
                    if (o instanceof String str) {
                        g.writeString(str);
                    } else if (o instanceof Integer i) {
                        g.writeNumber(i);
                    } else if (o instanceof List<?> l) {
                        g.writeStartArray();
                        for (Object i : l) {
                            g.writeNumber((Integer) i);
                        }
                        g.writeEndArray();
                    } else if (o instanceof java.math.BigDecimal b) {
                        g.writeNumber(b.toPlainString());
                    } else {
                        number(g, (Double) o);
                    }
                }
                g.writeEndArray();
            }
            g.writeEndArray();
        });
    }

    /**
     * The step observed values of an SLO are stored with: five significant digits of a threshold
     * objective's bound (0.01 for 200), 0 (four decimals) for ratio SLOs and when unknown.
     */
    public static double step(SloInfo info) {
        if (info == null || info.ratio()) {
            return 0;
        }
        double bound = Math.abs(info.objective().bound().value());
        if (bound == 0 || !Double.isFinite(bound)) {
            return 0;
        }
        return Math.pow(10, Math.floor(Math.log10(bound)) - 4);
    }

    static double round(double v, double step) {
        if (step == 0 || !Double.isFinite(v)) {
            return v;
        }
        return step >= 1 ? Math.round(v / step) * step : Math.round(v / step) / Math.rint(1 / step);
    }

    private static java.math.BigDecimal seconds(Instant from, Instant at) {
        java.time.Duration d = java.time.Duration.between(from, at);
        return java.math.BigDecimal.valueOf(d.getSeconds()).add(java.math.BigDecimal.valueOf(d.getNano(), 9))
                .stripTrailingZeros();
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
                Optional<io.smartspec.slo.SloWindow> window = f.w != null
                        ? Optional.of(io.smartspec.slo.SloWindow.parse(f.w, java.time.ZoneOffset.UTC)) : Optional.empty();
                return new Line(new SloInfo(f.text("n"), objective, priority, window, "ratio".equals(f.k)), List.of(),
                        false, null);
            }
            case "r" -> {
                Instant at = instant(f, "at");
                List<HistorySample> samples = new ArrayList<>(f.rows().size());
                for (Object[] r : f.rows()) {
                    if (r.length < 2 || r.length > 4) {
                        throw new IllegalArgumentException("round entry has " + r.length + " fields, expected 2 to 4");
                    }
                    samples.add(HistorySample.round(name(r), at, status(String.valueOf(r[1])),
                            r.length > 2 ? num(r[2]) : Double.NaN, r.length > 3 ? num(r[3]) : Double.NaN));
                }
                return new Line(null, samples, true, at);
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
                return new Line(null, samples, false, from);
            }
            case "s2" -> {
                Instant from = instant(f, "from");
                Instant to = instant(f, "to");
                List<HistorySample> samples = new ArrayList<>(f.rows().size());
                for (Object[] r : f.rows()) {
                    samples.add(summary2(r, from, to));
                }
                return new Line(null, samples, false, from);
            }
            default -> throw new IllegalArgumentException("unknown line type t='" + t + "'; expected slo, r, s2 or s");
        }
    }

    private static HistorySample summary2(Object[] r, Instant from, Instant to) {
        if (r.length < 2 || r.length > 9 || r.length == 8) {
            throw new IllegalArgumentException("summary entry has " + r.length + " fields, expected 2 to 7 or 9");
        }
        int[] c = new int[6];
        if (r[1] instanceof Object[] counts) {
            if (counts.length == 0 || counts.length > 6) {
                throw new IllegalArgumentException("summary counts have " + counts.length + " numbers, expected 1 to 6");
            }
            for (int i = 0; i < counts.length; i++) {
                c[i] = count(counts[i]);
            }
            if (counts.length < 6) {
                c[5] = c[0] + c[1] + c[2];
            }
        } else {
            c[0] = count(r[1]);
            c[5] = c[0];
        }
        double mean = r.length > 4 ? num(r[4]) : Double.NaN;
        Instant pieceFrom = from;
        Instant pieceTo = to;
        if (r.length == 9) {
            pieceFrom = from.plus(offset(r[7]));
            pieceTo = from.plus(offset(r[8]));
            if (pieceFrom.isBefore(from) || pieceTo.isAfter(to) || !pieceFrom.isBefore(pieceTo)) {
                throw new IllegalArgumentException("piece [" + r[7] + ", " + r[8] + ") is not within the interval "
                        + from + " .. " + to);
            }
        }
        return new HistorySample(name(r), pieceFrom, pieceTo, c[0], c[1], c[2], c[3], c[4],
                r.length > 2 ? num(r[2]) : Double.NaN, r.length > 3 ? num(r[3]) : Double.NaN,
                c[5] == 0 || Double.isNaN(mean) ? 0 : mean * c[5], Double.isNaN(mean) ? 0 : c[5],
                r.length > 5 ? num(r[5]) : Double.NaN, r.length > 6 ? num(r[6]) : Double.NaN);
    }

    private static java.time.Duration offset(Object o) {
        if (!(o instanceof Double d) || d < 0 || !Double.isFinite(d)) {
            throw new IllegalArgumentException("piece offset " + o + " is not a number of seconds >= 0");
        }
        return java.time.Duration.ofNanos(Math.round(d * 1e9));
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
                    case START_ARRAY -> {
                        List<Object> inner = new ArrayList<>(6);
                        JsonToken t2;
                        while ((t2 = p.nextToken()) == JsonToken.VALUE_NUMBER_INT || t2 == JsonToken.VALUE_NUMBER_FLOAT) {
                            inner.add(p.getDoubleValue());
                        }
                        if (t2 != JsonToken.END_ARRAY) {
                            if (t2 == null) {
                                throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected end of input");
                            }
                            throw new IllegalArgumentException("counts hold a " + t2 + "; expected numbers");
                        }
                        row.add(inner.toArray());
                    }
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
