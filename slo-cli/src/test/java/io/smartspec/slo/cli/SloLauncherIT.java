package io.smartspec.slo.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged launcher {@code target/slo} (after {@code package}): with the class-data archive the build made
 * for its jar, and without one, with a stale one, one made for another jar and a corrupt one, the command runs
 * and says nothing about the archive: same output, nothing on stderr.
 */
class SloLauncherIT {

    private static final Path TARGET = Path.of("target");
    private static final Path SHOP_SPEC = Path.of("src/test/resources/specs/shop/checkout/spec.md");

    @TempDir
    Path tmp;

    @BeforeAll
    static void built() {
        assertThat(TARGET.resolve("slo")).as("the launcher, made by package").isExecutable();
        assertThat(TARGET.resolve("slo.jar")).exists();
    }

    @Test
    void runsWithTheArchiveTheBuildMade() throws Exception {
        assertThat(TARGET.resolve("slo.jsa")).as("the archive, made by package").exists();

        Run run = run(TARGET.resolve("slo"));

        assertThat(run.exit).isZero();
        assertThat(run.out).contains("checkout_latency_p99").contains("3 SLOs");
        assertThat(run.err).isEmpty();
    }

    @Test
    void theCommandsClassesComeFromTheArchive() throws Exception {
        // given: the JVM's class loading log, through the launcher's SLO_JAVA_OPTS
        Path log = tmp.resolve("classes.log");

        Run run = run(TARGET.resolve("slo"), "-Xlog:class+load:file=" + log);

        // then: the command's own classes and its libraries' were mapped from slo.jsa, not read from the jar
        assertThat(run.exit).isZero();
        String loaded = Files.readString(log);
        assertThat(loaded).contains("io.smartspec.slo.cli.SloCli source: shared objects file (top)")
                .contains("org.commonmark.parser.Parser source: shared objects file (top)")
                .doesNotContain("io.smartspec.slo.cli.SloCli source: file:");
    }

    @Test
    void aCopyOfTheJarRunsFromTheJarItself() throws Exception {
        // given: the archive beside a copy of the jar (an archive fits the jar path it was made for)
        Path dir = copy(true);
        Files.setLastModifiedTime(dir.resolve("slo.jsa"), FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        Path log = tmp.resolve("classes.log");

        Run run = run(dir.resolve("slo"), "-Xlog:class+load:file=" + log);

        assertClean(run);
        assertThat(Files.readString(log)).contains("io.smartspec.slo.cli.SloCli source: file:")
                .doesNotContain("(top)");
    }

    @Test
    void runsWithoutAnArchive() throws Exception {
        Path dir = copy(false);

        assertClean(run(dir.resolve("slo")));
    }

    @Test
    void runsPastAStaleArchive() throws Exception {
        // given: the jar is newer than its archive (rebuilt without the archive step)
        Path dir = copy(true);
        Files.setLastModifiedTime(dir.resolve("slo.jsa"), FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Files.setLastModifiedTime(dir.resolve("slo.jar"), FileTime.fromMillis(System.currentTimeMillis()));

        assertClean(run(dir.resolve("slo")));
    }

    @Test
    void runsPastAnArchiveMadeForAnotherJar() throws Exception {
        // given: a newer archive that the JVM rejects: it was made for target/slo.jar, not this copy
        Path dir = copy(true);
        Files.setLastModifiedTime(dir.resolve("slo.jsa"), FileTime.fromMillis(System.currentTimeMillis() + 60_000));

        assertClean(run(dir.resolve("slo")));
    }

    @Test
    void runsPastACorruptArchive() throws Exception {
        Path dir = copy(false);
        byte[] junk = new byte[64 * 1024];
        new Random(42).nextBytes(junk);
        Files.write(dir.resolve("slo.jsa"), junk);

        assertClean(run(dir.resolve("slo")));
    }

    private static void assertClean(Run run) {
        assertThat(run.exit).isZero();
        assertThat(run.out).contains("checkout_latency_p99").contains("3 SLOs");
        assertThat(run.err).as("nothing about the archive").isEmpty();
    }

    private Path copy(boolean withArchive) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("slo-home"));
        Files.copy(TARGET.resolve("slo"), dir.resolve("slo"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(TARGET.resolve("slo.jar"), dir.resolve("slo.jar"));
        if (withArchive) {
            Files.copy(TARGET.resolve("slo.jsa"), dir.resolve("slo.jsa"));
        }
        return dir;
    }

    private record Run(int exit, String out, String err) {
    }

    private Run run(Path launcher) throws IOException, InterruptedException {
        return run(launcher, null);
    }

    private Run run(Path launcher, String javaOpts) throws IOException, InterruptedException {
        // the spec alone (validate would read an observability.yaml beside it)
        Path spec = Files.createDirectories(tmp.resolve("spec")).resolve("spec.md");
        Files.copy(SHOP_SPEC, spec, StandardCopyOption.REPLACE_EXISTING);
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(launcher.toAbsolutePath().toString(), "validate", "--spec", spec.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("SLO_JAVA_OPTS");
        if (javaOpts != null) {
            pb.environment().put("SLO_JAVA_OPTS", javaOpts);
        }
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(launcher + " did not finish");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
