package io.smartspec.slo.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@code slo monitor --watch} in a real pseudo-terminal (a tmux session of its own): the screen is
 * redrawn in place with the status, a sparkline of the values and the events; {@code q} leaves and
 * gives the terminal its settings back.
 */
class SloCliWatchIT {

    private final String socket = "slo-watch-" + ProcessHandle.current().pid() + "-" + System.nanoTime();

    @TempDir
    Path tmp;

    @AfterEach
    void killTmux() throws Exception {
        tmux("kill-server");
    }

    private Run tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return new Run(p.exitValue(), out);
    }

    private record Run(int code, String output) {
    }

    private String screen() throws Exception {
        return tmux("capture-pane", "-p", "-t", "watch").output();
    }

    private String await(String what, Predicate<String> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String screen;
        do {
            screen = screen();
            if (condition.test(screen)) {
                return screen;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return fail("not within 30s: " + what + "; the screen:\n" + screen);
    }

    @Test
    void theWatchRedrawsTheStatusSparklinesAndEventsInPlaceAndQLeaves() throws Exception {
        boolean tmuxThere = Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, "tmux")));
        Assumptions.assumeTrue(tmuxThere || "true".equalsIgnoreCase(System.getenv("CI")),
                "tmux not found; apt-get install -y tmux");
        // given the p99 of checkout answering 150, 180, 210 ms in turn (210 misses < 200 ms)
        String java = ProcessHandle.current().info().command().orElse("java");
        String command = "env P99=cycle:150,180,210 " + java + " -cp " + System.getProperty("java.class.path")
                + " io.smartspec.slo.cli.SloCli monitor --spec-id checkout --specs-dir src/test/resources/specs"
                + " --watch --interval 1 --history " + tmp.resolve("history") + " --reports " + tmp.resolve("reports")
                + " --outbox " + tmp.resolve("outbox")
                + "; echo EXITED $?; stty -a | grep -o -- '-*icanon'; sleep 60";
        // when
        Run started = tmux("new-session", "-d", "-s", "watch", "-x", "200", "-y", "40", "-c",
                Path.of("").toAbsolutePath().toString(), command);
        assertThat(started.code()).as(started.output()).isZero();
        // then: one screen, redrawn (the header once), with the breach and the recovery among the events
        String screen = await("three rounds, a breach and a recovery", s -> s.contains("▁▅█")
                && s.contains("  BREACH  ") && s.contains("  RECOVERY  "));
        assertThat(screen.split("slo monitor --watch", -1)).hasSize(2);
        // (the latency row shows whichever of 150, 180, 210 ms the last round read: met, at risk or breached)
        assertThat(screen).containsPattern("(MET|AT_RISK|BREACHED)\\s+checkout_latency_p99\\s+\\d+ ms\\s+< 200 ms")
                .contains("LAST 30 ROUNDS", "q or Ctrl-C to leave", "last events:");
        // when
        tmux("send-keys", "-t", "watch", "q");
        // then: it leaves on the key alone (no Enter) and the terminal reads lines again
        String after = await("the monitor to stop and stty to report", s -> s.contains("EXITED")
                && Pattern.compile("(?m)^-?icanon$").matcher(s).find());
        assertThat(after).contains("EXITED 0").containsPattern("(?m)^icanon$");
    }
}
