package io.smartspec.slo.remediation;

import io.smartspec.slo.Secret;
import io.smartspec.slo.remediation.internal.EventPayload;
import io.smartspec.slo.remediation.internal.ProcessRunner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs a program: an argument list, never a shell string (no shell parses it; write
 * {@code [sh, -c, "..."]} to want one). The process gets the environment of this one, the event as
 * {@code SLO_*} variables ({@code SLO_KEY}, {@code SLO_SPEC}, {@code SLO_NAME}, {@code SLO_PRIORITY},
 * {@code SLO_STATUS}, {@code SLO_VALUE}, {@code SLO_OBJECTIVE}, {@code SLO_SINCE}, {@code SLO_EVENT_ID},
 * {@code SLO_SUMMARY}, {@code SLO_ACTION}) and the {@link #env(String, Secret)} secrets, and the event as
 * JSON on stdin. Exit code 0 is success; stdout and stderr are its output. At the timeout the process is
 * killed with every process it started.
 *
 * <p>Put secrets in {@link #env}: they are redacted from the output; the arguments are shown in the
 * timeline as they are.
 *
 * @since 0.1.0
 */
public final class CommandAction implements RemediationAction {

    private final List<String> arguments;
    private final Map<String, Secret> env;
    private final Optional<Path> directory;

    private CommandAction(List<String> arguments, Map<String, Secret> env, Optional<Path> directory) {
        if (arguments.isEmpty() || arguments.get(0).isBlank()) {
            throw new IllegalArgumentException("a command needs at least the program, but was " + arguments);
        }
        this.arguments = List.copyOf(arguments);
        this.env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
        this.directory = directory;
    }

    /** The program and its arguments, e.g. {@code List.of("kubectl", "rollout", "restart", "deploy/checkout")}. */
    public static CommandAction of(List<String> arguments) {
        return new CommandAction(Objects.requireNonNull(arguments, "arguments"), Map.of(), Optional.empty());
    }

    /** The command with a variable set to a secret (a token the program reads). */
    public CommandAction env(String name, Secret value) {
        Map<String, Secret> e = new LinkedHashMap<>(env);
        e.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new CommandAction(arguments, e, directory);
    }

    /** The command run in {@code directory} (default: this process's working directory). */
    public CommandAction directory(Path directory) {
        return new CommandAction(arguments, env, Optional.of(directory));
    }

    public List<String> arguments() {
        return arguments;
    }

    @Override
    public ActionResult run(ActionRequest request) throws InterruptedException, java.io.IOException {
        Map<String, String> vars = new LinkedHashMap<>(EventPayload.env(request.action(), request.event()));
        env.forEach((k, v) -> vars.put(k, v.reveal()));
        return ProcessRunner.run(arguments, vars, directory, EventPayload.json(request.action(), request.event()));
    }

    @Override
    public String describe() {
        return "command " + arguments + (env.isEmpty() ? "" : " with " + String.join(", ", env.keySet()) + " set");
    }

    @Override
    public List<Secret> secrets() {
        return new ArrayList<>(env.values());
    }

    @Override
    public String toString() {
        return "CommandAction[" + describe() + "]";
    }
}
