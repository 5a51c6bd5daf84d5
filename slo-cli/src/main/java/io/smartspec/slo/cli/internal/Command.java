package io.smartspec.slo.cli.internal;

import java.util.Set;

/** One command of {@code slo}: its options, its usage and help, and what it does. */
public interface Command {

    /** {@code validate}, {@code monitor}, ... */
    String name();

    /** The usage line, printed after a usage error. */
    String usage();

    /** The text of {@code slo <command> --help} after the usage line. */
    String help();

    /** Options that take a value. */
    Set<String> valued();

    /** Options without a value. */
    Set<String> flags();

    /**
     * Runs the command.
     *
     * @return the exit code
     * @throws Args.UsageException                         for a command line that cannot be understood
     * @throws io.smartspec.slo.SloValidationException for bad input files
     */
    int run(Args args);
}
