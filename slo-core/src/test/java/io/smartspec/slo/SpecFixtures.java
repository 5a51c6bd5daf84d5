package io.smartspec.slo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Reads the spec.md fixtures of {@code src/test/resources/spec} (see its README for their origin). */
public final class SpecFixtures {

    private SpecFixtures() {
    }

    public static String text(String resource) {
        try (InputStream in = SpecFixtures.class.getResourceAsStream("/spec/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /spec/" + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path path(String resource) {
        return classpath("/spec/" + resource);
    }

    /** A test resource by its absolute classpath name, e.g. {@code /seeds/production-monitor-guide/observability.yaml}. */
    public static Path classpath(String name) {
        try {
            return Path.of(SpecFixtures.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lines joined with {@code \n}: line N of the result is the N-th argument. */
    public static String md(String... lines) {
        return String.join("\n", lines) + "\n";
    }
}
