package io.smartspec.slo.postmortem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.fail;

/**
 * Headless Chromium, for the printable pages: the DOM it builds from a file, and the PDF it prints.
 * Missing Chromium fails the test with how to install it (scripts/test.sh installs it) — never a skip.
 */
final class Chromium {

    /** A4 in PostScript points, as Chromium writes the media box (594.96 x 841.92). */
    static final long A4_WIDTH = 595;
    static final long A4_HEIGHT = 842;

    private static final Pattern MEDIA_BOX = Pattern.compile(
            "/MediaBox\\s*\\[\\s*([-\\d.]+)\\s+([-\\d.]+)\\s+([-\\d.]+)\\s+([-\\d.]+)\\s*\\]");
    private static final Pattern PAGE = Pattern.compile("/Type\\s*/Page(?![a-zA-Z])");

    private Chromium() {
    }

    static Path binary() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return fail("headless Chromium is needed to check the printable pages and is not installed: "
                + "sudo apt-get install -y --no-install-recommends chromium (./scripts/test.sh installs it)");
    }

    /** The DOM Chromium builds from the HTML file. */
    static String dumpDom(Path html, Path work) throws IOException, InterruptedException {
        return run(work, "--dump-dom", html.toUri().toString());
    }

    /** The file printed to PDF, without Chromium's header and footer. */
    static Pdf printToPdf(Path html, Path work) throws IOException, InterruptedException {
        Path pdf = work.resolve(html.getFileName() + ".pdf");
        run(work, "--no-pdf-header-footer", "--print-to-pdf=" + pdf, html.toUri().toString());
        if (!Files.exists(pdf)) {
            fail("Chromium wrote no PDF of " + html);
        }
        return Pdf.read(pdf);
    }

    private static String run(Path work, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary().toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--user-data-dir=" + work.resolve("chromium-profile")));
        command.addAll(List.of(args));
        Path out = work.resolve("chromium.out");
        Path err = work.resolve("chromium.err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            return fail("Chromium did not finish within 120 s: " + command);
        }
        if (p.exitValue() != 0) {
            return fail("Chromium exited " + p.exitValue() + ": " + command + "\n" + Files.readString(err));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** The pages of a PDF: how many, and each one's media box in points. */
    record Pdf(int pages, List<long[]> mediaBoxes) {
        static Pdf read(Path file) throws IOException {
            String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            int pages = 0;
            Matcher m = PAGE.matcher(text);
            while (m.find()) {
                pages++;
            }
            List<long[]> boxes = new ArrayList<>();
            Matcher b = MEDIA_BOX.matcher(text);
            while (b.find()) {
                boxes.add(new long[] {Math.round(Double.parseDouble(b.group(3)) - Double.parseDouble(b.group(1))),
                        Math.round(Double.parseDouble(b.group(4)) - Double.parseDouble(b.group(2)))});
            }
            return new Pdf(pages, boxes);
        }

        boolean allA4() {
            return !mediaBoxes.isEmpty() && mediaBoxes.stream().allMatch(box -> box[0] == A4_WIDTH && box[1] == A4_HEIGHT);
        }
    }
}
