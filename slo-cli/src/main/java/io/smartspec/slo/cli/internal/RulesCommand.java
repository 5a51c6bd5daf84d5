package io.smartspec.slo.cli.internal;

import io.smartspec.slo.Windows;
import io.smartspec.slo.prometheus.PrometheusRules;
import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.spec.SpecLoader;

import java.nio.file.Path;
import java.util.Set;

/** {@code slo rules}: the Prometheus recording and burn-rate alert rules of a spec's SLOs. */
public final class RulesCommand implements Command {

    public static final String USAGE = "usage: slo rules " + SpecSelection.USAGE
            + " [--out FILE] [--for DURATION] [--no-alerts] [--no-recordings]";

    private final Console console;

    public RulesCommand(Console console) {
        this.console = console;
    }

    static final Info INFO = new Info("rules", USAGE, """
            Writes a Prometheus rules file for the spec's SLOs: error-ratio recordings over 5m..3d and
            the SLO period, error-budget recordings, multi-window multi-burn-rate alerts for ratio SLOs,
            and an alert per threshold SLO that fires after --for (default 5m). Load it into Prometheus,
            Thanos Ruler or Mimir; check it with 'promtool check rules FILE'.
            """,
            Set.of("spec", "config", "spec-id", "specs-dir", "out", "for"),
            Set.of("no-alerts", "no-recordings"));

    @Override
    public Info info() {
        return INFO;
    }

    @Override
    public int run(Args args) {
        SpecSelection selection = SpecSelection.from(args);
        LoadedSpec spec = SpecLoader.load(selection.spec(), selection.config(), console.env());
        console.printProblems(spec.problems());
        if (spec.slos().size() == 0) {
            console.err().println("slo: no SLO of " + selection.spec() + " could be built");
            return ExitCodes.USAGE;
        }
        PrometheusRules rules = PrometheusRules.forSpec(spec); // refuses a provider that does not speak PromQL
        if (args.has("for")) {
            String text = args.value("for").get();
            try {
                rules = rules.thresholdAlertsFor(Windows.parse(text));
            } catch (IllegalArgumentException e) {
                throw new Args.UsageException("--for: " + e.getMessage());
            }
        }
        if (args.has("no-alerts")) {
            rules = rules.withoutAlerts();
        }
        if (args.has("no-recordings")) {
            rules = rules.withoutRecordings();
        }
        String yaml = rules.generate();
        if (args.has("out")) {
            Path file = Path.of(args.value("out").get());
            Console.write(file, yaml);
            console.err().println("slo: wrote the rules of " + spec.slos().size() + " SLO(s) to " + file);
        } else {
            console.out().print(yaml);
        }
        return spec.isValid() ? ExitCodes.OK : ExitCodes.UNKNOWN;
    }
}
