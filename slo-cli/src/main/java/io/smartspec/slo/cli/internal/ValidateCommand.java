package io.smartspec.slo.cli.internal;

import io.smartspec.slo.Problem;
import io.smartspec.slo.Slo;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.config.MetricBinding;
import io.smartspec.slo.config.ObservabilityConfig;
import io.smartspec.slo.remediation.Remediation;
import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.spec.NfrRow;
import io.smartspec.slo.spec.NfrTable;
import io.smartspec.slo.spec.SpecLoader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code slo validate}: loads a spec the way {@code slo monitor} does — {@link SpecLoader#load}, which
 * runs every check before the first query (provider on the class path, the provider's and receivers'
 * keys, environment variables, every NFR metric mapped) — and lists the SLOs and every problem, with
 * the same messages. Without an observability.yaml (none given and none beside spec.md), only the NFR
 * table is checked.
 */
public final class ValidateCommand implements Command {

    public static final String USAGE = "usage: slo validate --spec FILE [--config FILE] [--format text|json]\n"
            + "       slo validate --spec-id ID [--specs-dir DIR] [--format text|json]";

    private final Console console;

    public ValidateCommand(Console console) {
        this.console = console;
    }

    static final Info INFO = new Info("validate", USAGE, """
            Parses the NFR table of spec.md and binds each row to its query in the observability.yaml given
            with --config, found beside spec.md, or found by --spec-id ID (DIR/**/ID/spec.md, DIR: --specs-dir,
            default 'specs'). Runs every check 'slo monitor' runs before its first query: the provider is known,
            its keys and the receivers' keys are valid, environment variables are set, every NFR metric is mapped,
            the remediation: section's actions, guardrails and routes are valid.
            Exit 0 when valid, 2 when invalid.
            """,
            Set.of("spec", "config", "spec-id", "specs-dir", "format"),
            Set.of());

    @Override
    public Info info() {
        return INFO;
    }

    @Override
    public int run(Args args) {
        String format = Console.format(args, "text", "json");
        Path spec;
        Optional<Path> config;
        if (args.has("spec-id") || args.has("config")) {
            SpecSelection selection = SpecSelection.from(args);
            spec = selection.spec();
            config = Optional.of(selection.config());
        } else {
            if (args.has("specs-dir")) {
                throw new Args.UsageException("--specs-dir goes with --spec-id");
            }
            spec = args.value("spec").map(Path::of)
                    .orElseThrow(() -> new Args.UsageException("missing --spec FILE (or --spec-id ID)"));
            config = SpecSelection.besides(spec);
        }
        List<Slo> slos;
        List<Problem> problems = new ArrayList<>();
        try {
            LoadedSpec loaded = config.isPresent() ? SpecLoader.load(spec, config.get(), console.env())
                    : tableOnly(NfrTable.parse(spec));
            slos = loaded.slos().slos();
            problems.addAll(loaded.problems());
            if (config.isPresent() && Remediation.configured(loaded.config())) {
                try {
                    Remediation.forSpec(loaded); // the SLOs its routes name are the spec's, as slo monitor checks
                } catch (SloValidationException e) {
                    problems.addAll(e.problems());
                }
            }
        } catch (SloValidationException e) {
            slos = List.of();
            problems.addAll(e.problems());
        }
        boolean valid = problems.stream().noneMatch(Problem::isError);
        if (format.equals("json")) {
            console.out().println(JsonOutput.validation(slos, problems));
        } else {
            for (Slo slo : slos) {
                console.out().println("  " + slo);
            }
            problems.forEach(p -> console.out().println((p.isError() ? "error: " : "warning: ") + p));
            console.out().println(spec + ": " + slos.size() + (slos.size() == 1 ? " SLO" : " SLOs") + ", "
                    + count(problems, false) + " warning(s), " + count(problems, true) + " error(s)"
                    + (valid ? "" : " - invalid"));
        }
        return valid ? ExitCodes.OK : ExitCodes.USAGE;
    }

    /** The table's rows as threshold SLOs on their own metric names: what can be checked without queries. */
    private static LoadedSpec tableOnly(NfrTable table) {
        List<MetricBinding> bindings = table.rows().stream().map(NfrRow::metric).distinct()
                .map(metric -> (MetricBinding) MetricBinding.query(metric, metric)).toList();
        return SpecLoader.bind(table, ObservabilityConfig.of("none", bindings), SpecLoader.specId(Path.of(table.file())));
    }

    private static long count(List<Problem> problems, boolean errors) {
        return problems.stream().filter(p -> p.isError() == errors).count();
    }
}
