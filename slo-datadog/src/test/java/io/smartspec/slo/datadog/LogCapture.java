package io.smartspec.slo.datadog;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Captures JUL records (System.Logger's default backend) while open. */
final class LogCapture extends Handler implements AutoCloseable {

    private final Logger root;
    private final Logger datadog = Logger.getLogger("io.smartspec.slo.datadog");
    private final Level rootLevel;
    private final Level datadogLevel = datadog.getLevel();
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final List<String> lines = new ArrayList<>();

    private LogCapture(Logger root) {
        this.root = root;
        this.rootLevel = root.getLevel();
        setLevel(Level.ALL);
        root.setLevel(Level.ALL);
        datadog.setLevel(Level.ALL);
        root.addHandler(this);
    }

    /** Every record of every logger, the JDK's HTTP client's included, at every level. */
    static LogCapture everything() {
        return new LogCapture(Logger.getLogger(""));
    }

    /** Every record of this library's Datadog logger. */
    static LogCapture datadog() {
        return new LogCapture(Logger.getLogger("io.smartspec.slo.datadog"));
    }

    @Override
    public synchronized void publish(LogRecord record) {
        lines.add(formatter.format(record));
        if (record.getThrown() != null) {
            lines.add(String.valueOf(record.getThrown()));
        }
    }

    synchronized String text() {
        return String.join("", lines);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
        root.setLevel(rootLevel);
        datadog.setLevel(datadogLevel);
    }
}
