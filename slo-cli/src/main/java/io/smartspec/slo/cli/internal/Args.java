package io.smartspec.slo.cli.internal;

import io.smartspec.slo.Problem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The options of one command: {@code --name value}, {@code --name=value} and boolean flags.
 * Unknown options, missing values and stray arguments are usage errors.
 */
public final class Args {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> flags = new ArrayList<>();

    private Args() {
    }

    /**
     * @param valued options that take a value (without the leading {@code --})
     * @param flags  options that take none
     * @throws UsageException naming the bad argument
     */
    public static Args parse(List<String> args, Set<String> valued, Set<String> flags) {
        Args parsed = new Args();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                        throw new UsageException("option --" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                if (parsed.values.put(name, value) != null) {
                    throw new UsageException("option --" + name + " given twice");
                }
            } else if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageException("option --" + name + " takes no value");
                }
                parsed.flags.add(name);
            } else {
                throw new UsageException("unknown option '--" + name + "'" + suggestion(name, valued, flags));
            }
        }
        return parsed;
    }

    public Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public boolean has(String name) {
        return flags.contains(name) || values.containsKey(name);
    }

    private static String suggestion(String name, Set<String> valued, Set<String> flags) {
        Set<String> known = new java.util.LinkedHashSet<>(valued);
        known.addAll(flags);
        return Problem.nearest(name, known).map(best -> "; did you mean '--" + best + "'?").orElse("");
    }

    /** A command line that cannot be understood; exit code 2 with the usage line. */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UsageException(String message) {
            super(message);
        }
    }
}
