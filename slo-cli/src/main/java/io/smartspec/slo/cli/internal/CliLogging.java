package io.smartspec.slo.cli.internal;

import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The command's logging: every {@code System.Logger} / java.util.logging record of the library becomes
 * ONE line on stderr ({@code 14:02:11 WARN  webhook 'x': attempt 3 of 5 failed ...; retrying in 200 ms}),
 * never on stdout, so a log line never lands inside a status table or a JSON document.
 *
 * <p>{@code --verbose} shows DEBUG and up, {@code --quiet} errors only, the default is INFO. The two flags
 * are taken out of the command line before the command parses it, so every command accepts them.
 */
public final class CliLogging {

    /** How much the command says on stderr besides its own output. */
    public enum Verbosity {
        QUIET(Level.SEVERE), NORMAL(Level.INFO), VERBOSE(Level.FINE);

        private final Level level;

        Verbosity(Level level) {
            this.level = level;
        }

        Level level() {
            return level;
        }
    }

    /** The command line without the logging flags, and the verbosity they asked for. */
    public record Parsed(List<String> args, Verbosity verbosity) {
    }

    private CliLogging() {
    }

    /**
     * Takes {@code --verbose} and {@code --quiet} out of the command line.
     *
     * @throws Args.UsageException when both are given
     */
    public static Parsed parse(List<String> argv) {
        List<String> rest = new ArrayList<>(argv.size());
        boolean verbose = false;
        boolean quiet = false;
        for (String arg : argv) {
            switch (arg) {
                case "--verbose" -> verbose = true;
                case "--quiet" -> quiet = true;
                default -> rest.add(arg);
            }
        }
        if (verbose && quiet) {
            throw new Args.UsageException("--verbose and --quiet exclude each other");
        }
        return new Parsed(rest, verbose ? Verbosity.VERBOSE : quiet ? Verbosity.QUIET : Verbosity.NORMAL);
    }

    /**
     * Replaces the root logger's handlers with one that writes single lines to {@code err} at the given
     * verbosity. Called once, by {@code main}: tests that run the command in-process leave the JVM's logging
     * alone.
     */
    public static void install(Verbosity verbosity, PrintStream err) {
        Logger root = LogManager.getLogManager().getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        // the zone is looked up with the first record: its rules (tzdb.dat) cost a command that logs nothing
        Handler handler = new LineHandler(err, ZoneId::systemDefault);
        handler.setLevel(verbosity.level());
        root.addHandler(handler);
        root.setLevel(verbosity.level());
    }

    /** Writes each record as one line and flushes it, so the order against stdout is the order of events. */
    static final class LineHandler extends Handler {
        private final PrintStream err;

        LineHandler(PrintStream err, Supplier<ZoneId> zone) {
            this.err = err;
            setFormatter(new LineFormatter(zone));
        }

        @Override
        public void publish(LogRecord record) {
            if (!isLoggable(record)) {
                return;
            }
            String line;
            try {
                line = getFormatter().format(record);
            } catch (RuntimeException e) {
                line = "slo: a log record could not be formatted: " + e + System.lineSeparator();
            }
            synchronized (this) {
                err.print(line);
                err.flush();
            }
        }

        @Override
        public void flush() {
            err.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }

    /**
     * {@code HH:mm:ss LEVEL message[: exception]}, on one line: line breaks inside the message or the
     * exception's message become {@code " | "}; a stack trace is never printed.
     */
    public static final class LineFormatter extends Formatter {
        private final Supplier<ZoneId> zoneSource;
        private volatile ZoneId zone;

        public LineFormatter(ZoneId zone) {
            this.zoneSource = () -> zone;
        }

        /** The zone of the times shown, asked of {@code zone} when the first record is formatted. */
        public LineFormatter(Supplier<ZoneId> zone) {
            this.zoneSource = zone;
        }

        private ZoneId zone() {
            ZoneId z = zone;
            if (z == null) {
                z = zoneSource.get();
                zone = z;
            }
            return z;
        }

        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder(96);
            LocalTime t = LocalTime.ofInstant(record.getInstant() == null ? Instant.now() : record.getInstant(), zone());
            two(line, t.getHour()).append(':');
            two(line, t.getMinute()).append(':');
            two(line, t.getSecond()).append(' ');
            // padded by hand: String.format's first use loads the locale data (tens of milliseconds)
            String level = levelName(record.getLevel());
            line.append(level).append(" ".repeat(Math.max(0, 5 - level.length()))).append(' ');
            String message = formatMessage(record);
            line.append(message == null ? "" : message);
            Throwable thrown = record.getThrown();
            if (thrown != null) {
                line.append(": ").append(thrown.getClass().getSimpleName());
                if (thrown.getMessage() != null) {
                    line.append(": ").append(thrown.getMessage());
                }
            }
            return oneLine(line) + System.lineSeparator();
        }

        private static StringBuilder two(StringBuilder b, int n) {
            return (n < 10 ? b.append('0') : b).append(n);
        }

        private static String oneLine(CharSequence s) {
            StringBuilder b = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\r' || c == '\n') {
                    if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                        i++;
                    }
                    if (i + 1 < s.length()) {
                        b.append(" | ");
                    }
                } else {
                    b.append(c);
                }
            }
            return b.toString().strip();
        }

        static String levelName(Level level) {
            int v = level.intValue();
            if (v >= Level.SEVERE.intValue()) {
                return "ERROR";
            }
            if (v >= Level.WARNING.intValue()) {
                return "WARN";
            }
            if (v >= Level.INFO.intValue()) {
                return "INFO";
            }
            if (v >= Level.FINE.intValue()) {
                return "DEBUG";
            }
            return "TRACE";
        }
    }
}
