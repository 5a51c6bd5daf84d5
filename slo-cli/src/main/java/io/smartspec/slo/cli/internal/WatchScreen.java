package io.smartspec.slo.cli.internal;

import io.smartspec.slo.Quantity;
import io.smartspec.slo.evaluation.EvaluationRound;
import io.smartspec.slo.evaluation.SloResult;
import io.smartspec.slo.evaluation.Status;
import io.smartspec.slo.monitor.SloEvent;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The screen of {@code slo monitor --watch}: the status of each SLO with its error budget as a bar and
 * a sparkline of its last values, and the last events, drawn over the previous screen.
 */
public final class WatchScreen {

    /** How many rounds a sparkline shows. */
    public static final int HISTORY = 30;
    /** How many events are shown. */
    public static final int EVENTS = 5;
    /** Cursor home and clear screen. */
    public static final String CLEAR = "\u001b[H\u001b[2J";
    private static final String RESET = "\u001b[0m";
    private static final char[] BARS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final String specId;
    private Duration interval;
    private final boolean color;
    private final Map<String, Deque<Optional<Double>>> values = new LinkedHashMap<>();
    private final Deque<String> events = new ArrayDeque<>();
    private EvaluationRound last;

    public WatchScreen(String specId, boolean color) {
        this.specId = specId;
        this.color = color;
    }

    /** The monitor's interval, shown in the header once known. */
    public synchronized void interval(Duration interval) {
        this.interval = interval;
    }

    /** Records a round: each SLO's value (in the objective's unit) joins its sparkline. */
    public synchronized void round(EvaluationRound round) {
        last = round;
        for (SloResult r : round.results()) {
            Deque<Optional<Double>> series = values.computeIfAbsent(r.name(), k -> new ArrayDeque<>());
            series.addLast(r.observed().filter(Quantity::isFinite)
                    .map(q -> q.isComparableWith(r.objective().bound()) ? q.to(r.objective().bound().unit()).value()
                            : q.value()));
            while (series.size() > HISTORY) {
                series.removeFirst();
            }
        }
    }

    /** Records an event (breach, recovery, reminder): the last {@value #EVENTS} are shown. */
    public synchronized void event(SloEvent event) {
        events.addLast(TIME.format(event.occurredAt()) + "  " + event.kind() + "  " + event.summary());
        while (events.size() > EVENTS) {
            events.removeFirst();
        }
    }

    /** The whole screen, starting with {@link #CLEAR}. */
    public synchronized String render() {
        StringBuilder out = new StringBuilder(CLEAR);
        out.append("slo monitor --watch  ").append(specId)
                .append(interval == null ? "" : "  every " + interval.toSeconds() + "s").append("  (q or Ctrl-C to leave)\n");
        if (last == null) {
            return out.append("waiting for the first round...\n").toString();
        }
        out.append("evaluated ").append(last.evaluatedAt()).append('\n').append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"STATUS", "SLO", "VALUE", "OBJECTIVE", "BUDGET LEFT", "LAST " + HISTORY + " ROUNDS"});
        for (SloResult r : last.results()) {
            rows.add(new String[] {r.status().name(), r.name(), r.observed().map(Quantity::toString).orElse("-"),
                    r.objective().toString(), r.errorBudget().map(b -> budgetBar(b.remaining())).orElse(""),
                    sparkline(new ArrayList<>(values.getOrDefault(r.name(), new ArrayDeque<>())))});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < rows.get(r).length; i++) {
                String cell = rows.get(r)[i] + " ".repeat(widths[i] - rows.get(r)[i].length());
                if (i == 0 && r > 0 && color) {
                    cell = StatusTable.colorOf(Status.valueOf(rows.get(r)[0])) + cell + RESET;
                }
                line.append(cell).append("  ");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        out.append(StatusTable.summary(last)).append('\n').append('\n').append("last events:\n");
        if (events.isEmpty()) {
            out.append("  (none)\n");
        }
        events.forEach(e -> out.append("  ").append(e).append('\n'));
        return out.toString();
    }

    /** {@code [######----] 62%}: the share of the error budget left (empty below 0). */
    static String budgetBar(double remaining) {
        int filled = (int) Math.round(Math.max(0, Math.min(1, remaining)) * 10);
        return "[" + "#".repeat(filled) + "-".repeat(10 - filled) + "] " + Quantity.formatNumber(
                Math.round(remaining * 1000) / 10.0) + "%";
    }

    /** One bar per value, scaled between the lowest and the highest shown; a gap where there was none. */
    static String sparkline(List<Optional<Double>> series) {
        double min = series.stream().flatMap(Optional::stream).mapToDouble(Double::doubleValue).min().orElse(0);
        double max = series.stream().flatMap(Optional::stream).mapToDouble(Double::doubleValue).max().orElse(0);
        StringBuilder s = new StringBuilder();
        for (Optional<Double> v : series) {
            if (v.isEmpty()) {
                s.append(' ');
            } else if (max == min) {
                s.append(BARS[BARS.length / 2]);
            } else {
                s.append(BARS[(int) Math.round((v.get() - min) / (max - min) * (BARS.length - 1))]);
            }
        }
        return s.toString();
    }
}
