package io.smartspec.slo.cli.internal;

import io.smartspec.slo.Priority;
import io.smartspec.slo.Slo;
import io.smartspec.slo.Windows;
import io.smartspec.slo.prometheus.AlertmanagerConfig;
import io.smartspec.slo.spec.LoadedSpec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code slo alertmanager}: the Alertmanager routing of a spec's alerts to its incident_response receivers. */
public final class AlertmanagerCommand extends StackCommand {

    public static final String USAGE = "usage: slo alertmanager " + SpecSelection.USAGE
            + " [--out FILE] [--secrets-dir DIR] [--inhibit-lower-priorities] [--group-wait DURATION]";

    public AlertmanagerCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        super(out, err, env);
    }

    @Override
    public int run(List<String> argv) {
        if (argv.contains("--help")) {
            out.println(USAGE);
            out.println("Writes an alertmanager.yml that routes the alerts of `slo rules` to the incident_response");
            out.println("receivers of observability.yaml (pagerduty, slack, webhook) by priority and severity,");
            out.println("grouped by spec and SLO; a page silences the ticket of the same SLO, and with");
            out.println("--inhibit-lower-priorities a P0 page silences the spec's other priorities.");
            out.println("Secrets ({{env.NAME}} in observability.yaml) are resolved now: --out FILE is then written");
            out.println("owner-only (rw-------); with --secrets-dir DIR each secret goes to its own owner-only file");
            out.println("that the configuration names (*_file options) and the configuration may be printed.");
            out.println("Check the result with: amtool check-config FILE");
            return EXIT_OK;
        }
        Args args = Args.parse(argv, Set.of("spec", "config", "spec-id", "specs-dir", "out", "secrets-dir",
                "group-wait"), Set.of("inhibit-lower-priorities"));
        SpecSelection selection = SpecSelection.from(args);
        LoadedSpec spec = load(selection);
        if (spec == null) {
            return EXIT_USAGE;
        }
        AlertmanagerConfig config = AlertmanagerConfig.forSpec(spec.specId(), spec.slos(), spec.config());
        if (args.has("inhibit-lower-priorities")) {
            config.inhibitLowerPriorities();
        }
        args.value("secrets-dir").ifPresent(d -> config.secretsInFiles(Path.of(d).toAbsolutePath().normalize()));
        if (args.has("group-wait")) {
            try {
                config.groupWait(Windows.parse(args.value("group-wait").get()));
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException("--group-wait: " + e.getMessage());
            }
        }
        List<Priority> routed = config.routedPriorities();
        List<String> unrouted = new ArrayList<>();
        for (Slo slo : spec.slos()) {
            if (!routed.contains(slo.priority())) {
                unrouted.add(slo.name() + " (" + slo.priority() + ")");
            }
        }
        if (!unrouted.isEmpty()) {
            err.println("warning: no incident_response receiver takes the alerts of " + String.join(", ", unrouted)
                    + "; Alertmanager keeps them without notifying anyone");
        }
        if (args.has("out")) {
            Path file = Path.of(args.value("out").get());
            List<Path> written = config.writeTo(file);
            err.println("slo: wrote " + file + (config.holdsSecrets() ? " (owner-only: it holds secrets)" : "")
                    + (written.size() > 1 ? " and " + (written.size() - 1) + " owner-only secret file(s) in "
                    + written.get(1).getParent() : ""));
        } else if (config.holdsSecrets()) {
            throw new Args.UsageException("the configuration holds the secrets of incident_response ("
                    + spec.config().file() + "), which are never printed; write it with --out FILE, created "
                    + "owner-only, or keep them in files with --secrets-dir DIR");
        } else {
            out.print(config.generate());
        }
        return spec.isValid() ? EXIT_OK : 3;
    }
}
