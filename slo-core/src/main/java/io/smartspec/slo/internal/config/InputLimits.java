package io.smartspec.slo.internal.config;

import io.smartspec.slo.Problem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The limits on what spec.md and observability.yaml may hold, checked before the expensive parsing so
 * that a huge or hostile file ends in a clear error, not in minutes of parsing or an
 * {@link OutOfMemoryError}. The file size and the NFR rows can be raised with a system property
 * ({@code -Dsmartspec.slo.maxFileBytes=...}, {@code -Dsmartspec.slo.maxNfrRows=...}; for the command
 * line, {@code JAVA_TOOL_OPTIONS}); the YAML limits are fixed, far above any real configuration.
 */
public final class InputLimits {

    public static final String MAX_FILE_BYTES_PROPERTY = "smartspec.slo.maxFileBytes";
    /** 1 MiB: a spec.md or observability.yaml is a few kilobytes. */
    public static final long DEFAULT_MAX_FILE_BYTES = 1L << 20;
    public static final String MAX_NFR_ROWS_PROPERTY = "smartspec.slo.maxNfrRows";
    /** NFR rows of one spec: each becomes an SLO, queried every round. */
    public static final int DEFAULT_MAX_NFR_ROWS = 1_000;
    /** Table lines of a whole spec.md (all tables, read before the markdown is parsed): 10 × the NFR rows. */
    public static final int TABLE_LINES_PER_NFR_ROW = 10;
    /** How deep YAML mappings and lists may nest (observability.yaml needs 4). */
    public static final int MAX_YAML_DEPTH = 32;
    /** YAML aliases ({@code *anchor}) per file: a "billion laughs" file expands a few into billions. */
    public static final int MAX_YAML_ALIASES = 50;

    private InputLimits() {
    }

    /** The largest file read, in bytes (and the longest text parsed, in characters). */
    public static long maxFileBytes() {
        return positive(MAX_FILE_BYTES_PROPERTY, DEFAULT_MAX_FILE_BYTES);
    }

    /** The most NFR rows read from one spec.md. */
    public static int maxNfrRows() {
        return (int) Math.min(Integer.MAX_VALUE / TABLE_LINES_PER_NFR_ROW,
                positive(MAX_NFR_ROWS_PROPERTY, DEFAULT_MAX_NFR_ROWS));
    }

    /** A problem when the file is larger than {@link #maxFileBytes()}; checked without reading it. */
    public static Optional<Problem> checkSize(String file, Path path) {
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            return Optional.empty(); // reading it reports the problem
        }
        return tooLarge(file, size, "bytes");
    }

    /** A problem when a text is longer than {@link #maxFileBytes()} characters. */
    public static Optional<Problem> checkLength(String file, String text) {
        return tooLarge(file, text.length(), "characters");
    }

    private static Optional<Problem> tooLarge(String file, long size, String unit) {
        long max = maxFileBytes();
        if (size <= max) {
            return Optional.empty();
        }
        return Optional.of(Problem.error(file, 0, "is " + format(size) + " " + unit + "; the limit is "
                + format(max) + " (checked before reading it). If the file really is this large, raise it with "
                + "-D" + MAX_FILE_BYTES_PROPERTY + "=" + size + " (for the slo command: JAVA_TOOL_OPTIONS)"));
    }

    /** A problem for a spec.md with too many rows: {@code found} says what was found. */
    public static Problem tooManyRows(String file, int line, String found) {
        return Problem.error(file, line, found + "; the limit is " + format(maxNfrRows()) + " NFR rows (each is "
                + "an SLO queried every round). Split the spec, or raise the limit with -D" + MAX_NFR_ROWS_PROPERTY
                + "=N (for the slo command: JAVA_TOOL_OPTIONS)");
    }

    /** {@code 1,048,576}. */
    public static String format(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static long positive(String property, long fallback) {
        String text = System.getProperty(property);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(text.trim().replace("_", "").replace(",", ""));
            return n > 0 ? n : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
