package io.smartspec.slo.cli.internal;

import io.smartspec.slo.Problem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which spec.md and observability.yaml a command works on: {@code --spec FILE --config FILE}, or
 * {@code --spec-id ID [--specs-dir DIR]} which finds {@code DIR/**}{@code /ID/spec.md} and the
 * {@code observability.yaml} beside it.
 */
public record SpecSelection(Path spec, Path config) {

    public static final String USAGE = "(--spec FILE --config FILE | --spec-id ID [--specs-dir DIR])";

    public static SpecSelection from(Args args) {
        boolean byFile = args.has("spec") || args.has("config");
        boolean byId = args.has("spec-id");
        if (byFile && byId) {
            throw new Args.UsageException("give either --spec/--config or --spec-id, not both");
        }
        if (byId) {
            if (args.has("spec") || args.has("config")) {
                throw new Args.UsageException("--spec-id finds spec.md and observability.yaml itself");
            }
            Path dir = Path.of(args.value("specs-dir").orElse("specs"));
            return find(args.value("spec-id").orElseThrow(), dir);
        }
        if (args.has("specs-dir")) {
            throw new Args.UsageException("--specs-dir goes with --spec-id");
        }
        Path spec = args.value("spec").map(Path::of)
                .orElseThrow(() -> new Args.UsageException("missing --spec FILE (or --spec-id ID)"));
        Path config = args.value("config").map(Path::of)
                .orElseThrow(() -> new Args.UsageException("missing --config FILE (the observability.yaml for "
                        + spec + ")"));
        return new SpecSelection(spec, config);
    }

    static SpecSelection find(String id, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new Args.UsageException("specs directory '" + dir + "' does not exist (set it with --specs-dir DIR)");
        }
        List<Path> specs;
        try (Stream<Path> walk = Files.walk(dir)) {
            specs = walk.filter(p -> p.getFileName().toString().equals("spec.md") && p.getParent() != null)
                    .sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search " + dir + ": " + e.getMessage(), e);
        }
        List<Path> found = specs.stream().filter(p -> p.getParent().getFileName().toString().equals(id))
                .collect(Collectors.toList());
        if (found.isEmpty()) {
            List<String> ids = specs.stream().map(p -> p.getParent().getFileName().toString()).sorted().toList();
            throw new Args.UsageException("no spec '" + id + "' under " + dir + ": expected " + dir + "/**/" + id
                    + "/spec.md" + Problem.didYouMean(id, ids)
                    + (ids.isEmpty() ? "; there is no spec.md under it" : "; spec ids there: " + String.join(", ", ids)));
        }
        if (found.size() > 1) {
            throw new Args.UsageException("spec id '" + id + "' is ambiguous under " + dir + ": " + found);
        }
        Path spec = found.get(0);
        return new SpecSelection(spec, besides(spec).orElse(spec.resolveSibling("observability.yaml")));
    }

    /** The observability.yaml (or .yml) beside a spec.md, if there is one. */
    public static java.util.Optional<Path> besides(Path spec) {
        for (String name : List.of("observability.yaml", "observability.yml")) {
            Path config = spec.resolveSibling(name);
            if (Files.exists(config)) {
                return java.util.Optional.of(config);
            }
        }
        return java.util.Optional.empty();
    }
}
