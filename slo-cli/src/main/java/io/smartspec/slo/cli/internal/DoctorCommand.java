package io.smartspec.slo.cli.internal;

import io.smartspec.slo.Secret;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.prometheus.PrometheusSource;
import io.smartspec.slo.prometheus.StackDoctor;
import io.smartspec.slo.spec.LoadedSpec;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code slo doctor}: checks that the stack a spec describes runs, against the live servers. */
public final class DoctorCommand extends StackCommand {

    public static final String USAGE = "usage: slo doctor " + SpecSelection.USAGE
            + " [--prometheus URL] [--alertmanager URL] [--grafana URL] [--send-test-alert] [--timeout DURATION]";

    public DoctorCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        super(out, err, env);
    }

    /** The headers the provider sends to Prometheus: bearer_token, basic_auth and headers of observability.yaml. */
    static Map<String, Secret> prometheusHeaders(ObservabilityConfig config) {
        return config.provider().equals("prometheus") ? PrometheusSource.requestHeaders(config) : Map.of();
    }

    @Override
    public int run(List<String> argv) {
        if (argv.contains("--help")) {
            out.println(USAGE);
            out.println("Checks the spec's monitoring stack against the live servers, one line per check (PASS or");
            out.println("FAIL, what was found and, when it failed, the fix): Prometheus reachable (url: of");
            out.println("observability.yaml, or --prometheus), the series each SLO's queries read, the rules of");
            out.println("`slo rules` loaded and healthy, their alerts defined; Alertmanager reachable (the url of the");
            out.println("alertmanager receiver in incident_response, or --alertmanager), each priority and severity");
            out.println("the rules emit routed to a receiver that notifies someone, and with --send-test-alert a test");
            out.println("alert (" + StackDoctor.TEST_ALERT + ", a ticket that ends within 2 minutes) accepted;");
            out.println("with --grafana URL the dashboard of `slo dashboard` there (GRAFANA_TOKEN: a service account");
            out.println("token, when Grafana needs one). Exit 0 when every check passes, 1 when one fails.");
            return EXIT_OK;
        }
        Args args = Args.parse(argv, Set.of("spec", "config", "spec-id", "specs-dir", "prometheus", "alertmanager",
                "grafana", "timeout"), Set.of("send-test-alert"));
        SpecSelection selection = SpecSelection.from(args);
        LoadedSpec spec = load(selection);
        if (spec == null) {
            return EXIT_USAGE;
        }
        Optional<String> prometheus = args.value("prometheus");
        if (prometheus.isEmpty()) {
            if (!spec.config().provider().equals("prometheus")) {
                throw new Args.UsageException("slo doctor checks a Prometheus stack, but the provider of "
                        + selection.config() + " is '" + spec.config().provider() + "'; give --prometheus URL");
            }
            prometheus = spec.config().settings().string("url").map(String::trim);
        }
        StackDoctor doctor = StackDoctor.forSpec(spec.specId(), spec.slos());
        try {
            if (prometheus.isPresent()) {
                doctor.prometheus(prometheus.get(), prometheusHeaders(spec.config()));
            }
            Optional<String> alertmanager = args.value("alertmanager").or(() -> spec.config().incidentResponse()
                    .stream().filter(r -> r.type().equals("alertmanager")).map(r -> r.settings().string("url"))
                    .flatMap(Optional::stream).map(String::trim).findFirst());
            if (alertmanager.isPresent()) {
                doctor.alertmanager(alertmanager.get(), spec.config().incidentResponse());
            } else {
                err.println("slo doctor: no Alertmanager to check (give --alertmanager URL, or an alertmanager "
                        + "receiver in incident_response)");
                if (args.has("send-test-alert")) {
                    throw new Args.UsageException("--send-test-alert needs an Alertmanager (--alertmanager URL)");
                }
            }
            if (args.has("grafana")) {
                doctor.grafana(args.value("grafana").get(), Optional.ofNullable(env.get("GRAFANA_TOKEN"))
                        .filter(t -> !t.isBlank()).map(t -> Secret.of(t, "env GRAFANA_TOKEN")));
            }
            if (args.has("timeout")) {
                String text = args.value("timeout").get();
                doctor.timeout(Console.duration("timeout", text));
            }
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
        if (args.has("send-test-alert")) {
            doctor.sendTestAlert();
        }
        List<StackDoctor.Check> checks = doctor.check();
        checks.forEach(out::println);
        long failed = checks.stream().filter(c -> !c.passed()).count();
        out.println(failed == 0 ? "slo doctor: all " + checks.size() + " checks passed"
                : "slo doctor: " + failed + " of " + checks.size() + " checks failed");
        return failed == 0 ? EXIT_OK : EXIT_FAILED;
    }
}
