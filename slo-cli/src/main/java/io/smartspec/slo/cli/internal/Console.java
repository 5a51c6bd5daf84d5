package io.smartspec.slo.cli.internal;

import io.smartspec.slo.Problem;
import io.smartspec.slo.evaluation.EvaluationRound;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * What every command shares: the output streams, the environment, the clock, whether colours may be
 * used, and the options and output formats common to several commands.
 */
public final class Console {

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Clock clock;
    private final boolean terminal;
    private final CountDownLatch stop = new CountDownLatch(1);

    public Console(PrintStream out, PrintStream err, Map<String, String> env, Clock clock, boolean terminal) {
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
        this.clock = clock;
        this.terminal = terminal;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public Map<String, String> env() {
        return env;
    }

    public Clock clock() {
        return clock;
    }

    /** Released by {@code SloCli.stop()} or SIGTERM: a daemon stops. */
    public CountDownLatch stop() {
        return stop;
    }

    /** Every problem on stderr as {@code error: file:line: ...} or {@code warning: ...}. */
    public void printProblems(List<Problem> problems) {
        for (Problem p : problems) {
            err.println((p.isError() ? "error: " : "warning: ") + p);
        }
    }

    /** Whether output may be coloured: on a terminal, unless --no-color or NO_COLOR. */
    public boolean colors(boolean noColor) {
        return terminal && !noColor && !env.containsKey("NO_COLOR");
    }

    /** A round as JSON or as the status table (coloured on a terminal unless --no-color or NO_COLOR). */
    public void print(String specId, EvaluationRound round, String format, boolean noColor) {
        if (format.equals("json")) {
            out.println(JsonOutput.round(specId, round));
        } else {
            out.print(StatusTable.render(specId, round, colors(noColor)));
        }
    }

    /** {@code --format}, one of {@code accepted} (the first is the default). */
    public static String format(Args args, String... accepted) {
        String format = args.value("format").orElse(accepted[0]);
        if (!Arrays.asList(accepted).contains(format)) {
            throw new Args.UsageException("--format '" + format + "' is not one of " + String.join(", ", accepted));
        }
        return format;
    }

    /** {@code --zone}, or the system's. */
    public static ZoneId zone(Args args) {
        String text = args.value("zone").orElse(null);
        if (text == null) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(text);
        } catch (java.time.DateTimeException e) {
            throw new Args.UsageException("--zone '" + text + "' is not a time zone (e.g. UTC, Europe/Berlin)");
        }
    }

    /**
     * A duration option such as {@code --interval 5s}: a number with a unit ({@code 250ms}, {@code 5s},
     * {@code 1m}, {@code 1h}, read like durations in observability.yaml) or a bare number of seconds.
     */
    public static Duration duration(String option, String text) {
        String s = text.trim();
        try {
            io.smartspec.slo.Quantity q = s.matches("\\d+(\\.\\d+)?")
                    ? io.smartspec.slo.Quantity.parse(s + "s") : io.smartspec.slo.Quantity.parse(s);
            if (q.dimension() == io.smartspec.slo.Unit.Dimension.DURATION && q.value() > 0) {
                long nanos = Math.round(q.canonicalValue() * 1e9);
                if (nanos >= 1_000_000) {
                    return Duration.ofNanos(nanos);
                }
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new Args.UsageException("--" + option + " '" + s + "' is not a positive duration; expected a number "
                + "with a unit: ms, s, m or h (e.g. 250ms, 5s, 1m), or a number of seconds");
    }

    /** A duration as the CLI prints it: {@code 5s}, {@code 250ms}. */
    public static String format(Duration d) {
        return d.toNanos() % 1_000_000_000L == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /** A window option such as {@code --step 1h}. */
    public static Duration window(String option, String text) {
        try {
            return io.smartspec.slo.Windows.parse(text);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--" + option + ": " + e.getMessage());
        }
    }

    /** Writes a file, creating its directory. */
    public static void write(Path file, String text) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
