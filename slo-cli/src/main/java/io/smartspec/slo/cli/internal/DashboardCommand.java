package io.smartspec.slo.cli.internal;

import io.smartspec.slo.prometheus.GrafanaDashboard;
import io.smartspec.slo.spec.LoadedSpec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code slo dashboard}: the Grafana dashboard of a spec's SLOs. */
public final class DashboardCommand extends StackCommand {

    public static final String USAGE = "usage: slo dashboard " + SpecSelection.USAGE
            + " [--out FILE] [--provisioning DIR] [--datasource UID] [--deployments PROMQL]";

    public DashboardCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        super(out, err, env);
    }

    @Override
    public int run(List<String> argv) {
        if (argv.contains("--help")) {
            out.println(USAGE);
            out.println("Writes a Grafana dashboard (JSON) of the spec's SLOs over the recording rules of `slo rules`:");
            out.println("an overview (objective, SLI over the period, budget remaining, burn rate, alerts, runbooks)");
            out.println("and a row per SLO; 30 s refresh; variables for the data source and the SLO; deployments");
            out.println("marked from --deployments PROMQL (default " + GrafanaDashboard.DEFAULT_DEPLOYMENTS + ").");
            out.println("--datasource UID selects a Prometheus data source by default. --provisioning DIR writes");
            out.println("DIR/dashboards/<uid>.json and DIR/slo-dashboards.yaml, a provider for Grafana's");
            out.println("provisioning/dashboards. Without --out or --provisioning the JSON goes to standard output.");
            return EXIT_OK;
        }
        Args args = Args.parse(argv, Set.of("spec", "config", "spec-id", "specs-dir", "out", "provisioning",
                "datasource", "deployments"), Set.of());
        SpecSelection selection = SpecSelection.from(args);
        LoadedSpec spec = load(selection);
        if (spec == null) {
            return EXIT_USAGE;
        }
        GrafanaDashboard dashboard = GrafanaDashboard.forSpec(spec.specId(), spec.slos());
        try {
            args.value("datasource").ifPresent(dashboard::datasource);
            args.value("deployments").ifPresent(dashboard::deployments);
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
        String json = dashboard.generate();
        boolean written = false;
        if (args.has("out")) {
            Path file = Path.of(args.value("out").get());
            write(file, json);
            err.println("slo: wrote the dashboard '" + dashboard.title() + "' (uid " + dashboard.uid() + ") to " + file);
            written = true;
        }
        if (args.has("provisioning")) {
            Path dir = Path.of(args.value("provisioning").get());
            Path dashboards = dir.resolve("dashboards");
            write(dashboards.resolve(dashboard.uid() + ".json"), json);
            write(dir.resolve("slo-dashboards.yaml"), GrafanaDashboard.provisioning(
                    dashboards.toAbsolutePath().normalize().toString()));
            err.println("slo: wrote " + dashboards.resolve(dashboard.uid() + ".json") + " and "
                    + dir.resolve("slo-dashboards.yaml") + " (copy it to Grafana's provisioning/dashboards/)");
            written = true;
        }
        if (!written) {
            out.print(json);
        }
        return spec.isValid() ? EXIT_OK : 3;
    }
}
