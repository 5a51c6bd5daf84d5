package io.smartspec.slo.openslo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One spec imported from OpenSLO: the {@code spec.md} (with its NFR table) and {@code observability.yaml}
 * of one Service.
 *
 * @param id                the spec's id: the Service's name, and the directory its files go to
 * @param specMd            the text of spec.md
 * @param observabilityYaml the text of observability.yaml
 * @since 0.1.0
 */
public record ImportedSpec(String id, String specMd, String observabilityYaml) {

    public ImportedSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(specMd, "specMd");
        Objects.requireNonNull(observabilityYaml, "observabilityYaml");
    }

    /**
     * Writes {@code dir/<id>/spec.md} and {@code dir/<id>/observability.yaml}.
     *
     * @return the spec.md written
     * @throws UncheckedIOException when a file cannot be written
     */
    public Path writeTo(Path dir) {
        Path specDir = dir.resolve(id);
        try {
            Files.createDirectories(specDir);
            Path spec = specDir.resolve("spec.md");
            Files.writeString(spec, specMd, StandardCharsets.UTF_8);
            Files.writeString(specDir.resolve("observability.yaml"), observabilityYaml, StandardCharsets.UTF_8);
            return spec;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the spec '" + id + "' under " + dir + ": " + e.getMessage(), e);
        }
    }
}
