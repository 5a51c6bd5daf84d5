package io.smartspec.slo.cli.internal;

import io.smartspec.slo.Problem;
import io.smartspec.slo.SloValidationException;
import io.smartspec.slo.evaluation.EvaluationPolicy;
import io.smartspec.slo.postmortem.OnCallCard;
import io.smartspec.slo.spec.LoadedSpec;
import io.smartspec.slo.spec.SpecLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** {@code slo oncall-card}: one printable page per service, from its spec.md and observability.yaml. */
public final class OnCallCardCommand implements Command {

    public static final String USAGE = "usage: slo oncall-card (--spec-id ID [--specs-dir DIR] | --specs-dir DIR"
            + " | --spec FILE --config FILE) [--format md|html] [--out FILE]";

    static final Info INFO = new Info("oncall-card", USAGE, """
            The on-call card: one printable A4 page per service (HTML; Markdown separates them with rules) with
            each SLO's objective and priority, what pages and what opens a ticket (the burn-rate windows of the
            monitor's policy in plain words), the runbook of its NFR row, the receivers of incident_response and
            the escalation, and the commands an on-call engineer runs, with this spec's arguments.
            --spec-id ID finds DIR/**/ID/spec.md (DIR: --specs-dir, default 'specs'); --specs-dir DIR alone
            makes a card for every spec.md under DIR. --out FILE writes the cards there.
            """, Set.of("spec", "config", "spec-id", "specs-dir", "format", "out"), Set.of());

    private final Console console;

    public OnCallCardCommand(Console console) {
        this.console = console;
    }

    @Override
    public Info info() {
        return INFO;
    }

    @Override
    public int run(Args args) {
        String format = Console.format(args, "md", "html");
        List<SpecSelection> selections = new ArrayList<>();
        List<String> arguments = new ArrayList<>();
        if (args.has("specs-dir") && !args.has("spec-id") && !args.has("spec") && !args.has("config")) {
            Path dir = Path.of(args.value("specs-dir").get());
            for (Path spec : specsUnder(dir)) {
                selections.add(new SpecSelection(spec, SpecSelection.besides(spec)
                        .orElse(spec.resolveSibling("observability.yaml"))));
                arguments.add("--spec-id " + spec.getParent().getFileName() + " --specs-dir " + dir);
            }
        } else {
            SpecSelection s = SpecSelection.from(args);
            selections.add(s);
            arguments.add(args.has("spec-id") ? "--spec-id " + args.value("spec-id").get()
                    + args.value("specs-dir").map(d -> " --specs-dir " + d).orElse("")
                    : "--spec " + s.spec() + " --config " + s.config());
        }
        List<Problem> problems = new ArrayList<>();
        List<OnCallCard> cards = new ArrayList<>();
        for (int i = 0; i < selections.size(); i++) {
            SpecSelection s = selections.get(i);
            try {
                LoadedSpec spec = SpecLoader.load(s.spec(), s.config(), console.env());
                if (!spec.errors().isEmpty()) {
                    problems.addAll(spec.errors());
                    continue;
                }
                console.printProblems(spec.warnings());
                cards.add(OnCallCard.of(spec, EvaluationPolicy.defaults(), arguments.get(i)));
            } catch (SloValidationException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            console.printProblems(problems);
            console.err().println("slo: no on-call card written: fix the errors above (slo validate checks a spec)");
            return ExitCodes.USAGE;
        }
        String text = format.equals("html") ? OnCallCard.html(cards) : OnCallCard.markdown(cards);
        if (args.has("out")) {
            Path file = Path.of(args.value("out").get());
            Console.write(file, text);
            console.err().println("slo: wrote the on-call card" + (cards.size() == 1 ? "" : "s") + " of "
                    + String.join(", ", cards.stream().map(OnCallCard::specId).toList()) + " to " + file);
        } else {
            console.out().print(text);
        }
        return ExitCodes.OK;
    }

    private static List<Path> specsUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new Args.UsageException("specs directory '" + dir + "' does not exist (--specs-dir DIR)");
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> specs = walk.filter(p -> p.getFileName().toString().equals("spec.md") && p.getParent() != null)
                    .sorted().toList();
            if (specs.isEmpty()) {
                throw new Args.UsageException("no spec.md under " + dir + ": expected " + dir + "/**/ID/spec.md");
            }
            return specs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search " + dir + ": " + e.getMessage(), e);
        }
    }
}
