package io.smartspec.slo.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smartspec.slo.evaluation.BurnRate;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.Objective;
import io.smartspec.slo.Problem;
import io.smartspec.slo.Quantity;
import io.smartspec.slo.Slo;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.Windows;

import java.io.UncheckedIOException;
import java.util.List;

/** The JSON shapes of {@code slo validate --format json} and {@code slo monitor --format json}. */
public final class JsonOutput {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonOutput() {
    }

    /** {@code {"slos":[...],"warnings":[...],"errors":[{"file","line","message"}]}}. */
    public static String validation(List<Slo> slos, List<Problem> problems) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode list = root.putArray("slos");
        for (Slo slo : slos) {
            ObjectNode s = list.addObject();
            s.put("name", slo.name());
            s.put("metric", slo.metric());
            s.put("kind", kind(slo));
            threshold(s.putObject("threshold"), slo.objective());
            s.put("priority", slo.priority().name());
            if (slo.window().isPresent()) {
                s.put("window", slo.window().get().describe());
            } else {
                s.putNull("window");
            }
        }
        problems(root.putArray("warnings"), problems, false);
        problems(root.putArray("errors"), problems, true);
        return write(root);
    }

    /** {@code {"spec_id","evaluated_at","results":[{"name","metric","status","value","unit","threshold":{...}}]}}. */
    public static String round(String specId, EvaluationRound round) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("spec_id", specId);
        root.put("evaluated_at", round.evaluatedAt().toString());
        ArrayNode results = root.putArray("results");
        for (SloResult r : round.results()) {
            ObjectNode o = results.addObject();
            o.put("name", r.name());
            o.put("metric", r.slo().metric());
            o.put("status", r.status().name());
            if (r.observed().isPresent()) {
                o.put("value", r.observed().get().value());
                o.put("unit", unit(r.observed().get()));
            } else {
                o.putNull("value");
                o.putNull("unit");
            }
            threshold(o.putObject("threshold"), r.objective());
            r.margin().ifPresent(m -> o.put("margin", m.value()));
            o.put("priority", r.slo().priority().name());
            o.put("detail", r.detail());
            o.put("source", r.source());
            o.put("query", r.query());
            r.window().ifPresent(w -> o.put("window", w));
            r.slo().timeslices().ifPresent(t -> o.put("time_slice", io.smartspec.slo.Windows.format(t.slice()))
                    .put("slice_objective", t.sliceObjective().toString()));
            r.errorBudget().ifPresent(b -> {
                ObjectNode eb = o.putObject("error_budget");
                eb.put("total", b.total());
                eb.put("consumed", b.consumed());
                eb.put("remaining", b.remaining());
                eb.put("total_events", b.totalEvents());
                eb.put("bad_events", b.badEvents());
                eb.put("remaining_events", b.remainingEvents());
            });
            if (!r.burnRates().isEmpty()) {
                ObjectNode br = o.putObject("burn_rates");
                for (BurnRate b : r.burnRates()) {
                    br.put(Windows.format(b.window()), b.rate());
                }
            }
        }
        return write(root);
    }

    private static void threshold(ObjectNode t, Objective objective) {
        t.put("operator", objective.operator().symbol());
        t.put("value", objective.bound().value());
        t.put("unit", unit(objective.bound()));
        t.put("canonical", objective.bound().canonicalValue());
    }

    private static String unit(Quantity q) {
        return q.unit().symbol();
    }

    private static String kind(Slo slo) {
        return switch (slo.indicator().getClass().getSimpleName()) {
            case "EventsRatio" -> "events_ratio";
            case "LatencyRatio" -> "latency_ratio";
            default -> "threshold";
        };
    }

    private static void problems(ArrayNode array, List<Problem> problems, boolean errors) {
        for (Problem p : problems) {
            if (p.isError() == errors) {
                ObjectNode o = array.addObject();
                o.put("file", p.file());
                o.put("line", p.line());
                o.put("message", p.message());
            }
        }
    }

    private static String write(ObjectNode root) {
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
