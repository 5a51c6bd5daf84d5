package io.smartspec.slo.examples.readme;

import io.smartspec.slo.cli.SloCli;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps README.md true: every Java block is a copy of a tagged region of compiled code
 * ({@code <!-- snippet: FILE#TAG -->}) under the imports of FILE that the region uses, so that the block
 * shows every import its code compiles with; every file shown is the file itself
 * ({@code <!-- file: PATH -->}), and every {@code slo} command marked {@code <!-- slo: exit N -->}
 * runs and exits with N.
 */
class ReadmeTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern MARKED_BLOCK = Pattern.compile(
            "<!-- (snippet|file|slo): ([^>]+?) -->\\s*\\n```[a-z]*\\n(.*?)```", Pattern.DOTALL);
    private static final Set<String> PATH_OPTIONS = Set.of("--spec", "--config", "--specs-dir", "--out", "--outbox",
            "--provisioning", "--secrets-dir", "--incidents-db", "--history", "--out-dir");
    /** Where the README's commands keep state (outbox, incidents): emptied before they run, so they run as on a fresh checkout. */
    private static final Path SCRATCH = ROOT.resolve("target/readme");

    /** A Prometheus that knows no series: every query answers an empty vector (the README's silent-checkout). */
    private static com.sun.net.httpserver.HttpServer prometheus;

    @org.junit.jupiter.api.BeforeAll
    static void startPrometheusStandIn() throws IOException {
        prometheus = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 8);
        prometheus.createContext("/", exchange -> {
            byte[] body = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (java.io.OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        prometheus.start();
    }

    @org.junit.jupiter.api.AfterAll
    static void stopPrometheusStandIn() {
        prometheus.stop(0);
    }

    private static String readme() throws IOException {
        return Files.readString(ROOT.resolve("README.md"));
    }

    @TestFactory
    List<DynamicTest> everyMarkedBlockMatchesTheCodeOrRunsAsWritten() throws IOException {
        if (Files.exists(SCRATCH)) {
            try (var files = Files.walk(SCRATCH)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        List<DynamicTest> tests = new ArrayList<>();
        Matcher m = MARKED_BLOCK.matcher(readme());
        while (m.find()) {
            String kind = m.group(1);
            String what = m.group(2).trim();
            String block = m.group(3);
            tests.add(DynamicTest.dynamicTest(kind + ": " + what, () -> {
                switch (kind) {
                    case "snippet" -> assertThat(block.strip()).isEqualTo(snippet(what).strip());
                    case "file" -> assertThat(block.strip()).isEqualTo(Files.readString(ROOT.resolve(what)).strip());
                    default -> runCommands(what, block);
                }
            }));
        }
        assertThat(tests).hasSizeGreaterThan(5);
        return tests;
    }

    @Test
    void everyJavaBlockIsAMarkedSnippet() throws IOException {
        String readme = readme();
        long javaBlocks = Pattern.compile("```java\\n").matcher(readme).results().count();
        long snippets = Pattern.compile("<!-- snippet: [^>]+ -->\\s*\\n```java\\n").matcher(readme).results().count();
        assertThat(snippets).as("java blocks in README.md without a <!-- snippet: FILE#TAG --> marker")
                .isEqualTo(javaBlocks);
    }

    /**
     * What the README shows of {@code FILE#TAG}: the file's imports that the region uses, then the region.
     * FILE compiles with its imports, and an import is left out only when its name does not occur in the
     * region; so the block carries every import its code needs (the rest is java.lang or FILE's own package).
     */
    private static String snippet(String fileAndTag) throws IOException {
        String body = region(fileAndTag);
        List<String> lines = Files.readAllLines(ROOT.resolve(fileAndTag.split("#")[0]));
        List<String> imports = new ArrayList<>();
        for (String line : lines) {
            String t = line.trim();
            if (t.startsWith("import ")) {
                String name = t.substring(t.lastIndexOf('.') + 1, t.length() - 1);
                if (name.equals("*") || Pattern.compile("\\b" + Pattern.quote(name) + "\\b").matcher(body).find()) {
                    imports.add(t);
                }
            } else if (t.isEmpty() && !imports.isEmpty() && !imports.get(imports.size() - 1).isEmpty()) {
                imports.add(""); // the file's groups
            } else if (!t.isEmpty() && !t.startsWith("package ") && !imports.isEmpty()) {
                break;
            }
        }
        String head = String.join("\n", imports).strip();
        assertThat(head).as("imports of " + fileAndTag).isNotEmpty();
        return head + "\n\n" + body;
    }

    /** The lines between {@code // tag::TAG[]} and {@code // end::TAG[]} of FILE, dedented. */
    private static String region(String fileAndTag) throws IOException {
        String[] parts = fileAndTag.split("#");
        List<String> lines = Files.readAllLines(ROOT.resolve(parts[0]));
        int start = lines.indexOf(lines.stream().filter(l -> l.trim().equals("// tag::" + parts[1] + "[]"))
                .findFirst().orElseThrow(() -> new AssertionError("no tag " + parts[1] + " in " + parts[0])));
        int end = lines.indexOf(lines.stream().filter(l -> l.trim().equals("// end::" + parts[1] + "[]"))
                .findFirst().orElseThrow());
        List<String> body = lines.subList(start + 1, end);
        int indent = body.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        return body.stream().map(l -> l.length() >= indent ? l.substring(indent) : l.strip())
                .collect(Collectors.joining("\n"));
    }

    /** Runs each {@code java -jar slo-cli/target/slo.jar ...} line through the CLI, from the repository root. */
    private static void runCommands(String expectation, String block) {
        int expected = Integer.parseInt(expectation.replace("exit", "").trim());
        for (String line : block.split("\n")) {
            if (!line.startsWith("java -jar slo-cli/target/slo.jar ")) {
                continue;
            }
            // words, or "quoted text" as one argument, as a shell splits them
            List<String> args = new ArrayList<>();
            Matcher words = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(
                    line.substring("java -jar slo-cli/target/slo.jar ".length()).trim());
            while (words.find()) {
                args.add(words.group(1) != null ? words.group(1) : words.group(2));
            }
            for (int i = 0; i < args.size() - 1; i++) {
                if (PATH_OPTIONS.contains(args.get(i))) {
                    args.set(i + 1, ROOT.resolve(args.get(i + 1)).toString());
                }
            }
            // the files of 'openslo import FILE...'
            for (int i = 2; i < args.size() && args.get(0).equals("openslo") && args.get(1).equals("import"); i++) {
                if (!args.get(i).startsWith("--") && !args.get(i - 1).startsWith("--")) {
                    args.set(i, ROOT.resolve(args.get(i)).toString());
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = new SloCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    Map.of("PROMETHEUS_URL", "http://127.0.0.1:" + prometheus.getAddress().getPort()),
                    Clock.systemUTC(), false)
                    .run(args.toArray(String[]::new));
            assertThat(code).as("%s printed:%n%s", line, out.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
        }
    }
}
