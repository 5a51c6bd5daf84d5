package io.smartspec.slo.prometheus;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** Finds {@code prometheus} and {@code promtool}: fails with an install hint on CI, else skips. */
final class Binaries {

    static final String INSTALL_HINT = "install Debian's package with: apt-get install -y prometheus "
            + "(gives /usr/bin/prometheus and /usr/bin/promtool)";

    private Binaries() {
    }

    static Path require(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String message = name + " not found on PATH; " + INSTALL_HINT;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
        throw new IllegalStateException(message);
    }

    record Run(int exitCode, String output) {
    }

    /**
     * {@code promtool test rules} of {@code unitTest} (which names {@code rules.yaml}) over {@code rules}, both written
     * to {@code dir}; the rules are first checked with {@code promtool check rules}, and a failed check is returned.
     */
    static Run promtoolTest(Path promtool, Path dir, String rules, String unitTest)
            throws IOException, InterruptedException {
        Files.writeString(dir.resolve("rules.yaml"), rules);
        Files.writeString(dir.resolve("test.yaml"), unitTest);
        Run check = run(dir, promtool.toString(), "check", "rules", "rules.yaml");
        return check.exitCode() != 0 ? check : run(dir, promtool.toString(), "test", "rules", "test.yaml");
    }

    /** Runs a command to its end (at most 3 minutes), output and errors together. */
    static Run run(Path workDir, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                throw new IllegalStateException(String.join(" ", cmd) + " did not end within 3 minutes");
            }
            return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly().waitFor();
        }
    }
}
