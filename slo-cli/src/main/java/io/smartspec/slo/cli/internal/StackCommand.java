package io.smartspec.slo.cli.internal;

import io.smartspec.slo.Problem;
import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.spec.SpecLoader;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the commands of the monitoring stack ({@code dashboard}, {@code alertmanager}, {@code doctor})
 * share: their streams and environment, loading the selected spec, and writing files.
 */
abstract class StackCommand {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    final PrintStream out;
    final PrintStream err;
    final Map<String, String> env;

    StackCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
    }

    /** Runs the command with its arguments (after the command's name) and returns the exit code. */
    public abstract int run(List<String> argv);

    /** The spec with its problems printed; {@code null} (after saying why) when it has no SLO. */
    LoadedSpec load(SpecSelection selection) {
        LoadedSpec spec = SpecLoader.load(selection.spec(), selection.config(), env);
        for (Problem p : spec.problems()) {
            err.println((p.isError() ? "error: " : "warning: ") + p);
        }
        if (spec.slos().size() == 0) {
            err.println("slo: no SLO of " + selection.spec() + " could be built");
            return null;
        }
        return spec;
    }

    static void write(Path file, String text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
