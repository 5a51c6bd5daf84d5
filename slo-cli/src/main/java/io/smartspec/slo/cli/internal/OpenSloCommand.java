package io.smartspec.slo.cli.internal;

import io.smartspec.slo.Problem;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.openslo.ImportedSpec;
import io.smartspec.slo.openslo.OpenSloExport;
import io.smartspec.slo.openslo.OpenSloImport;
import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.spec.SpecLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code slo openslo import FILE... [--out-dir DIR]} writes a spec.md and observability.yaml per Service of
 * OpenSLO v1 files (then loads each as {@code slo validate} does); {@code slo openslo export} writes a spec's
 * SLOs as OpenSLO v1 YAML.
 */
public final class OpenSloCommand {

    public static final String USAGE = "usage: slo openslo import FILE... [--out-dir DIR] [--force]\n"
            + "       slo openslo export " + SpecSelection.USAGE + " [--out FILE]";

    static final String HELP = """
            import  reads OpenSLO v1 files (YAML or JSON, lists or several documents), checks them against the
                    OpenSLO specification (every problem at once, by file and line) and writes DIR/<service>/spec.md
                    and DIR/<service>/observability.yaml per Service (DIR: --out-dir, default 'specs'); each written
                    spec is then loaded as 'slo validate' does. --force replaces existing files.
            export  writes the spec's SLOs as OpenSLO v1 YAML (a Service, a DataSource, an SLO with its SLI and
                    burn-rate alert policies per SLO) to --out FILE or stdout.
            Exit 0 done, 2 bad input.
            """;

    private final Console console;

    public OpenSloCommand(Console console) {
        this.console = console;
    }

    public int run(List<String> argv) {
        if (argv.isEmpty() || argv.contains("--help")) {
            if (argv.isEmpty()) {
                throw new Args.UsageException("missing 'import' or 'export'");
            }
            console.out().println(USAGE);
            console.out().print(HELP);
            return ExitCodes.OK;
        }
        String sub = argv.get(0);
        List<String> rest = argv.subList(1, argv.size());
        return switch (sub) {
            case "import" -> importFiles(rest);
            case "export" -> export(Args.parse(rest, Set.of("spec", "config", "spec-id", "specs-dir", "out"), Set.of()));
            default -> throw new Args.UsageException("unknown openslo command '" + sub + "'; expected import or export"
                    + Problem.didYouMean(sub, List.of("import", "export")));
        };
    }

    private int importFiles(List<String> argv) {
        List<Path> files = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.startsWith("--")) {
                options.add(a);
                if (a.equals("--out-dir") && i + 1 < argv.size()) {
                    options.add(argv.get(++i));
                }
            } else {
                files.add(Path.of(a));
            }
        }
        Args args = Args.parse(options, Set.of("out-dir"), Set.of("force"));
        if (files.isEmpty()) {
            throw new Args.UsageException("missing the OpenSLO FILE(s) to import");
        }
        Path dir = Path.of(args.value("out-dir").orElse("specs"));
        OpenSloImport imported = OpenSloImport.read(files);
        console.printProblems(imported.warnings());
        if (imported.specs().isEmpty()) {
            console.err().println("slo: the files define no SLO; nothing to write (an import writes a spec per "
                    + "Service of its SLOs)");
            return ExitCodes.USAGE;
        }
        if (!args.has("force")) {
            List<String> existing = imported.specs().stream().map(s -> dir.resolve(s.id()))
                    .filter(d -> Files.exists(d.resolve("spec.md")) || Files.exists(d.resolve("observability.yaml")))
                    .map(Path::toString).toList();
            if (!existing.isEmpty()) {
                console.err().println("slo: " + String.join(", ", existing) + " already hold a spec; nothing written "
                        + "(--force replaces it)");
                return ExitCodes.USAGE;
            }
        }
        boolean valid = true;
        for (ImportedSpec spec : imported.specs()) {
            Path specMd = spec.writeTo(dir);
            Path config = specMd.resolveSibling("observability.yaml");
            try {
                LoadedSpec loaded = SpecLoader.load(specMd, config, console.env());
                console.printProblems(loaded.problems());
                valid &= loaded.isValid();
                console.err().println("slo: wrote " + specMd + " and " + config + " (" + loaded.slos().size()
                        + (loaded.slos().size() == 1 ? " SLO" : " SLOs") + ")");
            } catch (SloValidationException e) {
                console.printProblems(e.problems());
                console.err().println("slo: wrote " + specMd + " and " + config + ", which 'slo validate' rejects "
                        + "as above");
                valid = false;
            }
        }
        return valid ? ExitCodes.OK : ExitCodes.USAGE;
    }

    private int export(Args args) {
        SpecSelection selection = SpecSelection.from(args);
        String yaml = OpenSloExport.export(selection.spec(), selection.config(), console.env());
        if (args.has("out")) {
            Path file = Path.of(args.value("out").get());
            Console.write(file, yaml);
            console.err().println("slo: wrote the OpenSLO objects of " + selection.spec() + " to " + file);
        } else {
            console.out().print(yaml);
        }
        return ExitCodes.OK;
    }
}
