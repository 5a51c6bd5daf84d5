package io.smartspec.slo.cli.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpecSelectionTest {

    private static final Set<String> VALUED = Set.of("spec", "config", "spec-id", "specs-dir");

    @TempDir
    Path dir;

    @Test
    void specIdFindsTheSpecAnywhereUnderTheSpecsDirectoryWithItsObservabilityYaml() throws IOException {
        // given
        Path spec = write(dir.resolve("core/spec-core-001-authentication/spec.md"));
        write(dir.resolve("core/spec-core-001-authentication/observability.yaml"));
        write(dir.resolve("other/spec-core-002/spec.md"));

        // when
        SpecSelection selection = SpecSelection.from(Args.parse(
                List.of("--spec-id", "spec-core-001-authentication", "--specs-dir", dir.toString()), VALUED, Set.of()));

        // then
        assertThat(selection.spec()).isEqualTo(spec);
        assertThat(selection.config()).isEqualTo(spec.resolveSibling("observability.yaml"));
    }

    @Test
    void anUnknownSpecIdSaysWhereItLookedAndWhichIdsThereAre() throws IOException {
        assertThatThrownBy(() -> SpecSelection.find("nope", dir))
                .hasMessage("no spec 'nope' under " + dir + ": expected " + dir + "/**/nope/spec.md"
                        + "; there is no spec.md under it");

        write(dir.resolve("shop/checkout/spec.md"));
        write(dir.resolve("shop/payments/spec.md"));
        assertThatThrownBy(() -> SpecSelection.find("chekout", dir))
                .hasMessage("no spec 'chekout' under " + dir + ": expected " + dir + "/**/chekout/spec.md"
                        + "; did you mean 'checkout'?; spec ids there: checkout, payments");
    }

    @Test
    void fileSelectionNeedsBothFilesAndExcludesSpecId() {
        assertThatThrownBy(() -> SpecSelection.from(Args.parse(List.of("--spec", "a.md"), VALUED, Set.of())))
                .hasMessage("missing --config FILE (the observability.yaml for a.md)");
        assertThatThrownBy(() -> SpecSelection.from(Args.parse(List.of("--spec", "a.md", "--spec-id", "x"),
                VALUED, Set.of())))
                .hasMessage("give either --spec/--config or --spec-id, not both");
    }

    private static Path write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "");
    }
}
