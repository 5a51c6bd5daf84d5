package io.smartspec.slo.cli.internal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The keys of {@code slo monitor --watch}: on a terminal, each key is read as it is typed (the
 * terminal's settings are saved and restored with {@code stty}); {@code q} leaves.
 */
public final class WatchKeys {

    private static final File TTY = new File("/dev/tty");
    private static volatile String saved;

    private WatchKeys() {
    }

    /** Calls {@code quit} when {@code q} is typed (or standard input ends); keys are read without Enter when possible. */
    public static void onQuit(Runnable quit) {
        if (TTY.exists()) {
            String settings = stty("-g");
            if (settings != null && !settings.isBlank() && stty("-icanon", "-echo", "min", "1") != null) {
                saved = settings.strip();
            }
        }
        Thread keys = new Thread(() -> {
            try {
                int c;
                while ((c = System.in.read()) != -1) {
                    if (c == 'q' || c == 'Q') {
                        break;
                    }
                }
            } catch (IOException e) {
                // standard input is gone: only Ctrl-C leaves
                return;
            }
            quit.run();
        }, "slo-watch-keys");
        keys.setDaemon(true);
        keys.start();
    }

    /** Gives the terminal back its settings. */
    public static void restore() {
        String s = saved;
        if (s != null) {
            stty(s);
            saved = null;
        }
    }

    private static String stty(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("stty");
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(TTY).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
