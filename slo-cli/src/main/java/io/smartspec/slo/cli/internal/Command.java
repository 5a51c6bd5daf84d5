package io.smartspec.slo.cli.internal;

import java.util.Set;

/** One command of {@code slo}: what it is ({@link Info}) and what it does. */
public interface Command {

    /**
     * A command's name, usage line, help text and options.
     *
     * @param name   {@code validate}, {@code monitor}, ...
     * @param usage  the usage line, printed after a usage error
     * @param help   the text of {@code slo <command> --help} after the usage line
     * @param valued options that take a value
     * @param flags  options without a value
     */
    record Info(String name, String usage, String help, Set<String> valued, Set<String> flags) {
        public Info {
            valued = Set.copyOf(valued);
            flags = Set.copyOf(flags);
        }
    }

    Info info();

    /**
     * Runs the command.
     *
     * @return the exit code
     * @throws Args.UsageException                     for a command line that cannot be understood
     * @throws io.smartspec.slo.SloValidationException for bad input files
     */
    int run(Args args);
}
