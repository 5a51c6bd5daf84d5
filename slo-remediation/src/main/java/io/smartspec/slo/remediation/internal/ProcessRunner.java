package io.smartspec.slo.remediation.internal;

import io.smartspec.slo.remediation.ActionResult;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a command without a shell, feeds its stdin, keeps the start of its output (stdout and stderr
 * together), and kills it with every process it started when the thread is interrupted (the timeout).
 */
public final class ProcessRunner {

    /** The output kept, at most. */
    public static final int MAX_OUTPUT = 16 * 1024;

    private ProcessRunner() {
    }

    public static ActionResult run(List<String> arguments, Map<String, String> env, Optional<Path> directory,
                                   String stdin) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(arguments).redirectErrorStream(true);
        pb.environment().putAll(env);
        directory.ifPresent(d -> pb.directory(d.toFile()));
        Process process = pb.start();
        Output output = new Output(process.getInputStream());
        Thread reader = new Thread(output, "slo-remediation-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the program does not read its stdin: fine
        }
        try {
            int code = process.waitFor();
            reader.join(1000); // a grandchild that escaped may keep the pipe open: do not wait for it
            return ActionResult.exit(code, output.text());
        } catch (InterruptedException e) {
            int killed = killTree(process);
            throw new InterruptedException("killed process " + process.pid() + (killed > 0 ? " and " + killed
                    + " process(es) it started" : "") + "; output so far: " + output.text());
        }
    }

    /** Kills the process and its descendants (those first, so none is orphaned); returns how many descendants. */
    static int killTree(Process process) {
        List<ProcessHandle> killed = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            List<ProcessHandle> tree = process.descendants().toList();
            for (int i = tree.size() - 1; i >= 0; i--) {
                if (tree.get(i).destroyForcibly() && !killed.contains(tree.get(i))) {
                    killed.add(tree.get(i));
                }
            }
            if (tree.isEmpty()) {
                break;
            }
        }
        process.destroyForcibly();
        for (ProcessHandle h : killed) {
            try {
                h.onExit().get(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                // gone or stuck in the kernel: nothing more to do
            }
        }
        try {
            process.onExit().get(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            // as above
        }
        return killed.size();
    }

    /** Reads the output to its end, keeping the first {@link #MAX_OUTPUT} bytes. */
    private static final class Output implements Runnable {
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        Output(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    synchronized (kept) {
                        int room = MAX_OUTPUT - kept.size();
                        if (room > 0) {
                            kept.write(buf, 0, Math.min(room, n));
                        }
                    }
                }
            } catch (IOException e) {
                // the process was killed: what was read is kept
            }
        }

        String text() {
            synchronized (kept) {
                return kept.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
